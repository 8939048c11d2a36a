// The external parts build, run, check and lint need, the Debian packages that provide them, and the errors that name them.

export type PartId =
  | "gcc"
  | "make"
  | "libc-static"
  | "kernel-headers"
  | "kernel-image"
  | "qemu"
  | "cpio"
  | "kmod"
  | "xz"
  | "valgrind"
  | "binutils"
  | "perl"
  | "checkpatch"
  | "sparse";

export interface Part {
  id: PartId;
  /** What a user calls it. */
  label: string;
  /** The Debian/Ubuntu package that provides it. */
  package: string;
  /** What kernelize uses it for. */
  usedFor: string;
  /** False for parts kernelize can work without (it says what is lost). */
  required: boolean;
}

export const parts: readonly Part[] = [
  { id: "gcc", label: "gcc", package: "gcc", usedFor: "compiles the module (Kbuild) and the guest's loader", required: true },
  { id: "make", label: "make", package: "make", usedFor: "runs Kbuild", required: true },
  { id: "libc-static", label: "static libc", package: "libc6-dev", usedFor: "links the guest's one-syscall loader statically", required: true },
  { id: "kernel-headers", label: "kernel headers", package: "linux-headers-amd64", usedFor: "the Kbuild tree the module is built against", required: true },
  { id: "kernel-image", label: "kernel image", package: "linux-image-amd64", usedFor: "the kernel booted in QEMU", required: true },
  { id: "qemu", label: "qemu-system-x86", package: "qemu-system-x86", usedFor: "the virtual machine the module runs in", required: true },
  { id: "cpio", label: "cpio", package: "cpio", usedFor: "packs the guest's initramfs", required: true },
  { id: "kmod", label: "kmod", package: "kmod", usedFor: "modinfo/insmod/rmmod, for loading a built module on a real machine (run does not need it)", required: false },
  { id: "xz", label: "xz-utils", package: "xz-utils", usedFor: "unpacks the kernel image once, so the guest boots without decompressing itself (about 2x faster)", required: false },
  { id: "valgrind", label: "valgrind", package: "valgrind", usedFor: "finds the program's own leaks (check)", required: false },
  { id: "binutils", label: "binutils (nm, addr2line)", package: "binutils", usedFor: "nm lists the symbols a compiled module needs, as modpost would (port's compile check); addr2line names the line of each allocation the program makes (check)", required: true },
  // perl-base alone lacks Term::ANSIColor (perl-modules) and Encode (libperl), which checkpatch.pl loads first.
  { id: "perl", label: "perl", package: "perl", usedFor: "runs checkpatch.pl (lint)", required: false },
  // The package follows the headers' series (6.1 -> linux-source-6.1): doctor and lint name the right one.
  { id: "checkpatch", label: "checkpatch.pl", package: "linux-source", usedFor: "the kernel's style checker, taken once from the kernel source tarball (lint)", required: false },
  { id: "sparse", label: "sparse", package: "sparse", usedFor: "the kernel's semantic checker, run by Kbuild with C=2 (lint)", required: false },
];

export function part(id: PartId): Part {
  return parts.find((p) => p.id === id)!;
}

/** The command that installs the packages for these parts, as a user would type it. */
export function installCommand(ids: readonly PartId[]): string {
  const packages = [...new Set(ids.map((id) => part(id).package))];
  return `apt-get install -y ${packages.join(" ")}`;
}

/**
 * The Debian or Ubuntu package with the kernel source tarball of the series these headers belong to:
 * Debian names it after major.minor (6.1.0-56-amd64 -> linux-source-6.1), Ubuntu after the upstream
 * version (6.8.0-45-generic -> linux-source-6.8.0). Without a release, the distribution's metapackage.
 */
export function kernelSourcePackage(release: string | undefined, distributionId = "debian"): string {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(release ?? "");
  if (!m) return "linux-source";
  return distributionId === "ubuntu" ? `linux-source-${m[1]}.${m[2]}.${m[3] ?? "0"}` : `linux-source-${m[1]}.${m[2]}`;
}

/** Something kernelize needs is not installed: the message names the package that provides it. */
export class MissingPartError extends Error {
  readonly part: Part;
  /** `packageName` overrides the part's usual package (a series-specific linux-source-X.Y). */
  constructor(id: PartId, detail: string, packageName?: string) {
    const p = packageName === undefined ? part(id) : { ...part(id), package: packageName };
    super(`${detail}: install ${p.package} (apt-get install -y ${p.package}), or run \`kernelize doctor --install\``);
    this.name = "MissingPartError";
    this.part = p;
  }
}

/** A path or value the caller gave cannot be used (the CLI turns this into a usage error). */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyInputError";
  }
}
