// The module's fault-injection test build: counted, failable allocations and a live-allocation ledger, the port's text untouched.
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, exists, fileIdentity, writeAtomically } from "./cache.js";
import { type BuildResult, buildModule } from "./kbuild.js";
import { guestSource } from "./guest-source.js";

/** The allocators the port produces; each goes through a counter in the test build. */
export const COUNTED_ALLOCATORS = ["kmalloc", "kzalloc", "kcalloc", "kmalloc_array", "krealloc", "krealloc_array", "kstrdup", "kstrndup", "kmemdup", "kvmalloc", "kvzalloc", "kvcalloc", "kvmalloc_array"] as const;

/** Prefix of the lines the test build logs at KERN_DEBUG (never on the quiet console, always in the log). */
export const FAULT_PREFIX = "KZ-FAULT:";

/**
 * Included before the port's own first line (`CFLAGS_NAME_port.o += -include`), so the port's text and its
 * line numbers stay exactly what users get. The real headers come first, then the allocators become
 * macros that pass __FILE__ and __LINE__ to the counted versions; the headers' include guards keep
 * the port's own #includes from undoing that. module_init and module_exit are redefined so the
 * ledger of live allocations is printed after init fails and after exit returns: whatever is still
 * live then has leaked. The wrappers' own file defines KZ_FAULT_IMPL and sees the real functions.
 */
export const faultHeader = (): string => guestSource("kz_fault.h");

/**
 * The counted allocators. A ledger of live allocations (pointer and call site) in a fixed table,
 * rather than the kernel's kmem tracepoints: it sees exactly the port's own calls (not the module
 * loader's or the printk machinery's), it names the port's line for every leak, and it needs nothing
 * from the guest kernel's configuration. kz_fail_at=k fails the k-th of the program's allocations
 * (0: none); the port's own sites (kz_port_first/kz_port_last) are counted apart, and
 * kz_fail_port_site=s fails the first call at the s-th of them.
 */
export const faultSource = (): string => guestSource("kz_fault.c");

/** The test build's source of the port: the user's module text, compiled under another file name. */
export function testBuildFiles(name: string, moduleText: string | readonly PortFile[], ccflags: readonly string[] = []): Record<string, string> {
  if (typeof moduleText !== "string") return programTestBuildFiles(name, moduleText, ccflags);
  return {
    Kbuild: [
      `# kernelize check: ${name}.ko built from the port with counted allocations (kz_fault.c).`,
      `obj-m += ${name}.o`,
      `${name}-y := ${name}_port.o kz_fault.o`,
      // Only the port gets the hooks; kz_fault.c itself calls the real allocators.
      `CFLAGS_${name}_port.o += -include $(src)/kz_port.h`,
      "",
    ].join("\n"),
    [`${name}_port.c`]: moduleText,
    "kz_port.h": portPrelude(moduleText),
    "kz_fault.h": faultHeader(),
    "kz_fault.c": faultSource(),
  };
}

/** One file of a module of several objects: its path in the module's directory and its text. */
export interface PortFile {
  path: string;
  text: string;
}

/**
 * The test build of a module of several objects: each object keeps its name and gets the hooks
 * (every file's allocations are counted, in one sequence, as the program's are); the headers sit
 * beside them. The port's own allocation sites are not told apart here (kz_port_site() knows
 * NAME_port.c only): such a port's counts differ from the program's, which check reports.
 */
function programTestBuildFiles(name: string, files: readonly PortFile[], ccflags: readonly string[]): Record<string, string> {
  const objects = files.filter((f) => f.path.endsWith(".c")).map((f) => f.path.replace(/\.c$/, ".o"));
  const prelude = portPrelude(files.map((f) => f.text).join("\n"));
  return {
    Kbuild: [
      `# kernelize check: ${name}.ko built from the port's ${objects.length} objects with counted allocations (kz_fault.c).`,
      `obj-m += ${name}.o`,
      `${name}-y := ${objects.join(" ")} kz_fault.o`,
      // The program's own -D and -U (the module Makefile's ccflags-y) go to its objects only: kz_fault.o is the same for every port.
      ...objects.map((o) => `CFLAGS_${basename(o)} += -include $(src)/kz_port.h${ccflags.map((f) => ` ${f}`).join("")}`),
      "",
    ].join("\n"),
    ...Object.fromEntries(files.map((f) => [f.path, f.text])),
    "kz_port.h": prelude,
    "kz_fault.h": faultHeader(),
    "kz_fault.c": faultSource(),
  };
}

/**
 * What the port's test build includes before the port: the hooks, and first the port's own
 * `pr_fmt()` where it defines one (the kernel style does, before any #include). The hooks include
 * kernel headers, which define a default pr_fmt(); the port's definition after that would be a
 * redefinition warning the real build never gives, while the same definition twice is no warning.
 */
export function portPrelude(moduleText: string): string {
  const prFmt = /^#define pr_fmt\(fmt\)[^\n]*$/m.exec(moduleText)?.[0];
  return `/* kz_port.h: included before the port in its test build. */\n${prFmt ? `${prFmt}\n` : ""}#include "kz_fault.h"\n`;
}

/**
 * Writes the test build into `dir` and builds it; the module keeps the port's name, so its log reads
 * the same. kz_fault.c is the same for every port, so its object is kept in the cache once built
 * against a kernel tree, and later builds link it instead of compiling it again (one compiler run
 * less, which check waits for). Kbuild then finds kz_fault.o with no source to rebuild it from; an
 * empty .kz_fault.o.cmd stands for its command file, where modpost looks for exported symbols'
 * CRCs (it exports none). A build with the kept object that fails anywhere but in the port is
 * built again from source.
 */
export async function buildFaultModule(options: { kdir: string; name: string; moduleText: string | readonly PortFile[]; dir: string; cacheDir?: string; ccflags?: readonly string[] }): Promise<BuildResult> {
  await mkdir(options.dir, { recursive: true });
  const files = testBuildFiles(options.name, options.moduleText, options.ccflags);
  for (const file of Object.keys(files)) if (file.includes("/")) await mkdir(dirname(join(options.dir, file)), { recursive: true });
  const portFiles = new Set(typeof options.moduleText === "string" ? [`${options.name}_port.c`] : options.moduleText.map((f) => basename(f.path)));
  const kept = await faultObjectPath(options.kdir, options.name, options.cacheDir);
  const object = join(options.dir, "kz_fault.o");
  if (kept && (await exists(kept))) {
    for (const [file, text] of Object.entries(files)) if (file !== "kz_fault.c") await writeFile(join(options.dir, file), text);
    await copyFile(kept, object);
    await writeFile(join(options.dir, ".kz_fault.o.cmd"), "");
    const build = await buildModule({ kdir: options.kdir, dir: options.dir });
    if (build.ok || build.errors.some((e) => e.file !== undefined && portFiles.has(basename(e.file)))) return build;
    await rm(object, { force: true });
    await rm(join(options.dir, ".kz_fault.o.cmd"), { force: true });
  }
  for (const [file, text] of Object.entries(files)) await writeFile(join(options.dir, file), text);
  const build = await buildModule({ kdir: options.kdir, dir: options.dir });
  if (build.ok && kept) await writeAtomically(kept, await readFile(object)).catch(() => undefined);
  return build;
}

/**
 * Where kz_fault.o built against this kernel tree is kept: keyed by the tree's configuration and
 * Makefile, the hooks' sources and the module's name (compiled in as KBUILD_MODNAME).
 */
async function faultObjectPath(kdir: string, name: string, cacheDirectory: string | undefined): Promise<string | undefined> {
  try {
    const key = cacheKey("kz_fault", faultHeader(), faultSource(), name, await fileIdentity(join(kdir, "Makefile")), await fileIdentity(join(kdir, "include", "config", "auto.conf")));
    return join(cacheDirectory ?? defaultCacheDir(), "kz-fault", `kz_fault-${key}.o`);
  } catch {
    return undefined; // a tree without them: always build from source
  }
}

export interface ModuleAllocation {
  index: number;
  fn: string;
  /** `NAME_port.c:17`: the port's line (the same line as in the module users get). */
  file: string;
  line: number;
  failed: boolean;
}

/** A call at one of the allocation sites only the port has (kz_port_first/kz_port_last). */
export interface PortAllocation extends ModuleAllocation {
  /** Which of those sites, 1-based in the order they were given. */
  site: number;
}

export interface FaultLog {
  /** The allocations the program makes too, numbered as the program's are. */
  allocations: ModuleAllocation[];
  /** The allocations only the port makes, numbered apart. */
  portAllocations: PortAllocation[];
  /** Allocations still live when init failed or exit returned (`port`: one of the port's own). */
  live: { index: number; file: string; line: number; port?: boolean }[];
  /** The report line was seen (absent when init succeeded and exit never ran, or the module died). */
  reported: boolean;
  ledgerFull: boolean;
}

/** Reads the KZ-FAULT lines out of a module's log (their text, without level). */
export function parseFaultLog(lines: readonly string[]): FaultLog {
  const out: FaultLog = { allocations: [], portAllocations: [], live: [], reported: false, ledgerFull: false };
  for (const text of lines) {
    if (!text.startsWith(FAULT_PREFIX)) continue;
    const alloc = /alloc n=(\d+) fn=(\w+) site=(.+):(\d+) fail=([01])$/.exec(text);
    if (alloc) {
      out.allocations.push({ index: Number(alloc[1]), fn: alloc[2]!, file: alloc[3]!.replace(/^.*\//, ""), line: Number(alloc[4]), failed: alloc[5] === "1" });
      continue;
    }
    const own = /alloc port=(\d+) at=(\d+) fn=(\w+) site=(.+):(\d+) fail=([01])$/.exec(text);
    if (own) {
      out.portAllocations.push({ index: Number(own[1]), site: Number(own[2]), fn: own[3]!, file: own[4]!.replace(/^.*\//, ""), line: Number(own[5]), failed: own[6] === "1" });
      continue;
    }
    const live = /live (n|port)=(\d+) site=(.+):(\d+)$/.exec(text);
    if (live) out.live.push({ index: Number(live[2]), file: live[3]!.replace(/^.*\//, ""), line: Number(live[4]), ...(live[1] === "port" ? { port: true } : {}) });
    else if (/ report /.test(text)) out.reported = true;
    else if (/ledger-full/.test(text)) out.ledgerFull = true;
  }
  return out;
}
