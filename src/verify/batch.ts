// `kernelize run` and `check` on many programs: ported and built in parallel, every module through one boot, one row per program saying how far it got and why it stopped.
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import pLimit from "p-limit";
import type { Diagnostic } from "../core/diagnostics.js";
import type { TranslateOptions } from "../core/translate.js";
import { translate } from "../node-language.js";
import { type BatchVm, type BatchVmStats, startBatchVm } from "./batch-vm.js";
import { type CheckResult, type ExpectedBehaviour, notLoadable, runCheck } from "./check.js";
import { buildModule, type BuildResult, type KernelDir } from "./kbuild.js";
import { lineMapOfPort } from "./line-map.js";
import { VerifyInputError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";
import { rm } from "node:fs/promises";
import type { Accelerator, FailureKind, RunResult } from "./vm.js";

export type BatchMode = "run" | "check";

export interface BatchProgram {
  /** How the program is named in the report (its path as given, or a corpus id). */
  name: string;
  /** The file name the program goes by (err() prints its stem; `__FILE__`). */
  fileName: string;
  text: string;
  /** A recorded run the success path is held to (check only). */
  expected?: ExpectedBehaviour;
  /** The module's name (translate()'s `name`); default: what the port derives. */
  moduleName?: string;
}

export interface BatchOptions {
  mode: BatchMode;
  kdir: KernelDir;
  /** How every program is ported (style, release, author…); fileName and name are each program's own. */
  translate?: Omit<TranslateOptions, "fileName" | "name">;
  /** Ports, builds and program runs at once; default: the number of cores. */
  jobs?: number;
  /** Each module's watchdog in the guest; default 20 s. */
  moduleTimeoutMs?: number;
  kernel?: string;
  accel?: Accelerator | "auto";
  cacheDir?: string;
  /** check: at most this many allocation failures per program (spread evenly); default all. */
  maxFailures?: number;
  /** run: module parameters for every module. */
  params?: readonly string[];
  onProgress?: (progress: BatchProgress) => void;
}

export interface BatchProgress {
  done: number;
  total: number;
  /** The programs being worked on now. */
  current: string[];
  elapsedMs: number;
  /** The row that just finished, when one did. */
  finished?: BatchRow;
}

/**
 * How far a program got, in order: refused by the port, the port failed to build (or the program
 * did not compile), the module crashed the guest or hung, it failed to load or unload (run), its
 * behaviour differs from the program's (check), it leaks, the program itself crashed or made an
 * invalid access where the module did what was asked of it (check: the program's bug), it built
 * with warnings; else it works.
 */
export type BatchStatus = "works" | "refused" | "build-failed" | "crashed" | "hung" | "load-failed" | "differs" | "leaks" | "program-bug" | "warnings" | "error";

export interface BatchRow {
  name: string;
  module?: string;
  status: BatchStatus;
  works: boolean;
  /** One line: why the program does not work (the first refusal, build error, difference…). */
  why?: string;
  /** The first error the port reported, when it refused. */
  refusal?: { code: string; message: string; line?: number; column?: number };
  build?: { ok: boolean; errors: number; warnings: number; messages: string[] };
  /** The module loaded and unloaded (run), or loaded on the success path (check). */
  loaded?: boolean;
  /** check: every scenario matched. */
  matched?: boolean;
  leaked?: boolean;
  /** The guest trouble the module caused, when it did. */
  failure?: FailureKind;
  scenarios?: { total: number; matched: number };
  check?: CheckResult;
  run?: RunResult;
  ms: number;
}

export interface BatchReport {
  mode: BatchMode;
  rows: BatchRow[];
  works: number;
  total: number;
  /** The guest: boots (1 unless a module took one down), each module's time in it. */
  vm: BatchVmStats & { accel: Accelerator };
  wallMs: number;
}

/**
 * Ports every program, builds the ports (`jobs` at once) and sends each module to one booting
 * guest as soon as it is built; check also runs each program under valgrind with every allocation
 * failed in turn. One program's trouble (a refusal, a build error, an oops, a hang) is its row's
 * and the others go on.
 */
export async function runBatch(programs: readonly BatchProgram[], options: BatchOptions): Promise<BatchReport> {
  if (programs.length === 0) throw new VerifyInputError("no programs to run");
  const started = performance.now();
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const limit = pLimit(jobs);
  const vm = await startBatchVm({
    ...(options.kdir.release ? { release: options.kdir.release } : {}),
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
    ...(options.accel !== undefined ? { accel: options.accel } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.moduleTimeoutMs !== undefined ? { moduleTimeoutMs: options.moduleTimeoutMs } : {}),
  });
  const current = new Set<string>();
  let done = 0;
  const progress = (finished?: BatchRow) => options.onProgress?.({ done, total: programs.length, current: [...current], elapsedMs: performance.now() - started, ...(finished ? { finished } : {}) });
  try {
    // Each program holds a job while it ports and builds, not while it waits for the guest.
    const rows = await Promise.all(
      programs.map(async (program) => {
        const t0 = performance.now();
        let row: BatchRow;
        try {
          row = await limit(async () => {
            current.add(program.name);
            progress();
            return portOne(program, options);
          }).then((ported) => ("status" in ported ? ported : verifyOne(program, ported, vm, limit, options)));
        } catch (e) {
          // One program's trouble is its own row: bad input (a program gcc refuses) or a bug of
          // kernelize's, named as such; the other programs go on either way.
          const message = e instanceof Error ? e.message : String(e);
          const why = e instanceof VerifyInputError ? message.split("\n")[0]! : `internal error: ${message.split("\n")[0]!}`;
          row = { name: program.name, status: "error", works: false, why, ms: 0 };
        }
        row.ms = performance.now() - t0;
        current.delete(program.name);
        done++;
        progress(row);
        return row;
      }),
    );
    const works = rows.filter((r) => r.works).length;
    return { mode: options.mode, rows, works, total: rows.length, vm: { ...vm.stats, accel: vm.accel }, wallMs: performance.now() - started };
  } finally {
    await vm.close();
  }
}

interface Ported {
  module: string;
  name: string;
  edits: NonNullable<Awaited<ReturnType<typeof translate>>["edits"]>;
  layoutEdits: NonNullable<Awaited<ReturnType<typeof translate>>["layoutEdits"]>;
}

async function portOne(program: BatchProgram, options: BatchOptions): Promise<Ported | BatchRow> {
  const result = await translate(program.text, { ...options.translate, fileName: program.fileName, ...(program.moduleName !== undefined ? { name: program.moduleName } : {}) });
  const error = result.diagnostics.find((d: Diagnostic) => d.severity === "error");
  if (!result.ok || error || !result.module || !result.names) {
    const refusal = error
      ? { code: error.code, message: error.message, ...(error.range ? { line: error.range.line, column: error.range.column } : {}) }
      : { code: "K0000", message: "the port produced no module" };
    const where = refusal.line !== undefined ? `${program.fileName}:${refusal.line}:${refusal.column}: ` : "";
    return { name: program.name, status: "refused", works: false, why: `${where}${refusal.code}: ${refusal.message}`, refusal, ms: 0 };
  }
  return { module: result.module, name: result.names.module, edits: result.edits, layoutEdits: result.layoutEdits };
}

/**
 * The build's messages, each at the user's own line where the port's line maps to one (`where`), else
 * at the file's name: the build ran in a temporary directory whose path says nothing to the reader.
 */
function buildSummary(build: Pick<BuildResult, "ok" | "errors" | "warnings">, where?: (file: string, line: number) => string | undefined): NonNullable<BatchRow["build"]> {
  const place = (d: BuildResult["errors"][number]) => {
    if (d.original) return `${d.original.file}:${d.original.line}`;
    if (!d.file) return d.tool;
    return (d.line !== undefined ? where?.(basename(d.file), d.line) : undefined) ?? `${basename(d.file)}:${d.line ?? ""}`;
  };
  const line = (d: BuildResult["errors"][number]) => `${place(d)}: ${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ""}`;
  return { ok: build.ok, errors: build.errors.length, warnings: build.warnings.length, messages: [...build.errors, ...build.warnings].map(line) };
}

async function verifyOne(program: BatchProgram, port: Ported, vm: BatchVm, limit: ReturnType<typeof pLimit>, options: BatchOptions): Promise<BatchRow> {
  const base = { name: program.name, module: port.name, ms: 0 };
  if (options.mode === "check") {
    const check = await runCheck({
      program: { text: program.text, fileName: program.fileName },
      port,
      kdir: options.kdir.path,
      ...(options.kdir.release ? { release: options.kdir.release } : {}),
      vm: vm.slot(),
      // Each module has the batch's watchdog, and each program run the same limit; no limit for the whole.
      timeoutMs: Number.POSITIVE_INFINITY,
      limit: (work) => limit(work),
      ...(program.expected ? { expected: program.expected } : {}),
      ...(options.maxFailures !== undefined ? { maxFailures: options.maxFailures } : {}),
      // The program gets the module's watchdog: a program that never ends is reported, not waited for.
      programTimeoutMs: options.moduleTimeoutMs ?? 20_000,
      ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    });
    // The test build compiles the port as NAME_port.c: its lines are the port's.
    const map = lineMapOfPort(program.text, port);
    const where = (file: string, line: number) => {
      const original = file === `${port.name}_port.c` ? map.line(line) : undefined;
      return original !== undefined ? `${program.fileName}:${original}` : undefined;
    };
    return { ...base, ...checkVerdict(check, where), check };
  }
  const dir = await temporaryDirectory("kernelize-batch-build-");
  try {
    const map = lineMapOfPort(program.text, port);
    const build = await limit(() => buildModule({ kdir: options.kdir.path, source: port.module, name: port.name, into: dir, mapPosition: map.position, originalFile: program.fileName }));
    const summary = buildSummary(build);
    if (!build.ok || !build.koPath) return { ...base, status: "build-failed", works: false, why: summary.messages[0] ?? "the build failed", build: summary };
    // Built, but it would run off a function's end or overrun the stack: never loaded.
    const unsafe = notLoadable(build.log);
    if (unsafe) return { ...base, status: "build-failed", works: false, why: unsafe.message, build: { ...summary, ok: false, errors: summary.errors + 1, messages: [unsafe.message, ...summary.messages] } };
    const run = await vm.slot().run({ koPath: build.koPath, params: options.params ?? [] });
    const { log: _log, ...buildRest } = build;
    return { ...base, ...runVerdict(run, summary), run: { ...run, build: buildRest as BuildResult } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A check's row: the first thing that went wrong, in the order of BatchStatus. */
export function checkVerdict(check: CheckResult, where?: (file: string, line: number) => string | undefined): Omit<BatchRow, "name" | "ms"> {
  const build = buildSummary(check.build, where);
  if (!check.build.ok) return { status: "build-failed", works: false, why: build.messages[0] ?? "the build failed", build };
  const troubles = check.rows.map((r) => r.module.trouble).filter((t): t is string => t !== undefined);
  const kindOf = (t: string) => /^(oops|panic|timeout|warning|no-boot|incomplete): /.exec(t)?.[1] as FailureKind | undefined;
  const failure = troubles.map(kindOf).find((k) => k !== undefined && k !== "incomplete") ?? troubles.map(kindOf).find((k) => k !== undefined);
  const matched = check.rows.filter((r) => r.verdict === "MATCH").length;
  const scenarios = { total: check.rows.length, matched };
  const loaded = check.rows[0]?.module.status === "0" || (check.rows[0] !== undefined && check.rows[0].module.status.startsWith("-"));
  const leaked = check.rows.some((r) => r.program.leaks.length > 0 || r.module.leaks.length > 0);
  const common = { build, scenarios, loaded, matched: matched === check.rows.length, leaked, ...(failure ? { failure } : {}) };
  const firstDifference = check.rows.find((r) => r.differences.length > 0);
  const why = firstDifference ? `${firstDifference.name}: ${firstDifference.differences[0]}` : undefined;
  // The guest's trouble is the row's reason, with the scenario it came in.
  const troubleRow = check.rows.find((r) => r.module.trouble !== undefined && kindOf(r.module.trouble) === failure);
  const troubleWhy = troubleRow ? `${troubleRow.name}: ${troubleRow.module.trouble}` : undefined;
  if (failure === "oops" || failure === "panic" || failure === "warning") return { ...common, status: "crashed", works: false, why: troubleWhy ?? why ?? failure };
  if (failure === "timeout") return { ...common, status: "hung", works: false, why: troubleWhy ?? why ?? "timeout" };
  if (firstDifference) return { ...common, status: "differs", works: false, ...(why ? { why } : {}) };
  // A leak in a row that is the program's own bug (BUG) is no verdict of its own: the row says BUG.
  // A leak is the module's where it leaks; where only the program leaked (memory it left for its
  // process's exit, which the module frees), the row is the program's own bug, as a BUG row is.
  const leakRow = check.rows.find((r) => r.verdict === "LEAK" && r.module.leaks.length > 0);
  if (leakRow) {
    const row = leakRow;
    return { ...common, status: "leaks", works: false, why: `${row.name}: leaks ${row.leakBlame === "user" ? "as the program does" : "where the program does not"}` };
  }
  const bug = check.rows.find((r) => r.verdict === "BUG");
  if (bug) return { ...common, status: "program-bug", works: false, why: `${bug.name}: the program's own bug: ${bug.program.trouble ?? "?"}` };
  const programLeak = check.rows.find((r) => r.verdict === "LEAK");
  if (programLeak) return { ...common, status: "program-bug", works: false, why: `${programLeak.name}: the program's own bug: it leaks what it allocated at ${programLeak.program.leaks[0]?.site ?? "?"}, which the module frees` };
  if (check.build.warnings.length > 0) return { ...common, status: "warnings", works: false, why: build.messages[0]! };
  return { ...common, status: "works", works: true };
}

/** A run's row: built, loaded and unloaded with nothing wrong in the kernel, and no build warning. */
export function runVerdict(run: RunResult, build: NonNullable<BatchRow["build"]>): Omit<BatchRow, "name" | "ms"> {
  const common = { build, loaded: run.load.ok && run.unload.ok, ...(run.failure ? { failure: run.failure.kind } : {}) };
  const kind = run.failure?.kind;
  if (kind === "oops" || kind === "panic" || kind === "warning") return { ...common, status: "crashed", works: false, why: run.failure!.message };
  if (kind === "timeout") return { ...common, status: "hung", works: false, why: run.failure!.message };
  if (!run.ok) {
    const step = !run.load.ok ? run.load : run.unload;
    const what = !run.load.ok ? "init" : "exit";
    return { ...common, status: "load-failed", works: false, why: run.failure?.message ?? `${what}: ${step.errnoName ?? step.message ?? "failed"}` };
  }
  if (build.warnings > 0) return { ...common, status: "warnings", works: false, why: build.messages[0]! };
  return { ...common, status: "works", works: true };
}
