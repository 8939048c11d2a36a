// `kernelize doctor`: which external parts build, run, check and lint need are here, and the apt-get command for the rest.
import { readFile } from "node:fs/promises";
import { findKernelSource } from "./checkpatch.js";
import { exec, which } from "./exec.js";
import { findKernelDir, type KernelDir } from "./kbuild.js";
import { findGuestKernel, type GuestKernel } from "./kernel.js";
import { kernelSourcePackage, type Part, type PartId, parts } from "./parts.js";

export interface PartStatus extends Part {
  found: boolean;
  /** Where it was found and its version, or why it counts as missing. */
  detail: string;
  /** Something to know even though it was found (headers and image of different releases). */
  note?: string;
}

export interface DoctorReport {
  parts: PartStatus[];
  /** Missing parts, required or not. */
  missing: PartStatus[];
  /** `apt-get install -y …` for every missing part, or undefined when nothing is missing. */
  installCommand: string | undefined;
  /** True when every required part is here. */
  ok: boolean;
  distribution: Distribution;
}

export interface Distribution {
  id: string;
  /** apt-get and Debian package names work here. */
  debianLike: boolean;
}

/** Checks every part; never throws for a missing one. */
export async function doctor(): Promise<DoctorReport> {
  const distribution = await detectDistribution();
  const statuses = await Promise.all(parts.map((p) => checkPart(p.id)));
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const headers = byId.get("kernel-headers")!;
  const image = byId.get("kernel-image")!;
  const headersRelease = /release (\S+)/.exec(headers.detail)?.[1];
  const imageRelease = /release (\S+)/.exec(image.detail)?.[1];
  if (headers.found && image.found && headersRelease && imageRelease && headersRelease !== imageRelease) {
    image.note = `the headers are for ${headersRelease}: a module built against them will not load in this ${imageRelease} kernel (install linux-image-${headersRelease} or pass --kernel/--kdir)`;
  }
  const result = parts.map((p) => ({ ...byId.get(p.id)!, package: packageFor(p, distribution, headersRelease) }));
  const missing = result.filter((s) => !s.found);
  return {
    parts: result,
    missing,
    installCommand: missing.length > 0 ? `apt-get install -y ${[...new Set(missing.map((m) => m.package))].join(" ")}` : undefined,
    ok: missing.every((m) => !m.required),
    distribution,
  };
}

/**
 * Ubuntu names the kernel metapackages after its flavour rather than the architecture; the kernel
 * source that holds checkpatch.pl is the headers' series (linux-source-6.1 for 6.1.0-56-amd64).
 */
function packageFor(part: Part, distribution: Distribution, headersRelease: string | undefined): string {
  if (part.id === "checkpatch") return kernelSourcePackage(headersRelease, distribution.id);
  if (distribution.id === "ubuntu" && part.id === "kernel-headers") return "linux-headers-generic";
  if (distribution.id === "ubuntu" && part.id === "kernel-image") return "linux-image-generic";
  return part.package;
}

async function detectDistribution(): Promise<Distribution> {
  const text = await readFile("/etc/os-release", "utf8").catch(() => "");
  const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, "m").exec(text)?.[1] ?? "";
  const id = field("ID");
  const like = field("ID_LIKE").split(/\s+/);
  return { id, debianLike: id === "debian" || id === "ubuntu" || like.includes("debian") || like.includes("ubuntu") };
}

async function checkPart(id: PartId): Promise<PartStatus> {
  const part = parts.find((p) => p.id === id)!;
  const found = (detail: string): PartStatus => ({ ...part, found: true, detail });
  const missing = (detail: string): PartStatus => ({ ...part, found: false, detail });
  const tool = async (command: string, versionArgs: string[] = ["--version"]) => {
    const path = await which(command);
    if (!path) return missing(`${command} not found on PATH`);
    const version = await exec(path, versionArgs, { timeoutMs: 5000 }).catch(() => undefined);
    const first = (version?.stdout || version?.stderr || "").split("\n")[0]?.trim();
    return found(first ? `${path} (${first})` : path);
  };
  switch (id) {
    case "gcc":
      return tool("gcc");
    case "make":
      return tool("make");
    case "cpio":
      return tool("cpio");
    case "xz":
      return tool("xz");
    case "valgrind":
      return tool("valgrind");
    case "binutils":
      return tool("addr2line");
    case "sparse":
      return tool("sparse");
    case "perl": {
      const perl = await which("perl");
      if (!perl) return missing("perl not found on PATH");
      // Debian's perl-base alone cannot load these two, and checkpatch.pl loads both first.
      const r = await exec(perl, ["-MTerm::ANSIColor", "-MEncode", "-e", "print $^V"], { timeoutMs: 5000 }).catch(() => undefined);
      if (r?.code !== 0) return missing(`${perl} cannot load Term::ANSIColor and Encode (perl-base without perl)`);
      return found(`${perl} (${r.stdout.trim()})`);
    }
    case "checkpatch": {
      const release = await findKernelDir().then((d) => d.release, () => undefined);
      const tarball = await findKernelSource(release);
      if (!tarball) return missing("no /usr/src/linux-source-*.tar.xz (the kernel source; checkpatch.pl is in its scripts/)");
      const series = release ? /^\d+\.\d+/.exec(release)?.[0] : undefined;
      if (series && !tarball.series.startsWith(series)) {
        return found(`${tarball.path} (scripts/checkpatch.pl; the headers are ${release}, so linux-source-${series} would match them)`);
      }
      return found(`${tarball.path} (scripts/checkpatch.pl)`);
    }
    case "kmod":
      return tool("modinfo", ["--version"]);
    case "qemu":
      return tool("qemu-system-x86_64");
    case "libc-static": {
      const gcc = await which("gcc");
      if (!gcc) return missing("needs gcc to locate it");
      const r = await exec(gcc, ["-print-file-name=libc.a"], { timeoutMs: 5000 });
      const path = r.stdout.trim();
      return path.startsWith("/") ? found(path) : missing("gcc finds no libc.a");
    }
    case "kernel-headers": {
      let dir: KernelDir;
      try {
        dir = await findKernelDir();
      } catch (e) {
        return missing((e as Error).message.replace(/: install .*$/, ""));
      }
      return found(`${dir.path}${dir.release ? ` (release ${dir.release})` : ""}`);
    }
    case "kernel-image": {
      let release: string | undefined;
      try {
        release = (await findKernelDir()).release;
      } catch {
        // no headers: any image will do for the report
      }
      let kernel: GuestKernel;
      try {
        kernel = await findGuestKernel(undefined, release ? { release } : {});
      } catch (e) {
        return missing((e as Error).message.replace(/: install .*$/, ""));
      }
      return found(`${kernel.path}${kernel.release ? ` (release ${kernel.release})` : ""}`);
    }
  }
}

export interface InstallResult {
  ok: boolean;
  /** The commands run, as a user would type them. */
  commands: string[];
  /** Why nothing was run (not root, not Debian/Ubuntu) or what failed. */
  message?: string;
  report: DoctorReport;
}

/**
 * Installs the missing parts with apt-get (update, then install), when running as root on
 * Debian or Ubuntu; otherwise says what to run. Returns the report after installing.
 */
export async function install(options: { onOutput?: (chunk: string) => void } = {}): Promise<InstallResult> {
  const before = await doctor();
  if (!before.installCommand) return { ok: true, commands: [], report: before };
  if (!before.distribution.debianLike) {
    return { ok: false, commands: [], message: `not Debian or Ubuntu (ID=${before.distribution.id || "unknown"}): install the parts with your package manager`, report: before };
  }
  if (process.getuid?.() !== 0) {
    return { ok: false, commands: [], message: `installing needs root: sudo ${before.installCommand}`, report: before };
  }
  const aptGet = await which("apt-get");
  if (!aptGet) return { ok: false, commands: [], message: "apt-get is not on PATH", report: before };
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const packages = before.installCommand.replace(/^apt-get install -y /, "").split(" ");
  const commands = ["apt-get update", before.installCommand];
  const stream = options.onOutput ? { onOutput: (chunk: string) => options.onOutput!(chunk) } : {};
  const update = await exec(aptGet, ["update"], { env, ...stream });
  if (update.code !== 0) return { ok: false, commands: commands.slice(0, 1), message: `apt-get update failed (exit ${update.code})`, report: before };
  const installed = await exec(aptGet, ["install", "-y", ...packages], { env, ...stream });
  const after = await doctor();
  return { ok: installed.code === 0 && after.ok, commands, report: after };
}
