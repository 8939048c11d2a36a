// `kernelize lint`: checkpatch.pl, sparse and a W=1 build run on a module's source, their findings in one shape.
import { mkdir, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { type CheckpatchReport, ensureCheckpatch, findKernelSource, type KernelSourceTarball, runCheckpatchFiles } from "./checkpatch.js";
import { which } from "./exec.js";
import { buildModule, type BuildResult, findKernelDir, type KernelDir } from "./kbuild.js";
import { kernelSourcePackage, MissingPartError, VerifyInputError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";
import { hasWord } from "../core/words.js";

export type LintTool = "checkpatch" | "sparse" | "W=1";

/** Every tool, in the order reports list them. */
export const lintTools: readonly LintTool[] = ["checkpatch", "sparse", "W=1"];

export type LintSeverity = "error" | "warning" | "check";

export interface LintFinding {
  tool: LintTool;
  /** The file name the caller gave. */
  file: string;
  /** 0 when the finding is about the module as a whole (modpost's, for instance). */
  line: number;
  /** 1-based; a tab reaches the next multiple of 8, as in gcc's and sparse's columns; 1 when the tool gives none. */
  column: number;
  /** checkpatch's ERROR/WARNING/CHECK; sparse and gcc say error or warning. */
  severity: LintSeverity;
  /** checkpatch's type (`SPDX_LICENSE_TAG`), gcc's option (`-Wmissing-prototypes`), `sparse`, or `modpost`. */
  code: string;
  message: string;
  /** sparse's detail lines (`expected int *p`, `got int [noderef] __user *`), when it prints some. */
  notes?: string[];
}

export type LintCounts = Record<LintSeverity, number>;

export interface LintReport {
  /** Sorted by line and column; tools in lintTools' order at the same place. */
  findings: LintFinding[];
  counts: Record<LintTool, LintCounts>;
  /** The tools that ran to the end (sparse does not run on a module gcc cannot compile). */
  ranTools: LintTool[];
  /** sparse's and gcc's findings in other files (kernel headers), left out of findings and counts. */
  ignored: Record<"sparse" | "W=1", number>;
  /** What the reader should know about this run: a tool that could not run and why, findings left out. */
  notes: string[];
  durationMs: number;
}

export interface LintOptions {
  source: string;
  /** The module's file name, e.g. `example.c`: findings carry it, and checkpatch judges by its extension. */
  fileName: string;
  /** Kbuild tree for sparse and W=1 (default: findKernelDir()'s choice); its release picks checkpatch's series. */
  kdir?: string;
  /** Default: all three. */
  tools?: LintTool[];
  /** Where checkpatch.pl is unpacked (default: the user's cache directory). */
  cacheDir?: string;
  /** Called as each tool finishes (the CLI's progress lines). */
  onProgress?: (step: "checkpatch" | "build", ms: number, detail: string) => void;
}

/**
 * Lints one module source: checkpatch.pl --strict, and one Kbuild build with `C=2 W=1` that gives
 * both sparse's and gcc's findings (about half the time of two builds; sparse's lines carry a
 * `sparse:` prefix, so the two stay apart). Every part the chosen tools need is checked before
 * anything runs; a missing one throws MissingPartError naming its package.
 */
export async function lintModule(options: LintOptions): Promise<LintReport> {
  const [report] = await lintModules([{ source: options.source, fileName: options.fileName }], options);
  return report!;
}

export interface LintInput {
  source: string;
  fileName: string;
}

/**
 * Lints several module sources at the cost of about one: one checkpatch.pl process for all, and one
 * Kbuild run (`make -k -jN`) in which each source is a module of its own, so a module that does not
 * compile stops none of the others. A report per source, in the order given, each as lintModule()
 * would give it.
 */
export async function lintModules(inputs: readonly LintInput[], options: Omit<LintOptions, "source" | "fileName"> & { jobs?: number } = {}): Promise<LintReport[]> {
  const started = performance.now();
  const tools = lintTools.filter((t) => (options.tools ?? lintTools).includes(t));
  if (tools.length === 0) throw new VerifyInputError("no lint tool chosen");
  for (const input of inputs) if (!/\.c$/.test(input.fileName)) throw new VerifyInputError(`${input.fileName}: not a .c file`);
  if (inputs.length === 0) return [];
  const { building, kdir, sparse, tarball } = await lintParts(tools, options);
  const checkpatchRun = tarball ? runCheckpatch(inputs, tarball, options) : undefined;
  const buildRun = building ? lintBuild(inputs, options, kdir!, tools, sparse) : undefined;
  const [checkpatch, build] = await Promise.allSettled([checkpatchRun, buildRun]);
  if (checkpatch.status === "rejected") throw checkpatch.reason;
  if (build.status === "rejected") throw build.reason;

  const durationMs = performance.now() - started;
  return inputs.map((input, i) => {
    const findings: LintFinding[] = [];
    const ranTools: LintTool[] = [];
    const notes: string[] = [];
    const ignored = { sparse: 0, "W=1": 0 };
    if (checkpatch.value) {
      findings.push(...checkpatchFindings(checkpatch.value[i]!, input.fileName));
      ranTools.push("checkpatch");
    }
    if (build.value) {
      const b = build.value;
      const own = b.modules[i]!;
      if (tools.includes("sparse")) {
        if (own.sparseRan) {
          ranTools.push("sparse");
          const mine = b.sparse.filter((s) => own.isFile(s.file));
          ignored.sparse = b.sparse.filter((s) => !b.isModuleFile(s.file)).length;
          findings.push(...mine.map((s): LintFinding => ({ ...s, tool: "sparse", file: input.fileName, code: "sparse" })));
        } else {
          const errors = own.gccErrors(b.result);
          notes.push(`sparse did not run: Kbuild stops before its check when gcc cannot compile the module (${plural(errors, "error")}${tools.includes("W=1") ? ", shown as W=1 findings" : "; lint with W=1 or build the module to see them"})`);
        }
      }
      if (tools.includes("W=1")) {
        ranTools.push("W=1");
        const { own: mine, others } = compilerFindings(b, own, input.fileName);
        ignored["W=1"] = others;
        findings.push(...mine);
      }
    }
    if (ignored.sparse > 0) notes.push(`${plural(ignored.sparse, "sparse finding")} in kernel headers left out`);
    if (ignored["W=1"] > 0) notes.push(`${plural(ignored["W=1"], "W=1 finding")} in kernel headers left out`);

    const order = (t: LintTool) => lintTools.indexOf(t);
    findings.sort((a, b) => a.line - b.line || a.column - b.column || order(a.tool) - order(b.tool));
    const counts = Object.fromEntries(lintTools.map((t) => [t, { error: 0, warning: 0, check: 0 }])) as Record<LintTool, LintCounts>;
    for (const f of findings) counts[f.tool][f.severity]++;
    return { findings, counts, ranTools: tools.filter((t) => ranTools.includes(t)), ignored, notes, durationMs };
  });
}

/** Every part the chosen tools need, found before anything runs: a missing one throws MissingPartError naming its package. */
async function lintParts(tools: readonly LintTool[], options: { kdir?: string }): Promise<{ building: boolean; kdir: KernelDir | undefined; sparse: string | undefined; tarball: KernelSourceTarball | undefined }> {
  const building = tools.includes("sparse") || tools.includes("W=1");
  const kdir: KernelDir | undefined = building || options.kdir !== undefined ? await findKernelDir(options.kdir) : undefined;
  let sparse: string | undefined;
  if (tools.includes("sparse")) {
    sparse = await which("sparse");
    if (!sparse) throw new MissingPartError("sparse", "sparse is not installed");
  }
  if (building) {
    if (!(await which("make"))) throw new MissingPartError("make", "make is not installed");
    if (!(await which("gcc"))) throw new MissingPartError("gcc", "gcc is not installed");
  }
  let tarball: KernelSourceTarball | undefined;
  if (tools.includes("checkpatch")) {
    if (!(await which("perl"))) throw new MissingPartError("perl", "perl is not installed (checkpatch.pl is a perl program)");
    // In -f mode checkpatch reads the file through `diff -u /dev/null FILE`.
    if (!(await which("diff"))) throw new MissingPartError("checkpatch", "diff is not installed (checkpatch.pl -f runs it)", "diffutils");
    tarball = await findKernelSource(kdir?.release);
    if (!tarball) {
      throw new MissingPartError("checkpatch", "no kernel source tarball (/usr/src/linux-source-*.tar.xz) to take checkpatch.pl from", kernelSourcePackage(kdir?.release));
    }
  }
  return { building, kdir, sparse, tarball };
}

async function runCheckpatch(inputs: readonly LintInput[], tarball: KernelSourceTarball, options: { cacheDir?: string; onProgress?: LintOptions["onProgress"] }): Promise<CheckpatchReport[]> {
  const t0 = performance.now();
  const cp = await ensureCheckpatch({ tarball: tarball.path, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) });
  const reports = await runCheckpatchFiles({ files: inputs, script: cp.script });
  const count = reports.reduce((n, r) => n + r.findings.length, 0);
  options.onProgress?.("checkpatch", performance.now() - t0, `${cp.cached ? "" : `unpacked from ${basename(cp.tarball.path)}, `}${count} findings`);
  return reports;
}

/** A kernel module of several objects, as `port DIR` writes one: its files (.c and .h) under their paths, and its Kbuild names. */
export interface ModuleOfObjects {
  name: string;
  /** `NAME-y`: the objects Kbuild links into NAME.ko, `list.o`, `sub/util.o`. */
  objects: readonly string[];
  files: ReadonlyArray<{ path: string; source: string }>;
}

/**
 * Lints a module of several objects as Kbuild builds it: checkpatch.pl on every file (headers too),
 * and one `make C=2 W=1` of the module (`obj-m += NAME.o`, `NAME-y := …`) in a directory of its own,
 * sparse's and gcc's findings at the module's file they are in (findings carry its path), modpost's
 * about the module as a whole (file `NAME.ko`, line 0).
 */
export async function lintModuleOfObjects(module: ModuleOfObjects, options: Omit<LintOptions, "source" | "fileName"> = {}): Promise<LintReport> {
  const started = performance.now();
  const tools = lintTools.filter((t) => (options.tools ?? lintTools).includes(t));
  if (tools.length === 0) throw new VerifyInputError("no lint tool chosen");
  const { building, kdir, sparse, tarball } = await lintParts(tools, options);
  const inputs = module.files.map((f) => ({ source: f.source, fileName: f.path }));
  const [checkpatch, build] = await Promise.allSettled([tarball ? runCheckpatch(inputs, tarball, options) : undefined, building ? buildOfObjects(module, options, kdir!, tools, sparse) : undefined]);
  if (checkpatch.status === "rejected") throw checkpatch.reason;
  if (build.status === "rejected") throw build.reason;

  const findings: LintFinding[] = [];
  const ranTools: LintTool[] = [];
  const notes: string[] = [];
  const ignored = { sparse: 0, "W=1": 0 };
  if (checkpatch.value) {
    checkpatch.value.forEach((r, i) => findings.push(...checkpatchFindings(r, inputs[i]!.fileName)));
    ranTools.push("checkpatch");
  }
  if (build.value) {
    const { result, dir, checked } = build.value;
    const own = (file: string) => {
      const rel = relative(dir, resolve(dir, file)).split(sep).join("/");
      return module.files.some((f) => f.path === rel) ? rel : undefined;
    };
    if (tools.includes("sparse")) {
      if (checked) {
        ranTools.push("sparse");
        for (const s of parseSparseOutput(result.log)) {
          const file = own(s.file);
          if (file) findings.push({ ...s, tool: "sparse", file, code: "sparse" });
          else ignored.sparse++;
        }
      } else {
        const errors = result.errors.filter((d) => d.tool === "gcc" && d.file !== undefined && own(d.file)).length;
        notes.push(`sparse did not run: Kbuild stops before its check when gcc cannot compile the module (${plural(errors, "error")}${tools.includes("W=1") ? ", shown as W=1 findings" : "; lint with W=1 or build the module to see them"})`);
      }
    }
    if (tools.includes("W=1")) {
      ranTools.push("W=1");
      for (const d of [...result.errors, ...result.warnings]) {
        if (d.tool === "gcc" && d.file !== undefined) {
          const file = own(d.file);
          if (file) findings.push({ tool: "W=1", file, line: d.line ?? 0, column: d.column ?? 1, severity: d.severity, code: d.flag ?? "gcc", message: d.message });
          else ignored["W=1"]++;
          continue;
        }
        findings.push({ tool: "W=1", file: `${module.name}.ko`, line: 0, column: 0, severity: d.severity, code: d.tool, message: d.message.split(`${dir}/`).join("") });
      }
    }
  }
  if (ignored.sparse > 0) notes.push(`${plural(ignored.sparse, "sparse finding")} in kernel headers left out`);
  if (ignored["W=1"] > 0) notes.push(`${plural(ignored["W=1"], "W=1 finding")} in kernel headers left out`);
  const order = (t: LintTool) => lintTools.indexOf(t);
  const fileOrder = (f: string) => module.files.findIndex((m) => m.path === f);
  findings.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.line - b.line || a.column - b.column || order(a.tool) - order(b.tool));
  const counts = Object.fromEntries(lintTools.map((t) => [t, { error: 0, warning: 0, check: 0 }])) as Record<LintTool, LintCounts>;
  for (const f of findings) counts[f.tool][f.severity]++;
  return { findings, counts, ranTools: tools.filter((t) => ranTools.includes(t)), ignored, notes, durationMs: performance.now() - started };
}

/** One `make C=2 W=1` of a module of several objects in a temporary directory, removed afterwards. */
async function buildOfObjects(module: ModuleOfObjects, options: { onProgress?: LintOptions["onProgress"] }, kdir: KernelDir, tools: readonly LintTool[], sparse: string | undefined): Promise<{ result: BuildResult; dir: string; checked: boolean }> {
  const dir = await temporaryDirectory("kernelize-lint-");
  const makeArgs: string[] = ["V=0", "-k"];
  if (sparse) makeArgs.push("C=2", `CHECK=${sparse}`, "CF=-fdiagnostic-prefix");
  if (tools.includes("W=1")) makeArgs.push("W=1");
  try {
    const t0 = performance.now();
    for (const f of module.files) {
      await mkdir(dirname(join(dir, f.path)), { recursive: true });
      await writeFile(join(dir, f.path), f.source);
    }
    await writeFile(join(dir, "Kbuild"), `obj-m += ${module.name}.o\n${module.name}-y := ${module.objects.join(" ")}\n`);
    const result = await buildModule({ kdir: kdir.path, dir, makeArgs, timeoutMs: 300_000 + 10_000 * module.files.length });
    options.onProgress?.("build", performance.now() - t0, `make ${makeArgs.filter((a) => /^(C|W)=/.test(a)).join(" ")}: ${result.ok ? "built" : "failed"}`);
    return { result, dir, checked: /^\s+CHECK\s+\S+$/m.test(result.log) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkpatchFindings(report: CheckpatchReport, fileName: string): LintFinding[] {
  return report.findings.map((f) => ({
    tool: "checkpatch",
    file: fileName,
    line: f.line,
    column: f.column,
    severity: f.level === "ERROR" ? "error" : f.level === "WARNING" ? "warning" : "check",
    code: f.type,
    message: f.message,
  }));
}

interface LintBuildModule {
  /** Kbuild's name for the module (its file NAME.c, object NAME.o). */
  name: string;
  /** Kbuild printed its `CHECK` line for this module's file: sparse ran on it. */
  sparseRan: boolean;
  isFile(file: string): boolean;
  /** gcc's errors in this module's file. */
  gccErrors(result: BuildResult): number;
}

interface LintBuild {
  result: BuildResult;
  sparse: SparseDiagnostic[];
  modules: LintBuildModule[];
  /** A file of one of the modules (not a kernel header). */
  isModuleFile(file: string): boolean;
  dir: string;
}

/** One `make C=2 W=1` (or just the half asked for) over every input, each a module, in a temporary directory removed afterwards. */
async function lintBuild(inputs: readonly LintInput[], options: { jobs?: number; onProgress?: LintOptions["onProgress"] }, kdir: KernelDir, tools: readonly LintTool[], sparse: string | undefined): Promise<LintBuild> {
  // Kbuild names a module after its file, so each file gets a name Kbuild accepts, and one no other input has.
  const taken = new Set<string>();
  const names = inputs.map((input) => {
    const base = basename(input.fileName, ".c").replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d|$)/, "m");
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  });
  const dir = await temporaryDirectory("kernelize-lint-");
  // V=0: Kbuild's short `CHECK` line (even with KBUILD_VERBOSE in the environment) tells that sparse ran.
  // -k: a module gcc cannot compile does not stop the others.
  const makeArgs: string[] = ["V=0", "-k", `-j${Math.max(1, Math.min(inputs.length, options.jobs ?? availableParallelism()))}`];
  // CF reaches sparse's command line after Kbuild's own flags; the prefix marks sparse's lines in make's output.
  if (sparse) makeArgs.push("C=2", `CHECK=${sparse}`, "CF=-fdiagnostic-prefix");
  if (tools.includes("W=1")) makeArgs.push("W=1");
  try {
    const t0 = performance.now();
    for (const [i, input] of inputs.entries()) await writeFile(join(dir, `${names[i]}.c`), input.source);
    await writeFile(join(dir, "Kbuild"), `obj-m += ${names.map((n) => `${n}.o`).join(" ")}\n`);
    const result = await buildModule({ kdir: kdir.path, dir, makeArgs, timeoutMs: 300_000 + 10_000 * inputs.length });
    const diagnostics = parseSparseOutput(result.log);
    const files = new Set(names.map((n) => join(dir, `${n}.c`)));
    options.onProgress?.("build", performance.now() - t0, `make ${makeArgs.filter((a) => /^(C|W)=/.test(a)).join(" ")}: ${result.ok ? "built" : "failed"}`);
    const checked = new Set([...result.log.matchAll(/^\s+CHECK\s+(\S+)$/gm)].map((m) => resolve(dir, m[1]!)));
    return {
      result,
      sparse: diagnostics,
      modules: names.map((name) => {
        const file = join(dir, `${name}.c`);
        const isFile = (f: string) => resolve(dir, f) === file;
        return {
          name,
          sparseRan: checked.has(file),
          isFile,
          gccErrors: (r: BuildResult) => r.errors.filter((d) => d.tool === "gcc" && d.file !== undefined && isFile(d.file)).length,
        };
      }),
      isModuleFile: (f) => files.has(resolve(dir, f)),
      dir,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * gcc's, modpost's and make's findings for one module of the build, apart from those in headers.
 * modpost, ld and make speak of modules, not files: a message naming one module goes to it, one
 * naming none to every module.
 */
function compilerFindings(build: LintBuild, module: LintBuildModule, fileName: string): { own: LintFinding[]; others: number } {
  const own: LintFinding[] = [];
  let others = 0;
  const names = build.modules.map((m) => m.name);
  for (const d of [...build.result.errors, ...build.result.warnings]) {
    if (d.tool === "gcc" && d.file !== undefined) {
      if (module.isFile(d.file)) own.push({ tool: "W=1", file: fileName, line: d.line ?? 0, column: d.column ?? 1, severity: d.severity, code: d.flag ?? "gcc", message: d.message });
      else if (!build.isModuleFile(d.file)) others++;
      continue;
    }
    const message = d.message.split(`${build.dir}/`).join("");
    const named = names.filter((n) => [".ko", ".o", ".mod.o", ".c"].some((ext) => hasWord(message, `${n}${ext}`)));
    if (named.length > 0 && !named.includes(module.name)) continue;
    own.push({ tool: "W=1", file: fileName, line: 0, column: 0, severity: d.severity, code: d.tool, message });
  }
  return { own, others };
}

export interface SparseDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  message: string;
  notes?: string[];
}

const SPARSE_LINE = /^(.+?):(\d+):(\d+): sparse: (?:(warning|error): )?(.*)$/;

/**
 * Reads sparse's lines from make's output: with `-fdiagnostic-prefix` each is
 * `FILE:LINE:COL: sparse: warning|error: message`, and its detail lines
 * (`FILE:LINE:COL: sparse:    expected …`) follow at the same place without a severity.
 * gcc's lines, Kbuild's progress and sparse's `note: in included file` context are not sparse findings.
 */
export function parseSparseOutput(log: string): SparseDiagnostic[] {
  const out: SparseDiagnostic[] = [];
  let current: SparseDiagnostic | undefined;
  for (const raw of log.split("\n")) {
    const m = SPARSE_LINE.exec(raw.replace(/\r$/, ""));
    if (!m) {
      current = undefined;
      continue;
    }
    const [, file, line, column, severity, text] = m;
    if (severity) {
      current = { file: file!, line: Number(line), column: Number(column), severity: severity as "error" | "warning", message: text! };
      out.push(current);
    } else if (current && current.file === file && current.line === Number(line) && text!.trim() !== "") {
      (current.notes ??= []).push(text!.trim());
    }
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** `checkpatch: 7 errors, 6 warnings, 0 checks; sparse: 2 warnings; W=1: 2 warnings` for the tools asked for. */
export function formatLintSummary(report: LintReport, tools: readonly LintTool[] = lintTools): string {
  const parts: string[] = [];
  for (const tool of lintTools.filter((t) => tools.includes(t))) {
    const c = report.counts[tool];
    if (!report.ranTools.includes(tool)) parts.push(`${tool}: did not run`);
    else if (tool === "checkpatch") parts.push(`${tool}: ${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${plural(c.check, "check")}`);
    else parts.push(`${tool}: ${c.error > 0 ? `${plural(c.error, "error")}, ` : ""}${plural(c.warning, "warning")}`);
  }
  return parts.join("; ");
}

/** One finding as a compiler prints it: `FILE:LINE:COL: severity: message [tool code]`. */
export function formatLintFinding(f: LintFinding): string {
  const where = f.line > 0 ? `${f.file}:${f.line}:${f.column}` : f.file;
  const detail = f.notes?.length ? ` (${f.notes.join("; ")})` : "";
  const tag = f.tool === "sparse" ? "sparse" : `${f.tool} ${f.code}`;
  return `${where}: ${f.severity}: ${f.message}${detail} [${tag}]`;
}
