// Building a module with the kernel's own build system (Kbuild) and turning its output into structured diagnostics.
import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { release as hostRelease } from "node:os";
import { basename, join, resolve } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, fileIdentity, writeAtomically } from "./cache.js";
import { exec, which } from "./exec.js";
import type { OriginalPosition } from "./line-map.js";
import { MissingPartError, VerifyInputError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";
import { fileErrorReason } from "./files.js";
import { kbuildMakefile } from "../emit/makefile.js";
import { compareVersions } from "../core/target.js";

export interface KernelDir {
  /** The Kbuild tree: `make -C` this. */
  path: string;
  /** The release its modules are built for (`UTS_RELEASE`, the first word of their vermagic). */
  release: string | undefined;
  /** How it was chosen. */
  source: "explicit" | "running-kernel" | "installed-headers";
}

/**
 * The kernel tree to build against: `explicit` (`--kdir`), else the running kernel's
 * `/lib/modules/$(uname -r)/build`, else the newest installed headers (`/usr/src/linux-headers-*`,
 * skipping Debian's `-common` half, which has no configuration of its own). With `release` (the
 * guest kernel's), installed headers of exactly that release come before the running kernel's.
 */
export async function findKernelDir(explicit?: string, options: { release?: string; series?: string } = {}): Promise<KernelDir> {
  if (explicit !== undefined) {
    const path = resolve(explicit);
    if (!(await isKbuildTree(path))) {
      throw new VerifyInputError(`--kdir ${explicit}: not a kernel build tree (no Makefile there)`);
    }
    return { path, release: await kernelDirRelease(path), source: "explicit" };
  }
  const running = `/lib/modules/${hostRelease()}/build`;
  // With a series (--kernel 6.1), only headers of that series will do.
  const inSeries = (release: string | undefined) => options.series === undefined || (release !== undefined && (release === options.series || release.startsWith(`${options.series}.`)));
  const runningOk = (await isKbuildTree(running)) && inSeries(hostRelease());
  if (runningOk && (options.release === undefined || options.release === hostRelease())) {
    return { path: running, release: await kernelDirRelease(running), source: "running-kernel" };
  }

  const candidates: string[] = [];
  for (const entry of await readdir("/usr/src").catch(() => [] as string[])) {
    if (entry.startsWith("linux-headers-") && !entry.endsWith("-common")) candidates.push(join("/usr/src", entry));
  }
  for (const entry of await readdir("/lib/modules").catch(() => [] as string[])) candidates.push(join("/lib/modules", entry, "build"));
  const usable: Array<{ path: string; release: string | undefined }> = [];
  for (const c of candidates) {
    if (!(await isKbuildTree(c))) continue;
    // Only trees configured for this machine's architecture build modules a guest of it can load.
    const arch = await readFile(join(c, "include", "generated", "autoconf.h"), "utf8").catch(() => "");
    if (process.arch === "x64" && arch && !arch.includes("#define CONFIG_X86_64 1")) continue;
    const release = await kernelDirRelease(c);
    if (inSeries(release)) usable.push({ path: c, release });
  }
  usable.sort((a, b) => compareVersions(b.release ?? basename(b.path), a.release ?? basename(a.path)));
  const exact = usable.find((u) => options.release !== undefined && u.release === options.release);
  if (exact) return { ...exact, source: "installed-headers" };
  if (runningOk) return { path: running, release: await kernelDirRelease(running), source: "running-kernel" };
  const newest = usable[0];
  if (!newest && options.series !== undefined) {
    throw new MissingPartError("kernel-headers", `no kernel headers for ${options.series}: /usr/src has no linux-headers-${options.series}.* tree`, `linux-headers-${options.series}.<N>-<arch>`);
  }
  if (!newest) {
    throw new MissingPartError(
      "kernel-headers",
      `no kernel headers: /lib/modules/${hostRelease()}/build is missing and /usr/src has no linux-headers-* tree`,
    );
  }
  return { ...newest, source: "installed-headers" };
}

async function isKbuildTree(path: string): Promise<boolean> {
  return stat(join(path, "Makefile")).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** `UTS_RELEASE` of a configured tree (Debian's include/config/kernel.release holds the upstream version instead). */
export async function kernelDirRelease(path: string): Promise<string | undefined> {
  const uts = await readFile(join(path, "include", "generated", "utsrelease.h"), "utf8").catch(() => "");
  const m = /UTS_RELEASE\s+"([^"]+)"/.exec(uts);
  if (m) return m[1];
  const release = await readFile(join(path, "include", "config", "kernel.release"), "utf8").catch(() => "");
  return release.trim() || undefined;
}

// Moved to core/target.ts (target-flags.ts needs it, and `port` should not load this module); kept here for verify's callers.
export { compareVersions };

export type CompilerSeverity = "error" | "warning";

/** One problem reported by the compiler, modpost or make, with its place in the module and in the user's program. */
export interface CompilerDiagnostic {
  severity: CompilerSeverity;
  message: string;
  /** The tool that reported it. */
  tool: "gcc" | "modpost" | "make" | "ld";
  /** The warning option that enabled it (`-Wunused-variable`, `-Werror=implicit-function-declaration`). */
  flag?: string;
  /** The file as gcc printed it, and the position in it. */
  file?: string;
  line?: number;
  column?: number;
  /** The enclosing function, from gcc's `In function 'x':` line. */
  function?: string;
  /** gcc's source excerpt and caret lines. */
  frame: string[];
  /** gcc's `note:` lines that belong to this diagnostic. */
  notes: string[];
  /** Where this is in the user's own program, when the module was ported and the map knows. */
  original?: OriginalPosition & { file: string };
}

export interface BuildModuleOptions {
  /** Kbuild tree (`findKernelDir()`'s path). */
  kdir: string;
  /** A directory with the module's sources and a Kbuild file or Makefile; built in place. */
  dir?: string;
  /** Or the module's source text, written as NAME.c beside a Makefile, as `port` writes them. */
  source?: string;
  name?: string;
  /**
   * The Makefile written beside NAME.c (default: the minimal style's, `kbuildMakefile(name)`);
   * null leaves the one already there, which the caller has found to build NAME.o.
   */
  makefile?: string | null;
  /** Where to write `source` (default: a new temporary directory). */
  into?: string;
  /** Extra arguments for make (`W=1`, `V=1`, `-j4`). */
  makeArgs?: readonly string[];
  /** Maps a line of the module (NAME.c) to the user's line. */
  mapLine?: (line: number) => number | undefined;
  /** Finer than mapLine: maps a module line and gcc column to the user's position. */
  mapPosition?: (line: number, column: number) => OriginalPosition | undefined;
  /** The user's file name, shown for mapped positions (default: the module file's name). */
  originalFile?: string;
  timeoutMs?: number;
  /** Each chunk of make's output as it arrives (for `V=1` watchers). */
  onOutput?: (chunk: string) => void;
}

export interface BuildResult {
  /** make succeeded and no error was reported. */
  ok: boolean;
  warnings: CompilerDiagnostic[];
  errors: CompilerDiagnostic[];
  /** make's whole output, stdout and stderr interleaved. */
  log: string;
  /** The first module Kbuild produced (modules.order), when the build succeeded. */
  koPath: string | undefined;
  /** Every module built, in Kbuild's order. */
  koPaths: string[];
  /** The directory Kbuild ran in (M=). */
  dir: string;
  kdir: string;
  exitCode: number | null;
  durationMs: number;
}

/** `make -C KDIR M=DIR modules`, then the output parsed into errors and warnings. */
export async function buildModule(options: BuildModuleOptions): Promise<BuildResult> {
  const makePath = await which("make");
  if (!makePath) throw new MissingPartError("make", "make is not installed");
  if (!(await which("gcc"))) throw new MissingPartError("gcc", "gcc is not installed");
  const dir = await prepareBuildDir(options);
  const moduleFile = options.name ? `${options.name}.c` : undefined;
  const started = performance.now();
  const result = await exec(makePath, ["-C", options.kdir, `M=${dir}`, ...(options.makeArgs ?? []), "modules"], {
    cwd: dir,
    // The C locale gives plain ASCII quotes in gcc's messages, which parse and print everywhere.
    env: { ...process.env, LC_ALL: "C", LANG: "C", LANGUAGE: "" },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onOutput ? { onOutput: (chunk: string) => options.onOutput!(chunk) } : {}),
  });
  const durationMs = performance.now() - started;
  const diagnostics = parseBuildLog(result.output);
  if (options.mapLine || options.mapPosition) mapDiagnostics(diagnostics, dir, moduleFile, options);
  const errors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  const ok = result.code === 0 && errors.length === 0;
  if (!ok && errors.length === 0) {
    // make failed without a message we understand: keep its last lines rather than a bare "failed".
    const tail = result.output.trimEnd().split("\n").slice(-5).join("\n");
    errors.push({
      severity: "error",
      tool: "make",
      message: result.timedOut ? `make did not finish within ${options.timeoutMs} ms` : `make exited with ${result.code ?? result.signal}: ${tail}`,
      frame: [],
      notes: [],
    });
  }
  const koPaths = ok ? await modulesBuilt(dir) : [];
  return { ok, warnings, errors, log: result.output, koPath: koPaths[0], koPaths, dir, kdir: options.kdir, exitCode: result.code, durationMs };
}

async function prepareBuildDir(options: BuildModuleOptions): Promise<string> {
  if (options.dir !== undefined) {
    const dir = resolve(options.dir);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new VerifyInputError(`${options.dir}: not a directory`);
    const kbuild = await readFile(join(dir, "Kbuild"), "utf8").catch(() => readFile(join(dir, "Makefile"), "utf8").catch(() => ""));
    if (!/\bobj-m\b/.test(kbuild)) throw new VerifyInputError(`${options.dir}: no Kbuild file or Makefile with obj-m`);
    return dir;
  }
  if (options.source === undefined || options.name === undefined) throw new TypeError("buildModule: give dir, or source and name");
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(options.name)) throw new VerifyInputError(`module name ${options.name}: letters, digits, _ and - only`);
  const dir = options.into !== undefined ? resolve(options.into) : await temporaryDirectory("kernelize-build-");
  // The same two files `port -o` writes: Kbuild reads the Makefile's obj-m line, a person runs its targets.
  const makefile = options.makefile === undefined ? kbuildMakefile(options.name) : options.makefile;
  const files: Array<[string, string]> = [[`${options.name}.c`, options.source]];
  if (makefile !== null) files.push(["Makefile", makefile]);
  for (const [file, text] of files) {
    // Whole or not at all, and over a link rather than through it: -o DIR may be full or read-only.
    try {
      await writeAtomically(join(dir, file), text);
    } catch (e) {
      const reason = fileErrorReason(e);
      if (reason === undefined) throw e;
      throw new VerifyInputError(`${join(options.into ?? dir, file)}: cannot write: ${reason}`);
    }
  }
  return dir;
}

/** The .ko files of the last build, from Kbuild's own list (modules.order names .o or .ko by kernel version). */
async function modulesBuilt(dir: string): Promise<string[]> {
  const order = await readFile(join(dir, "modules.order"), "utf8").catch(() => "");
  const kos: string[] = [];
  for (const line of order.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const ko = resolve(dir, line.replace(/^kernel\//, "").replace(/\.o$/, ".ko"));
    if (await stat(ko).then(() => true, () => false)) kos.push(ko);
  }
  return kos;
}

const GCC_LINE = /^(.+?):(\d+):(?:(\d+):)? (warning|error|fatal error|note): (.*)$/;
const FUNCTION_LINE = /^(.+?): In function '(.+)':$/;
const MODPOST_LINE = /^(ERROR|WARNING): modpost: (.*)$/;
const LD_LINE = /^(?:\S*ld(?:\.bfd)?|ld): (.*)$/;

/** Parses gcc's `file:line:col: severity: message [-Wflag]` lines, their frames and notes, and modpost's reports. */
export function parseBuildLog(log: string): CompilerDiagnostic[] {
  const out: CompilerDiagnostic[] = [];
  let current: CompilerDiagnostic | undefined;
  let fn: { file: string; name: string } | undefined;
  for (const raw of log.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const f = FUNCTION_LINE.exec(line);
    if (f) {
      fn = { file: f[1]!, name: f[2]! };
      current = undefined;
      continue;
    }
    const g = GCC_LINE.exec(line);
    if (g) {
      const [, file, lineNo, col, severity, text] = g;
      if (severity === "note") {
        if (current) current.notes.push(line);
        continue;
      }
      const flagMatch = /\s\[(-W[^\]]+)\]$/.exec(text!);
      const flag = flagMatch?.[1];
      const message = flagMatch ? text!.slice(0, flagMatch.index) : text!;
      current = {
        severity: severity === "warning" && !flag?.startsWith("-Werror") ? "warning" : "error",
        message,
        tool: "gcc",
        ...(flag ? { flag } : {}),
        file: file!,
        line: Number(lineNo),
        ...(col ? { column: Number(col) } : {}),
        ...(fn && fn.file === file ? { function: fn.name } : {}),
        frame: [],
        notes: [],
      };
      out.push(current);
      continue;
    }
    if (current && /^\s+(\d+\s+)?\|/.test(line)) {
      current.frame.push(line);
      continue;
    }
    const m = MODPOST_LINE.exec(line);
    if (m) {
      out.push({ severity: m[1] === "ERROR" ? "error" : "warning", message: m[2]!, tool: "modpost", frame: [], notes: [] });
      current = undefined;
      continue;
    }
    const l = LD_LINE.exec(line);
    if (l && !line.startsWith("make")) {
      out.push({ severity: /warning:/.test(l[1]!) ? "warning" : "error", message: l[1]!, tool: "ld", frame: [], notes: [] });
      current = undefined;
      continue;
    }
    // Kbuild's "  CC [M]  x.o" progress lines end a diagnostic's frame.
    if (!/^\s+\|/.test(line)) current = undefined;
  }
  return out;
}

function mapDiagnostics(diagnostics: CompilerDiagnostic[], dir: string, moduleFile: string | undefined, options: BuildModuleOptions): void {
  for (const d of diagnostics) {
    if (!d.file || d.line === undefined) continue;
    const file = resolve(dir, d.file);
    // Only the module's own source came from the user's program; kernel headers have no original.
    if (moduleFile ? file !== resolve(dir, moduleFile) : !file.startsWith(`${dir}/`)) continue;
    let original: OriginalPosition | undefined;
    if (options.mapPosition) original = options.mapPosition(d.line, d.column ?? 1);
    else {
      const line = options.mapLine!(d.line);
      if (line !== undefined) original = { line, column: d.column ?? 1, generated: false };
    }
    if (original) d.original = { ...original, file: options.originalFile ?? basename(file) };
  }
}

export interface ModuleInfo {
  /** The name the kernel knows the module by (`name=`; Kbuild turns - into _). */
  name: string | undefined;
  /** `6.1.0-56-amd64 SMP preempt mod_unload modversions`: the first word is the kernel release. */
  vermagic: string | undefined;
  license: string | undefined;
  /** Declared parameters: `name:description` as modinfo shows them (`parm=`), and their types (`parmtype=`). */
  parameters: Array<{ name: string; type?: string; description?: string }>;
}

/** Reads a .ko's `.modinfo` section (NUL-separated `key=value` strings), as modinfo(8) does. */
export async function readModinfo(koPath: string): Promise<ModuleInfo> {
  const elf = await readFile(koPath);
  const info: ModuleInfo = { name: undefined, vermagic: undefined, license: undefined, parameters: [] };
  if (elf.length < 64 || elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return info;
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const shstrndx = elf.readUInt16LE(0x3e);
  const section = (i: number) => {
    const at = shoff + i * shentsize;
    return { name: elf.readUInt32LE(at), offset: Number(elf.readBigUInt64LE(at + 0x18)), size: Number(elf.readBigUInt64LE(at + 0x20)) };
  };
  if (shoff === 0 || shstrndx >= shnum) return info;
  const names = section(shstrndx);
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    const nameEnd = elf.indexOf(0, names.offset + s.name);
    if (elf.toString("latin1", names.offset + s.name, nameEnd) !== ".modinfo") continue;
    const params = new Map<string, { name: string; type?: string; description?: string }>();
    for (const entry of elf.toString("utf8", s.offset, s.offset + s.size).split("\0")) {
      const eq = entry.indexOf("=");
      if (eq < 0) continue;
      const key = entry.slice(0, eq);
      const value = entry.slice(eq + 1);
      if (key === "name") info.name = value;
      else if (key === "vermagic") info.vermagic = value;
      else if (key === "license") info.license = value;
      else if (key === "parm" || key === "parmtype") {
        const colon = value.indexOf(":");
        const pname = colon < 0 ? value : value.slice(0, colon);
        const p = params.get(pname) ?? { name: pname };
        if (key === "parm") p.description = value.slice(colon + 1);
        else p.type = value.slice(colon + 1);
        params.set(pname, p);
      }
    }
    info.parameters = [...params.values()];
  }
  return info;
}

// ---------------------------------------------------------------------------------------------
// Compiling one module source the way Kbuild does, without make: the check `port` makes before it
// says a port is done

/**
 * Kbuild's own compiler command for a module object in this tree, with the file and names as
 * placeholders (@FILE@, @DIR@, @NAME@): read once from `make V=1` on a one-line probe module and
 * kept in the cache, keyed by the tree's Makefile and configuration and by the compiler.
 */
async function compileTemplate(kdir: string, cacheDirectory: string): Promise<string> {
  const gcc = await which("gcc");
  const makePath = await which("make");
  if (!makePath) throw new MissingPartError("make", "make is not installed");
  if (!gcc) throw new MissingPartError("gcc", "gcc is not installed");
  const key = cacheKey("compile-command-object", kdir, await fileIdentity(join(kdir, "Makefile")), await fileIdentity(join(kdir, "include", "config", "auto.conf")).catch(() => ""), await fileIdentity(gcc));
  const cached = join(cacheDirectory, "compile", `${key}.sh`);
  const known = await readFile(cached, "utf8").catch(() => undefined);
  if (known !== undefined) return known;
  const probe = await temporaryDirectory("kernelize-probe-");
  try {
    await writeFile(join(probe, "kzprobe.c"), '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n');
    await writeFile(join(probe, "Kbuild"), "obj-m += kzprobe.o\n");
    const r = await exec(makePath, ["-C", kdir, `M=${probe}`, "V=1", "modules"], { cwd: probe, env: { ...process.env, LC_ALL: "C", LANG: "C", LANGUAGE: "" }, timeoutMs: 120_000 });
    const object = `-c -o ${probe}/kzprobe.o ${probe}/kzprobe.c`;
    const line = r.output.split("\n").find((l) => l.includes(object));
    if (!line) throw new Error(`cannot read Kbuild's compiler command from make V=1 in ${kdir}`);
    const template = line
      .slice(0, line.indexOf(object) + object.length)
      .trim()
      .replace(/-Wp,-MMD,\S+\s*/, "")
      .replace(object, "-c -o @DIR@/@NAME@.o @FILE@")
      .replaceAll(`${probe}/kzprobe`, "@DIR@/@NAME@")
      .replaceAll('"kzprobe"', '"@NAME@"')
      .replaceAll("kmod_kzprobe", "kmod_@NAME@");
    if (template.includes("kzprobe") || template.includes(probe)) throw new Error(`Kbuild's compiler command in ${kdir} names the probe in a way kernelize does not know: ${template}`);
    await writeAtomically(cached, template);
    return template;
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
}

/** Symbols a module object may leave undefined though no module exports them: modpost's own, and the .mod.c's. */
const LINKED_BY_MODPOST = new Set(["__this_module", "_GLOBAL_OFFSET_TABLE_", ".TOC."]);

/** The kernel's exported symbols (Module.symvers) of a tree, read once a process. */
const exportedByTree = new Map<string, Promise<ReadonlySet<string>>>();

function exportedSymbols(kdir: string): Promise<ReadonlySet<string>> {
  let known = exportedByTree.get(kdir);
  if (!known) {
    known = readFile(join(kdir, "Module.symvers"), "utf8").then(
      (text) => new Set(text.split("\n").map((line) => line.split("\t")[1]).filter((name): name is string => !!name)),
      () => {
        throw new MissingPartError("kernel-headers", `${kdir} has no Module.symvers: the kernel's exported symbols cannot be checked`);
      },
    );
    exportedByTree.set(kdir, known);
  }
  return known;
}

/** gcc's own library's helpers, which gcc calls for arithmetic the machine has no instruction for. */
const LIBGCC_HELPER = /^__(?:u?(?:div|mod)[dt]i3|udivmod[dt]i4|divmod[dt]i4|(?:ash|lsh)[lr]ti3|mul[dt]i3|(?:pop|par)count[sdt]i2|(?:clz|ctz|ffs)[sdt]i2|bswap[sd]i2|[a-z]+[sdtx]f[23])$/;

/**
 * modpost's check of an object: every symbol it uses and does not define must be exported by the
 * kernel. Each one that is not becomes the error modpost would give, with why when the symbol is a
 * libgcc helper gcc called on its own.
 */
async function unresolvedSymbols(kdir: string, object: string, name: string): Promise<CompilerDiagnostic[]> {
  const nm = await which("nm");
  if (!nm) throw new MissingPartError("binutils", "nm is not installed (binutils): the module's undefined symbols cannot be checked");
  const r = await exec(nm, ["-u", "--", object], { env: { ...process.env, LC_ALL: "C" }, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`nm -u ${object} exited with ${r.code ?? r.signal}: ${r.stderr.trim()}`);
  const exported = await exportedSymbols(kdir);
  const out: CompilerDiagnostic[] = [];
  for (const line of r.stdout.split("\n")) {
    const symbol = line.trim().split(/\s+/).pop();
    if (!symbol || LINKED_BY_MODPOST.has(symbol) || exported.has(symbol)) continue;
    const notes = LIBGCC_HELPER.test(symbol)
      ? [`${symbol} is a helper of libgcc, which gcc calls for arithmetic the processor has no instruction for (a 128-bit division or remainder, say); a module is not linked with libgcc, so keep such arithmetic in 64 bits (div64_u64() and div64_u64_rem() of <linux/math64.h> divide 64-bit values)`]
      : [`no part of the kernel exports ${symbol}, so the module could not be loaded`];
    out.push({ severity: "error", tool: "modpost", message: `"${symbol}" [${name}.ko] undefined!`, frame: [], notes });
  }
  return out;
}

/** A path in single quotes for /bin/sh. */
function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}

export interface CompileCheckOptions extends Pick<BuildModuleOptions, "mapPosition" | "mapLine" | "originalFile" | "timeoutMs"> {
  kdir: string;
  /** The module's source and its name (letters, digits, underscores). */
  source: string;
  name: string;
  cacheDir?: string;
}

/**
 * Compiles the module's source with exactly the command Kbuild would use for it (every flag of the
 * tree: -Werror=strict-prototypes, -Wframe-larger-than=2048, -Wimplicit-fallthrough=5, …), object
 * then read for the symbols it needs: what the build would say of the C, and modpost's "undefined!"
 * of it, in a third of a build's time. A symbol the module calls and neither defines nor finds
 * exported by the kernel (Module.symvers) stops the build as modpost would stop it: that is how a
 * helper of gcc's own library (a 128-bit division's __udivti3) shows, since a module has no libgcc.
 */
export async function compileCheck(options: CompileCheckOptions): Promise<Pick<BuildResult, "ok" | "errors" | "warnings" | "durationMs">> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) throw new VerifyInputError(`module name ${options.name}: letters, digits and underscores only`);
  const template = await compileTemplate(options.kdir, options.cacheDir ?? defaultCacheDir());
  const dir = await temporaryDirectory("kernelize-compile-");
  try {
    const file = join(dir, `${options.name}.c`);
    await writeFile(file, options.source);
    const command = template.replaceAll("@FILE@", shellQuote(file)).replaceAll("@DIR@", shellQuote(dir).slice(1, -1)).replaceAll("@NAME@", options.name);
    const started = performance.now();
    const r = await exec("/bin/sh", ["-c", command], { cwd: options.kdir, env: { ...process.env, LC_ALL: "C", LANG: "C", LANGUAGE: "" }, timeoutMs: options.timeoutMs ?? 120_000 });
    const diagnostics = parseBuildLog(r.output);
    if (options.mapLine || options.mapPosition) mapDiagnostics(diagnostics, dir, `${options.name}.c`, { ...options, kdir: options.kdir });
    const errors = diagnostics.filter((d) => d.severity === "error");
    const warnings = diagnostics.filter((d) => d.severity === "warning");
    if (r.code !== 0 && errors.length === 0) {
      errors.push({ severity: "error", tool: "gcc", message: r.timedOut ? "the compiler did not finish in time" : `the compiler exited with ${r.code ?? r.signal}: ${r.output.trim().split("\n").slice(-3).join(" / ")}`, frame: [], notes: [] });
    }
    if (errors.length === 0) errors.push(...(await unresolvedSymbols(options.kdir, join(dir, `${options.name}.o`), options.name)));
    return { ok: errors.length === 0, errors, warnings, durationMs: performance.now() - started };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
