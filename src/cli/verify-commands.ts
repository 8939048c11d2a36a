// `kernelize build`, `run`, `check`, `lint` and `doctor`: what they do, the files they read and write, progress, output and exit codes (their options: verify-options.ts).
import { lstat, readFile, rm, stat } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { hasErrors, LineIndex } from "../core/diagnostics.js";
import { translate } from "../index.js";
import { defineFlags } from "../core/translate-program.js";
import { lintToSarif } from "../emit/sarif.js";
import { kbuildMakefile } from "../emit/makefile.js";
import { runBatch } from "../verify/batch.js";
import { type CheckResult, formatCheckReport, notLoadable, runCheck } from "../verify/check.js";
import { analyzeProgram } from "../analysis/program.js";
import { paramsForArguments, planOptions } from "../analysis/options.js";
import { loadC } from "../node-language.js";
import { doctor, install, type DoctorReport } from "../verify/doctor.js";
import { type BuildModuleOptions, type BuildResult, buildModule, type CompilerDiagnostic, findKernelDir, type KernelDir } from "../verify/kbuild.js";
import { which } from "../verify/exec.js";
import { findGuestKernel } from "../verify/kernel.js";
import { lineMapOfPort } from "../verify/line-map.js";
import { formatLintFinding, formatLintSummary, type LintOptions, type LintReport, type LintTool, lintModule, lintTools } from "../verify/lint.js";
import { MissingPartError, VerifyInputError } from "../verify/parts.js";
import { formatParams, type RunProgress, type RunResult, startVm } from "../verify/vm.js";
import { batchProgramList, batchProgressPrinter, formatBatchReport, MODULE_MARKERS } from "./batch.js";
import { checkModuleName, ensureDirectory, readInput, UsageError } from "./io.js";
import { fileErrorReason } from "../verify/files.js";
import { writeAtomically } from "../verify/cache.js";
import { VERSION } from "./version.js";
import { isOneProgram, isProgramRequest, readProgramInput } from "./program-input.js";
import { colorsFor, printDiagnostics } from "./report.js";
import { formatKernelVersion, parseKernelVersion } from "../core/target.js";
import { makeArgsAskW1, styleOptions } from "./target-flags.js";
import { describePort } from "./port.js";
import { removeTemporaryOnSignal, temporaryDirectory } from "../verify/temp.js";
import { infoLine, isQuiet, isVerbose, verboseLine } from "./output-level.js";

/** Exit status when a tool or kernel kernelize needs is not installed (sysexits' EX_UNAVAILABLE). */
export const EXIT_MISSING_PART = 69;

export interface CommonFlags {
  kdir?: string;
  name?: string;
  output?: string;
  format?: string;
  /** --style, --author, --description, --w1: how a program is ported (the release is the headers'). */
  style?: string;
  author?: string;
  description?: string;
  w1?: boolean;
}

export interface RunFlags extends CommonFlags {
  param: string[];
  kernel?: string;
  kernelImage?: string;
  timeout: string;
  accel: string;
  jobs?: string;
}

/** `kernelize build`: the action (the command's options are in verify-options.ts). */
export async function buildAction(target: string | undefined, operands: string[], flags: CommonFlags & { compileCommands?: string }): Promise<void> {
  // What follows -- is make's; before it, .c files after the first are more of the program's files.
  const dashes = process.argv.indexOf("--");
  const after = dashes >= 0 ? process.argv.slice(dashes + 1) : [];
  const before = operands.slice(0, operands.length - after.length);
  const more = before.filter((a) => a.endsWith(".c"));
  const makeArgs = [...before.filter((a) => !a.endsWith(".c")), ...after];
  // W=1 among make's arguments and --w1 say the same: the port is made for that build, and built so.
  if (makeArgsAskW1(makeArgs)) flags.w1 = true;
  else if (flags.w1 && !makeArgs.some((a) => a.startsWith("W="))) makeArgs.push("W=1");
  if (target === undefined && flags.compileCommands === undefined) throw new UsageError("missing required argument 'target'");
  process.exitCode = await guard(() => buildCommand(target === undefined ? [] : [target, ...more], makeArgs, flags));
}

/** `kernelize run`: the action. */
export async function runAction(targets: string[], flags: RunFlags): Promise<void> {
  process.exitCode = await guard(async () => {
    // Several .c files of which exactly one defines main() are one program, as for check.
    if (targets.length > 1 && isOneProgram(targets, undefined)) return runCommand(targets, flags);
    return (await isBatch(targets, "run")) ? batchCommand("run", targets, flags) : runCommand(targets, flags);
  });
}

/** `kernelize check`: the action. */
export async function checkAction(operands: string[], flags: CheckFlags): Promise<void> {
  // Commander hands over what follows -- as operands too: those are the program's arguments.
  const dashes = process.argv.indexOf("--");
  const programArgs = dashes >= 0 ? process.argv.slice(dashes + 1) : [];
  const files = operands.slice(0, operands.length - programArgs.length);
  if (operands.length === 0 && flags.compileCommands === undefined) throw new UsageError("missing required argument 'files'");
  if (files.length === 0 && flags.compileCommands === undefined) throw new UsageError("check: name a C program (or several, or a directory)");
  process.exitCode = await guard(async () => {
    if (isOneProgram(files, flags.compileCommands)) return checkProgramCommand(files, flags, programArgs);
    if (!(await isBatch(files, "check"))) return checkCommand(files[0]!, flags, programArgs);
    if (programArgs.length > 0) throw new UsageError("program arguments after -- apply to one program, not to several");
    return batchCommand("check", files, flags);
  });
}

/** `kernelize lint`: the action. */
export async function lintAction(files: string[], flags: LintFlags): Promise<void> {
  process.exitCode = await guard(() => (isProgramRequest(files, undefined) ? lintModuleOfObjectsCommand(files, flags) : lintCommand(files[0]!, flags)));
}

/** `kernelize doctor`: the action. */
export async function doctorAction(flags: { install?: boolean; format?: string }): Promise<void> {
  process.exitCode = await guard(() => doctorCommand(flags));
}

/** Turns verify's errors into the CLI's: bad paths and values are usage errors; missing parts name their package. */
/**
 * The headers and the guest kernel for run and check (the same release: the one the user named
 * decides the other), and the guest booting at once: it needs nothing from the module until it
 * asks for it.
 */
/** --kernel is a release series everywhere (X.Y); the image to boot has a flag of its own. */
function kernelSeries(flags: { kernel?: string }): string | undefined {
  if (flags.kernel === undefined) return undefined;
  const v = parseKernelVersion(flags.kernel);
  if (!v || flags.kernel.includes("/")) {
    throw new UsageError(`--kernel ${flags.kernel}: give a kernel release as X.Y, for example 6.1${flags.kernel.includes("/") ? "; an image to boot goes with --kernel-image PATH" : ""}`);
  }
  return formatKernelVersion(v);
}

/** The headers to build against: --kdir, else those of the image to boot, else of the --kernel series, else the default. */
async function kernelDirFor(flags: { kernel?: string; kernelImage?: string; kdir?: string }) {
  const series = kernelSeries(flags);
  const guest = flags.kernelImage !== undefined ? await findGuestKernel(flags.kernelImage) : undefined;
  const kdir = await findKernelDir(flags.kdir, { ...(guest?.release ? { release: guest.release } : {}), ...(series ? { series } : {}) });
  verboseLine(`kernel headers ${kdir.path}${kdir.release ? ` (${kdir.release})` : ""}${flags.kdir !== undefined ? " (--kdir)" : guest?.release ? ` (those of ${flags.kernelImage})` : series ? ` (--kernel ${series})` : ""}`);
  return { kdir, guest };
}

async function startGuest(flags: { kernel?: string; kernelImage?: string; kdir?: string; accel: string }, timeoutSeconds: number, onProgress?: (p: RunProgress) => void) {
  const { kdir } = await kernelDirFor(flags);
  const vm = await startVm({
    ...(flags.kernelImage !== undefined ? { kernel: flags.kernelImage } : {}),
    ...(kdir.release ? { release: kdir.release } : {}),
    timeoutMs: timeoutSeconds * 1000,
    accel: flags.accel as "auto" | "kvm" | "tcg",
    ...(onProgress ? { onProgress } : {}),
  });
  return { kdir, vm };
}

async function guard(command: () => Promise<number>): Promise<number> {
  // Ctrl-C in the middle of a build or a boot ends QEMU and make and removes the temporary directories.
  removeTemporaryOnSignal();
  try {
    return await command();
  } catch (e) {
    if (e instanceof VerifyInputError) throw new UsageError(e.message);
    if (e instanceof MissingPartError) {
      process.stderr.write(`kernelize: error: ${e.message}\n`);
      return EXIT_MISSING_PART;
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Progress: steps with their times, shown in place on a terminal; elsewhere a line for each step that took a second or more
//
// Kept our own rather than a spinner library (ora, listr2): the guest boots while the module is
// ported and built, so two steps overlap, which a one-spinner library cannot show and a task-list
// one brings a dozen packages to show; this is fifty lines with no dependency.

/**
 * Whether a step's result line is printed: always on a terminal; off one (a log, CI), for a step
 * that waited a second or more for another program (make, QEMU, the guest, the lint tools), never
 * for the port, kernelize's own work; never with -q.
 */
export function showsResultLine(step: { tty: boolean; quiet: boolean; took: number; label: string }): boolean {
  return step.tty || (!step.quiet && step.took >= 1000 && step.label !== "port");
}

class Steps {
  private readonly quiet = isQuiet();
  /** Shown in place on a terminal; never with -q. */
  private readonly tty = Boolean(process.stderr.isTTY) && !this.quiet;
  private readonly c = colorsFor(process.stderr);
  private pendingLabel: string | undefined;
  private last = performance.now();

  /** Shows the step now running on a terminal (replaced by its result line when it finishes). */
  start(label: string): void {
    this.pendingLabel = label;
    this.last = performance.now();
    if (this.tty) process.stderr.write(this.c.dim(`  ${label.padEnd(12)} …`));
  }

  /**
   * A step's result line: always on a terminal; elsewhere (a log, CI) when the step waited a second
   * or more for another program, so that a log shows where the time went without a line for each
   * quick step. The guest
   * boots while the module is built, so a step can finish while another is shown as running: that
   * one is shown again below the result.
   */
  done(label: string, ms?: number, detail?: string): void {
    const took = ms ?? performance.now() - this.last;
    const interrupted = this.pendingLabel !== undefined && this.pendingLabel !== label ? this.pendingLabel : undefined;
    if (this.tty && this.pendingLabel !== undefined) process.stderr.write("\r\x1b[K");
    this.pendingLabel = undefined;
    if (showsResultLine({ tty: this.tty, quiet: this.quiet, took, label })) {
      process.stderr.write(`  ${label.padEnd(12)} ${this.c.dim(`${(took / 1000).toFixed(2)} s`)}${detail ? `  ${detail}` : ""}\n`);
    }
    if (interrupted !== undefined) {
      this.pendingLabel = interrupted;
      if (this.tty) process.stderr.write(this.c.dim(`  ${interrupted.padEnd(12)} …`));
    } else {
      this.last = performance.now();
    }
  }

  /** Run progress arrives as finished steps; the next one in order is shown as running, unless another step is. */
  run(progress: RunProgress): void {
    this.done(progress.step, progress.ms, progress.detail);
    const next: Record<string, string | undefined> = { kernel: "initramfs", initramfs: "accelerator", boot: "module", module: "load", load: "unload", unload: "poweroff" };
    const label = progress.step === "load" && progress.detail !== "ok" ? "poweroff" : next[progress.step];
    if (label && this.pendingLabel === undefined) this.start(label);
  }

  clear(): void {
    if (this.tty && this.pendingLabel !== undefined) process.stderr.write("\r\x1b[K");
    this.pendingLabel = undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Targets: a directory, a module's .c file, or a program to port first

interface Target {
  /** What buildModule needs besides kdir. */
  build: Omit<BuildModuleOptions, "kdir">;
  /** The user's program, when it was ported (for showing mapped diagnostics). */
  program?: { displayName: string; text: string };
  /** The module's file name inside the build directory, when kernelize wrote it. */
  moduleFile?: string;
  /** The build directory is kernelize's own temporary one. */
  temporary: boolean;
  cleanup(): Promise<void>;
}


/** `release`: that of the headers the module is built against, which is the release a port targets. */
async function prepareTarget(targets: readonly string[], flags: CommonFlags & { compileCommands?: string }, steps: Steps, release: string | undefined): Promise<Target | number> {
  checkModuleName(flags.name);
  // Several .c files, or a compile_commands.json: one program of several files.
  if (targets.length > 1 || flags.compileCommands !== undefined) return prepareProgram(targets, flags, steps, release);
  const target = targets[0]!;
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new UsageError(`${target}: no such file or directory`);
  const nothing = async () => {};
  if (info.isDirectory()) {
    const kbuild = await readFile(join(target, "Kbuild"), "utf8").catch(() => readFile(join(target, "Makefile"), "utf8").catch(() => ""));
    if (!/\bobj-m\b/.test(kbuild) && isOneProgram([target], undefined)) return prepareProgram([target], flags, steps, release);
    if (flags.output !== undefined) throw new UsageError("-o applies to a .c file; a directory is built in place");
    return { build: { dir: target }, temporary: false, cleanup: nothing };
  }

  const input = await readInput(target);
  const isModule = MODULE_MARKERS.test(input.text);
  const stem = basename(target).replace(/\.[^.]*$/, "");
  if (isModule && flags.output === undefined) {
    // A module with its own Kbuild file or Makefile naming it is built where it is (its local headers too).
    const dir = dirname(resolve(target));
    const kbuild = await readFile(join(dir, "Kbuild"), "utf8").catch(() => readFile(join(dir, "Makefile"), "utf8").catch(() => ""));
    if (kbuildBuilds(kbuild, `${stem}.o`)) return { build: { dir }, temporary: false, cleanup: nothing };
  }

  let source = input.text;
  let name = flags.name ?? (stem.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d)/, "m") || "module");
  let mapping: Pick<BuildModuleOptions, "mapPosition" | "originalFile"> = {};
  let program: Target["program"];
  if (!isModule) {
    steps.start("port");
    const target = styleOptions(flags, release);
    const result = await translate(input.text, { ...target, ...(flags.name !== undefined ? { name: flags.name } : {}), fileName: input.displayName });
    steps.clear();
    describePort(target, result);
    printDiagnostics(result.diagnostics, input.displayName, input.text);
    if (!result.ok || hasErrors(result.diagnostics) || !result.module || !result.names) return 2;
    steps.done("port", undefined, `${result.edits.length} edits by ${result.rulesFired.length} rules`);
    source = result.module;
    name = result.names.module;
    const map = lineMapOfPort(input.text, { module: result.module, edits: result.edits, layoutEdits: result.layoutEdits });
    mapping = { mapPosition: map.position, originalFile: input.displayName };
    program = { displayName: input.displayName, text: input.text };
  }
  // The Makefile `port` writes, in the style asked for (styleOptions() has refused any other).
  let makefile: string | null = kbuildMakefile(name, flags.style === "kernel" ? "kernel" : "minimal");

  let into: string;
  let cleanup = nothing;
  if (flags.output !== undefined) {
    into = resolve(flags.output);
    ensureDirectory(into);
    // The build writes NAME.c and the Makefile there, the files `port -o` writes: only over files
    // that already say exactly that (a Makefile that already builds NAME.o, such as the other
    // style's, is kept), never through a symbolic link to somewhere else.
    for (const [file, text] of [[`${name}.c`, source], ["Makefile", makefile]] as const) {
      const existing = await outputThere(into, flags.output, file);
      if (existing === undefined || existing === text) continue;
      if (file === "Makefile" && kbuildBuilds(existing, `${name}.o`)) {
        makefile = null;
        continue;
      }
      throw new UsageError(`${join(flags.output, file)}: already exists with other content; choose another -o directory`);
    }
    await kbuildFileBuilds(into, flags.output, name);
  } else {
    into = await temporaryDirectory("kernelize-build-");
    cleanup = () => rm(into, { recursive: true, force: true });
  }
  return { build: { source, name, into, makefile, ...mapping }, ...(program ? { program } : {}), moduleFile: `${name}.c`, temporary: flags.output === undefined, cleanup };
}

/**
 * What `build -o DIR` finds under `file` before writing it there: undefined for nothing, else the
 * text the file holds. A link, or anything but a plain file, is refused: a build never writes
 * through one (`shown` is the -o directory as the user wrote it).
 */
async function outputThere(into: string, shown: string, file: string): Promise<string | undefined> {
  const info = await lstat(join(into, file)).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isSymbolicLink() || !info.isFile()) throw new UsageError(`${join(shown, file)}: not a plain file; choose another -o directory`);
  return readFile(join(into, file), "utf8");
}

/** Kbuild reads a file named Kbuild before the Makefile: one already in -o DIR must build NAME.o too. */
async function kbuildFileBuilds(into: string, shown: string, name: string): Promise<void> {
  const kbuildFile = await readFile(join(into, "Kbuild"), "utf8").catch(() => undefined);
  if (kbuildFile !== undefined && !kbuildBuilds(kbuildFile, `${name}.o`)) {
    throw new UsageError(`${join(shown, "Kbuild")}: does not build ${name}.o, and Kbuild reads it before the Makefile; choose another -o directory`);
  }
}

/**
 * A directory that holds one program of several files (no Kbuild file of its own): ported as one
 * program, its files and Makefile written into -o DIR or a temporary directory, built there.
 */
async function prepareProgram(targets: readonly string[], flags: CommonFlags & { compileCommands?: string }, steps: Steps, release: string | undefined): Promise<Target | number> {
  const input = readProgramInput(targets, flags.compileCommands);
  steps.start("port");
  const { translateProgram } = await import("../node-language.js");
  const result = await translateProgram(input.files, { ...styleOptions(flags, release), name: flags.name ?? input.defaultName, includeDirs: input.includeDirs, defines: input.defines });
  steps.clear();
  (await import("./port-program.js")).printProgramDiagnostics(input, result);
  if (!result.ok || hasErrors(result.diagnostics) || !result.makefile) return 2;
  steps.done("port", undefined, `${result.files.length} files, ${result.objects.length} objects`);
  const into = flags.output !== undefined ? resolve(flags.output) : await temporaryDirectory("kernelize-build-");
  const { mkdir } = await import("node:fs/promises");
  const written = [...result.files.map((f) => [f.path, f.text] as const), ["Makefile", result.makefile] as const];
  const unchanged = new Set<string>();
  if (flags.output !== undefined) {
    ensureDirectory(into);
    // As for one file: only over files that already say exactly that (so never over the program's
    // own files, whose text the port changed), and never through a symbolic link.
    for (const [file, text] of written) {
      const existing = await outputThere(into, flags.output, file);
      if (existing === undefined) continue;
      if (existing !== text) throw new UsageError(`${join(flags.output, file)}: already exists with other content; choose another -o directory`);
      unchanged.add(file);
    }
    await kbuildFileBuilds(into, flags.output, result.name);
  }
  for (const [file, text] of written) {
    if (unchanged.has(file)) continue;
    await mkdir(dirname(join(into, file)), { recursive: true });
    // Whole or not at all: a full disk leaves no half-written file.
    await writeAtomically(join(into, file), text).catch((e: unknown) => {
      throw new UsageError(`${join(flags.output ?? into, file)}: cannot write: ${fileErrorReason(e) ?? (e as Error).message}`);
    });
  }
  const cleanup = flags.output !== undefined ? async () => {} : () => rm(into, { recursive: true, force: true });
  return { build: { dir: into }, temporary: flags.output === undefined, cleanup };
}

/**
 * What can be refused without kernel headers or a guest is refused before they are looked for or
 * booted: a target that is not there, a --name the kernel would not take, a file that is binary,
 * unreadable or too large. prepareTarget() reads the file again: a few milliseconds.
 */
async function refuseBadTarget(target: string, flags: { name?: string }): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new UsageError(`${target}: no such file or directory`);
  checkModuleName(flags.name);
  if (!info.isDirectory()) await readInput(target);
}

/** Whether a Kbuild file or Makefile has an `obj-m` line naming this object (words compared, no pattern made of the name). */
function kbuildBuilds(kbuild: string, object: string): boolean {
  return kbuild.split("\n").some((line) => {
    const words = line.split(/[\s:+=]+/).filter(Boolean);
    return words.includes("obj-m") && words.includes(object);
  });
}

// ---------------------------------------------------------------------------------------------
// build

async function buildCommand(targets: readonly string[], makeArgs: string[], flags: CommonFlags & { kernel?: string; compileCommands?: string }): Promise<number> {
  for (const target of targets) await refuseBadTarget(target, flags);
  if (targets.length > 1 || flags.compileCommands !== undefined) readProgramInput(targets, flags.compileCommands);
  const steps = new Steps();
  const { kdir } = await kernelDirFor(flags);
  const prepared = await prepareTarget(targets, flags, steps, kdir.release);
  if (typeof prepared === "number") return prepared;
  try {
    const build = await runBuild(prepared, kdir, makeArgs, steps);
    if (flags.format === "json") {
      process.stdout.write(`${JSON.stringify({ kdir, build: buildSummary(build, prepared) }, null, 2)}\n`);
    } else {
      printBuildDiagnostics(build, prepared);
      const what = build.koPath ? basename(build.koPath) : "the module";
      const kept = flags.output !== undefined || (prepared.build.dir !== undefined && !prepared.temporary);
      const where = build.koPath ? (kept ? ` (${build.koPath})` : " (in a temporary directory; -o DIR keeps it)") : "";
      const counts = `${plural(build.errors.length, "error")}, ${plural(build.warnings.length, "warning")}`;
      if (build.ok) infoLine(`built ${what}${where} against ${kdir.release ?? kdir.path}: ${counts}`);
      else process.stderr.write(`kernelize: build failed: ${counts}\n`);
    }
    return build.ok ? 0 : 1;
  } finally {
    await prepared.cleanup();
  }
}

async function runBuild(prepared: Target, kdir: KernelDir, makeArgs: readonly string[], steps: Steps): Promise<BuildResult> {
  steps.start("build");
  const build = await buildModule({ ...prepared.build, kdir: kdir.path, makeArgs });
  steps.done("build", build.durationMs, build.ok ? `${basename(build.koPath ?? "")}, ${plural(build.warnings.length, "warning")}` : "failed");
  return build;
}

/** The build for JSON: without make's whole log, and saying when its directory is already gone. */
function buildSummary(build: BuildResult, prepared: Target) {
  const { log: _log, ...rest } = build;
  return { ...rest, temporary: prepared.temporary };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** gcc-style lines, at the user's own line when the module was ported, with both code lines shown. */
function printBuildDiagnostics(build: BuildResult, prepared: Target): void {
  const c = colorsFor(process.stderr);
  const originalLines = prepared.program ? new LineIndex(prepared.program.text) : undefined;
  // -q: the errors only. -v: make's whole output first.
  if (isVerbose() && build.log) process.stderr.write(`kernelize: make said:\n${build.log.endsWith("\n") ? build.log : `${build.log}\n`}`);
  for (const d of [...build.errors, ...(isQuiet() ? [] : build.warnings)].sort(byPosition)) {
    const paint = d.severity === "error" ? c.red : c.magenta;
    const flag = d.flag ? ` [${d.flag}]` : "";
    const head = (where: string) => `${c.bold(`${where}:`)} ${paint(c.bold(`${d.severity}:`))} ${d.message}${flag}\n`;
    const moduleWhere = d.file ? `${displayPath(d.file, prepared)}:${d.line}${d.column ? `:${d.column}` : ""}` : d.tool;
    if (d.original && originalLines) {
      process.stderr.write(head(`${d.original.file}:${d.original.line}:${d.original.column}`));
      const text = expandTabs(originalLines.lineText(d.original.line));
      process.stderr.write(`${String(d.original.line).padStart(5)} | ${text}\n`);
      process.stderr.write(`${" ".repeat(5)} | ${" ".repeat(Math.max(0, d.original.column - 1))}${paint("^")}\n`);
      const how = d.original.generated ? "in code kernelize wrote for this line" : "in the ported module";
      process.stderr.write(c.dim(`  ${how}, ${moduleWhere}:\n`));
      for (const f of d.frame) process.stderr.write(c.dim(`${f}\n`));
    } else {
      process.stderr.write(head(moduleWhere));
      for (const f of d.frame) process.stderr.write(`${f}\n`);
    }
    for (const n of d.notes) process.stderr.write(c.dim(`${n}\n`));
  }
}

function byPosition(a: CompilerDiagnostic, b: CompilerDiagnostic): number {
  return (a.original?.line ?? a.line ?? 0) - (b.original?.line ?? b.line ?? 0);
}

/** The module kernelize wrote is shown by name when its directory is temporary; other files as gcc printed them. */
function displayPath(file: string, prepared: Target): string {
  if (!prepared.moduleFile || basename(file) !== prepared.moduleFile) return file;
  return prepared.temporary ? prepared.moduleFile : file;
}

/** Tabs to the next multiple of 8, as gcc counts columns. */
function expandTabs(line: string): string {
  let out = "";
  for (const ch of line) out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  return out;
}

// ---------------------------------------------------------------------------------------------
// run

async function runCommand(targets: readonly string[], flags: RunFlags): Promise<number> {
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout ${flags.timeout}: a number of seconds above 0`);
  formatParams(flags.param); // a bad --param is refused before anything starts
  for (const target of targets) await refuseBadTarget(target, flags);
  const steps = new Steps();
  // --timeout holds for the whole command, the build included.
  const deadline = performance.now() + timeoutSeconds * 1000;
  // The kernel boots while the module is ported and built. A missing QEMU or kernel image is
  // reported here, before building anything.
  const { kdir, vm } = await startGuest(flags, timeoutSeconds, (p) => steps.run(p));
  let prepared: Target | number | undefined;
  try {
    prepared = await prepareTarget(targets, flags, steps, kdir.release);
    if (typeof prepared === "number") return prepared;
    const built = await runBuild(prepared, kdir, [], steps);
    // Built, but it would run off a function's end or overrun the stack: never loaded.
    const unsafe = built.ok ? notLoadable(built.log) : undefined;
    const build = unsafe ? { ...built, ok: false, errors: [...built.errors, unsafe] } : built;
    if (!build.ok || !build.koPath) {
      // Nothing to load: the guest is stopped now rather than left waiting.
      await vm.cancel();
      steps.clear();
      if (flags.format === "json") process.stdout.write(`${JSON.stringify({ build: buildSummary(build, prepared), ok: false }, null, 2)}\n`);
      else {
        printBuildDiagnostics(build, prepared);
        process.stdout.write(`build:  failed (${plural(build.errors.length, "error")})\n`);
      }
      return 1;
    }
    if (flags.format !== "json") printBuildDiagnostics(build, prepared);
    const result = await vm.run({ koPath: build.koPath, params: flags.param, deadline });
    steps.clear();
    if (isVerbose()) {
      verboseLine(`booted ${result.kernel.path}${result.kernel.release ? ` (${result.kernel.release})` : ""} with ${result.accel}; the guest's console:`);
      for (const line of result.console) process.stderr.write(`  ${line}\n`);
      for (const l of result.otherLog) process.stderr.write(`  <${l.level}>${l.text}\n`);
    }
    const full: RunResult = { ...result, build };
    if (flags.format === "json") {
      process.stdout.write(`${JSON.stringify({ ...full, build: buildSummary(build, prepared) }, null, 2)}\n`);
    } else {
      printRunResult(full);
    }
    return result.ok ? 0 : 1;
  } finally {
    await vm.cancel();
    if (typeof prepared === "object") await prepared.cleanup();
  }
}

function printRunResult(r: RunResult): void {
  const c = colorsFor(process.stdout);
  const good = (s: string) => c.green(s);
  const bad = (s: string) => c.red(s);
  const out: string[] = [];
  const b = r.build!;
  const waited = r.waitMs !== undefined && r.waitMs >= 50 ? `, ${(r.waitMs / 1000).toFixed(1)} s of it waiting for the module` : "";
  out.push(`${c.bold(r.module.name)} on ${r.kernel.release ?? r.kernel.path} (${r.accel}${r.kernel.pvh ? ", PVH" : ""}, ${(r.durationMs / 1000).toFixed(1)} s${waited})`);
  out.push(`build:  ${good("ok")} (${plural(b.errors.length, "error")}, ${plural(b.warnings.length, "warning")})`);
  if (r.module.params) out.push(`params: ${r.module.params}`);
  const step = (s: RunResult["load"]) => {
    if (s.ok) return good("ok");
    if (!s.attempted) return c.dim("not attempted");
    const name = s.errnoName ? `${s.errnoName} (${s.message})` : (s.message ?? "failed");
    return `${bad("failed")}: ${name}`;
  };
  out.push(`load:   ${step(r.load)}`);
  out.push(`unload: ${step(r.unload)}`);
  out.push(r.log.length > 0 ? "log:" : `log:    ${c.dim("(nothing)")}`);
  for (const l of r.log) out.push(`<${l.level}>${l.text}`);
  if (r.failure) {
    out.push(`${bad(`${r.failure.kind}:`)} ${r.failure.message}`);
    for (const l of r.failure.lines) out.push(`  ${l}`);
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

// ---------------------------------------------------------------------------------------------
// check

export interface CheckFlags {
  compileCommands?: string;
  kernel?: string;
  kernelImage?: string;
  kdir?: string;
  timeout: string;
  accel: string;
  jobs?: string;
  maxFailures?: string;
  name?: string;
  format?: string;
  style?: string;
  author?: string;
  description?: string;
  w1?: boolean;
}

async function checkCommand(file: string, flags: CheckFlags, programArgs: readonly string[] = []): Promise<number> {
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout ${flags.timeout}: a number of seconds above 0`);
  checkModuleName(flags.name);
  const maxFailures = maxFailuresOf(flags.maxFailures);
  if (!(await which("qemu-system-x86_64"))) throw new MissingPartError("qemu", "qemu-system-x86_64 is not installed");
  // valgrind and addr2line are not parts doctor knows yet: say what to install here.
  for (const [tool, pkg] of [["valgrind", "valgrind"], ["addr2line", "binutils"]] as const) {
    if (!(await which(tool))) {
      process.stderr.write(`kernelize: error: ${tool} is not installed: install ${pkg} (apt-get install -y ${pkg})\n`);
      return EXIT_MISSING_PART;
    }
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  const input = await readInput(file);
  if (MODULE_MARKERS.test(input.text)) throw new UsageError(`${file}: already a kernel module; check takes the user program it was ported from`);
  const steps = new Steps();
  // The guest boots while the program is ported, built and run.
  const { kdir, vm } = await startGuest(flags, timeoutSeconds);
  try {
    steps.start("port");
    const target = styleOptions(flags, kdir.release);
    const port = await translate(input.text, { ...target, ...(flags.name !== undefined ? { name: flags.name } : {}), fileName: input.displayName });
    steps.clear();
    describePort(target, port);
    printDiagnostics(port.diagnostics, input.displayName, input.text);
    if (!port.ok || hasErrors(port.diagnostics) || !port.module || !port.names) return 2;
    steps.done("port", undefined, `${port.edits.length} edits`);
    // What the program's arguments set, the module gets as the parameters the port made of them.
    const moduleParams = await paramsForProgramArgs(input.text, programArgs);
    return await checkAndReport(steps, flags, {
      program: { text: input.text, fileName: basename(input.displayName) },
      port: { module: port.module, name: port.names.module, edits: port.edits, layoutEdits: port.layoutEdits },
      kdir, timeoutSeconds, programArgs, moduleParams, maxFailures, vm,
    });
  } finally {
    await vm.cancel();
  }
}

/**
 * Runs check with the guest already booting, its steps shown as they end (the program's runs and
 * the test build go side by side, and the guest boots meanwhile), and prints the report: exit 0
 * when every scenario matched.
 */
async function checkAndReport(
  steps: Steps,
  flags: CheckFlags,
  what: Pick<Parameters<typeof runCheck>[0], "program" | "port" | "programArgs" | "moduleParams" | "vm"> & { kdir: KernelDir; timeoutSeconds: number; maxFailures: number | undefined },
): Promise<number> {
  const labels = { program: "program", build: "build", vm: "boot" } as const;
  const finished = new Set<string>();
  steps.start("program");
  const result: CheckResult = await runCheck({
    program: what.program,
    port: what.port,
    kdir: what.kdir.path,
    ...(what.kdir.release ? { release: what.kdir.release } : {}),
    ...(flags.kernelImage !== undefined ? { kernel: flags.kernelImage } : {}),
    timeoutMs: what.timeoutSeconds * 1000,
    programArgs: what.programArgs,
    moduleParams: what.moduleParams,
    accel: flags.accel as "auto" | "kvm" | "tcg",
    ...(what.maxFailures !== undefined ? { maxFailures: what.maxFailures } : {}),
    vm: what.vm,
    onStep: (step, ms, detail) => {
      steps.done(labels[step], ms, detail);
      finished.add(step);
      if (step !== "vm") steps.start(finished.has("program") && finished.has("build") ? "boot" : step === "build" ? "program" : "build");
    },
  });
  steps.clear();
  if (flags.format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(formatCheckReport(result));
  return result.ok ? 0 : 1;
}

/**
 * check on one program of several files: ported as one program, its files compiled together on
 * the host and its objects linked into one module in the guest, allocations counted in every file.
 */
async function checkProgramCommand(args: readonly string[], flags: CheckFlags, programArgs: readonly string[] = []): Promise<number> {
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout ${flags.timeout}: a number of seconds above 0`);
  checkModuleName(flags.name);
  const maxFailures = maxFailuresOf(flags.maxFailures);
  if (!(await which("qemu-system-x86_64"))) throw new MissingPartError("qemu", "qemu-system-x86_64 is not installed");
  for (const [tool, pkg] of [["valgrind", "valgrind"], ["addr2line", "binutils"]] as const) {
    if (!(await which(tool))) {
      process.stderr.write(`kernelize: error: ${tool} is not installed: install ${pkg} (apt-get install -y ${pkg})\n`);
      return EXIT_MISSING_PART;
    }
  }
  const input = readProgramInput(args, flags.compileCommands);
  for (const f of input.files) if (MODULE_MARKERS.test(f.text)) throw new UsageError(`${input.display(f.path)}: already a kernel module; check takes the user program it was ported from`);
  const steps = new Steps();
  const { kdir, vm } = await startGuest(flags, timeoutSeconds);
  try {
    steps.start("port");
    const target = styleOptions(flags, kdir.release);
    const { translateProgram } = await import("../node-language.js");
    const port = await translateProgram(input.files, { ...target, name: flags.name ?? input.defaultName, includeDirs: input.includeDirs, defines: input.defines });
    steps.clear();
    (await import("./port-program.js")).printProgramDiagnostics(input, port);
    if (!port.ok || hasErrors(port.diagnostics) || !port.makefile) return 2;
    steps.done("port", undefined, `${port.files.length} files, ${port.objects.length} objects`);
    const main = input.files.find((f) => f.path.endsWith(".c") && /^[ \t]*(?:int|void)[ \t\n]+main[ \t]*\(/m.test(f.text)) ?? input.files[0]!;
    const moduleParams = await paramsForProgramArgs(main.text, programArgs);
    return await checkAndReport(steps, flags, {
      program: { text: main.text, fileName: basename(main.path), files: input.files, cflags: [...input.includeDirs.map((d) => `-I${d}`), ...defineFlags(input.defines)] },
      port: { module: port.files.map((f) => f.text).join("\n"), name: port.name, edits: [], files: port.files.map((f) => ({ path: f.path, text: f.text, source: f.source })), fileEdits: port.edits, rulesFired: port.rulesFired, ccflags: defineFlags(input.defines, { shell: true }) },
      kdir, timeoutSeconds, programArgs, moduleParams, maxFailures, vm,
    });
  } finally {
    await vm.cancel();
  }
}

// ---------------------------------------------------------------------------------------------
// run and check on several programs

/**
 * Several targets, or one directory of programs, go through one boot. A directory with a Kbuild
 * file or a Makefile is a module's own for run (built in place), as it always was.
 */
async function isBatch(targets: readonly string[], command: "run" | "check"): Promise<boolean> {
  if (targets.length === 1 && isOneProgram(targets, undefined)) return false;
  if (targets.length > 1) return true;
  const info = await stat(targets[0]!).catch(() => undefined);
  if (!info?.isDirectory()) return false;
  if (command === "check") return true;
  const hasBuildFile = await Promise.all(["Kbuild", "Makefile"].map((f) => stat(join(targets[0]!, f)).then(() => true, () => false)));
  return !hasBuildFile.some(Boolean);
}

function maxFailuresOf(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (!(Number.isInteger(n) && n >= 0)) throw new UsageError(`--max-failures ${flag}: a whole number, 0 or more`);
  return n;
}

async function batchCommand(mode: "run" | "check", targets: readonly string[], flags: (RunFlags | CheckFlags) & CommonFlags): Promise<number> {
  const timeoutSeconds = Number(flags.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout ${flags.timeout}: a number of seconds above 0`);
  const jobs = flags.jobs !== undefined ? Number(flags.jobs) : undefined;
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs > 0)) throw new UsageError(`--jobs ${flags.jobs}: a whole number above 0`);
  const maxFailures = maxFailuresOf("maxFailures" in flags ? flags.maxFailures : undefined);
  if (flags.name !== undefined) throw new UsageError("--name names one module; several programs are named after their files");
  if ("output" in flags && flags.output !== undefined) throw new UsageError("-o keeps one module; several programs are built in temporary directories");
  const params = "param" in flags ? flags.param : [];
  formatParams(params);
  if (!(await which("qemu-system-x86_64"))) throw new MissingPartError("qemu", "qemu-system-x86_64 is not installed");
  if (mode === "check") {
    for (const [tool, pkg] of [["valgrind", "valgrind"], ["addr2line", "binutils"]] as const) {
      if (!(await which(tool))) {
        process.stderr.write(`kernelize: error: ${tool} is not installed: install ${pkg} (apt-get install -y ${pkg})\n`);
        return EXIT_MISSING_PART;
      }
    }
  }
  const programs = await batchProgramList(targets);
  const { kdir } = await kernelDirFor(flags);
  const printer = batchProgressPrinter();
  const report = await runBatch(programs, {
    mode,
    kdir,
    translate: styleOptions(flags, kdir.release),
    ...(jobs !== undefined ? { jobs } : {}),
    moduleTimeoutMs: timeoutSeconds * 1000,
    ...(flags.kernelImage !== undefined ? { kernel: flags.kernelImage } : {}),
    accel: flags.accel as "auto" | "kvm" | "tcg",
    ...(maxFailures !== undefined ? { maxFailures } : {}),
    params,
    onProgress: flags.format === "json" ? () => {} : printer.onProgress,
  }).finally(printer.end);
  if (flags.format === "json") process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(formatBatchReport(report));
  return report.works === report.total ? 0 : 1;
}

/** The module parameters argv-to-module-params made of what these arguments set; an argument it did not map is an error. */
async function paramsForProgramArgs(source: string, args: readonly string[]): Promise<string[]> {
  if (args.length === 0) return [];
  const language = await loadC();
  const tree = language.parse(source);
  try {
    const main = analyzeProgram(tree, source).main;
    const plan = main ? planOptions(main) : undefined;
    if (!plan || (plan.params.length === 0 && !plan.commandLine)) throw new UsageError(`the program reads no options kernelize turned into module parameters, so '${args.join(" ")}' has no module counterpart`);
    const { params, unmapped } = paramsForArguments(plan, args);
    if (unmapped.length > 0) throw new UsageError(`${unmapped.join(", ")}: not an option or argument the port turned into a module parameter`);
    return params;
  } finally {
    tree.delete();
  }
}

// ---------------------------------------------------------------------------------------------
// lint

export interface LintFlags {
  kdir?: string;
  only?: string;
  format?: string;
}

const LINT_TOOL_NAMES: Record<string, LintTool> = { checkpatch: "checkpatch", sparse: "sparse", w1: "W=1", "W=1": "W=1" };

function lintToolsOf(flags: LintFlags): LintTool[] {
  if (flags.only === undefined) return [...lintTools];
  const names = flags.only.split(",").map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in LINT_TOOL_NAMES));
  if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only ${flags.only}: choose from checkpatch, sparse, w1`);
  return lintTools.filter((t) => names.some((n) => LINT_TOOL_NAMES[n] === t));
}

async function lintCommand(file: string, flags: LintFlags): Promise<number> {
  const tools = lintToolsOf(flags);
  if (file === "-") throw new UsageError("lint reads a file, not standard input");
  const input = await readInput(file);
  if (!/\.c$/.test(file)) throw new UsageError(`${file}: not a .c file (lint takes a kernel module's C source)`);
  if (!/^\s*#\s*include\s*<linux\//m.test(input.text) && !/\bmodule_(?:init|exit)\s*\(/.test(input.text)) {
    throw new UsageError(`${file}: not a kernel module (no #include <linux/...> and no module_init); to lint a program, port it first (kernelize port ${file})`);
  }
  const report = await withLintProgress(flags, tools, (options) => lintModule({ source: input.text, fileName: file, ...options }));
  return printLintReport(report, tools, flags, file);
}

/** Runs a lint with the command's --kdir and tools, each tool's step shown as it ends. */
async function withLintProgress(flags: LintFlags, tools: LintTool[], lint: (options: { kdir?: string; tools: LintTool[]; onProgress: LintOptions["onProgress"] }) => Promise<LintReport>): Promise<LintReport> {
  const steps = new Steps();
  steps.start("lint");
  const report = await lint({
    ...(flags.kdir !== undefined ? { kdir: flags.kdir } : {}),
    tools,
    onProgress: (step, ms, detail) => {
      steps.done(step, ms, detail);
      steps.start("lint");
    },
  });
  steps.clear();
  return report;
}

/**
 * lint DIR or lint a.c b.c: a module of several objects, linted as Kbuild builds it. Its name and
 * objects come from the directory's Kbuild file or Makefile (`obj-m += NAME.o`, `NAME-y := …`, as
 * port DIR writes them); without one the module is the .c files given (or found), named after the directory.
 */
async function lintModuleOfObjectsCommand(args: readonly string[], flags: LintFlags): Promise<number> {
  const tools = lintToolsOf(flags);
  const input = readProgramInput(args, undefined);
  const kbuild = ["Kbuild", "Makefile"].map((f) => join(input.root, f)).map((f) => readTextIfAny(f)).find((t) => t !== undefined && /\bobj-m\b/.test(t));
  const declared = kbuild ? kbuildObjects(kbuild) : undefined;
  // Kbuild's own NAME.mod.c, where the module was built in its directory, is none of the module's sources.
  const sources = input.files.filter((f) => f.path.endsWith(".c") && !f.path.endsWith(".mod.c"));
  const units = declared ? sources.filter((f) => declared.objects.includes(f.path.replace(/\.c$/, ".o"))) : sources;
  if (declared) {
    const missing = declared.objects.filter((o) => !sources.some((f) => f.path === o.replace(/\.o$/, ".c")));
    if (missing.length > 0) throw new UsageError(`${input.display(".")}: the module's Makefile names ${missing.join(", ")}, whose .c file${missing.length === 1 ? " is" : "s are"} not here`);
  }
  if (!units.some((f) => /^\s*#\s*include\s*<linux\//m.test(f.text) || /\bmodule_(?:init|exit)\s*\(/.test(f.text))) {
    throw new UsageError(`${args.join(" ")}: not a kernel module (no #include <linux/...> and no module_init); to lint a program, port it first (kernelize port ${args.join(" ")})`);
  }
  const name = declared?.name ?? input.defaultName;
  const objects = declared?.objects ?? units.map((f) => f.path.replace(/\.c$/, ".o"));
  const headers = input.files.filter((f) => f.path.endsWith(".h"));
  const { lintModuleOfObjects } = await import("../verify/lint.js");
  const report = await withLintProgress(flags, tools, (options) => lintModuleOfObjects({ name, objects, files: [...headers, ...units].map((f) => ({ path: f.path, source: f.text })) }, options));
  const known = new Set(input.files.map((f) => f.path));
  const shown = { ...report, findings: report.findings.map((f) => ({ ...f, file: known.has(f.file) ? input.display(f.file) : f.file })) };
  return printLintReport(shown, tools, flags, input.display("."));
}

/** `obj-m += NAME.o` and `NAME-y := a.o b.o` (or NAME-objs) of a module's Kbuild file or Makefile; undefined where it names no objects. */
function kbuildObjects(text: string): { name: string; objects: string[] } | undefined {
  const joined = text.replace(/\\\n/g, " ");
  const name = /^[ \t]*obj-m[ \t]*[+:]?=[ \t]*([A-Za-z0-9_]+)\.o\b/m.exec(joined)?.[1];
  if (!name) return undefined;
  const objects = [...joined.matchAll(/^[ \t]*([A-Za-z0-9_]+)-(?:y|objs)[ \t]*[+:]?=([^\n]*)$/gm)].filter((m) => m[1] === name).flatMap((m) => m[2]!.trim().split(/\s+/).filter((o) => o.endsWith(".o")));
  return objects.length > 0 ? { name, objects } : undefined;
}

function readTextIfAny(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function printLintReport(report: LintReport, tools: readonly LintTool[], flags: LintFlags, fileUri: string): number {
  if (flags.format === "json") {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (flags.format === "sarif") {
    process.stdout.write(`${JSON.stringify(lintToSarif(report, { fileUri, toolVersion: VERSION }), null, 2)}\n`);
  } else {
    const c = colorsFor(process.stdout);
    const paint = { error: c.red, warning: c.magenta, check: c.cyan } as const;
    const lines = report.findings.map((f) => {
      const text = formatLintFinding(f);
      const label = `${f.severity}:`;
      return text.replace(` ${label} `, ` ${paint[f.severity](c.bold(label))} `);
    });
    for (const note of report.notes) lines.push(c.dim(`note: ${note}`));
    lines.push(formatLintSummary(report, tools));
    process.stdout.write(`${lines.join("\n")}\n`);
  }
  return report.findings.length === 0 && report.ranTools.length === tools.length ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// doctor

async function doctorCommand(flags: { install?: boolean; format?: string }): Promise<number> {
  let report: DoctorReport;
  let message: string | undefined;
  if (flags.install) {
    // apt-get's own output is progress: not with -q.
    const result = await install({ onOutput: (chunk) => (isQuiet() ? undefined : process.stderr.write(chunk)) });
    report = result.report;
    message = result.message;
  } else {
    report = await doctor();
  }
  if (flags.format === "json") {
    process.stdout.write(`${JSON.stringify({ ...report, ...(message ? { message } : {}) }, null, 2)}\n`);
  } else {
    const c = colorsFor(process.stdout);
    const lines = report.parts.map((p) => {
      const mark = p.found ? c.green("found  ") : p.required ? c.red("missing") : c.yellow("missing");
      const note = p.note ? `\n           ${c.yellow(`note: ${p.note}`)}` : "";
      return `  ${mark}  ${p.label.padEnd(16)} ${c.dim(p.detail)}${p.required ? "" : c.dim(" (optional)")}${note}`;
    });
    process.stdout.write(`${lines.join("\n")}\n`);
    if (report.installCommand) process.stdout.write(`\nto install what is missing:\n  ${report.installCommand}\n`);
    if (message) process.stderr.write(`kernelize: ${message}\n`);
  }
  return report.ok && !message ? 0 : 1;
}
