// `kernelize check`: the program and its port run side by side on the success path and every allocation-failure path, compared, leaks counted.
import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { diffLines } from "diff";
import type { AppliedEdit } from "../core/edits.js";
import { cutAtRecordLimit, joinLineParts, LINE_PART_BYTES, RECORD_TEXT_KEPT_6_1 } from "../core/log-lines.js";
import { portOnlyAllocationSites, type PortOnlySite, programPortOnlySites } from "./allocation-origins.js";
import { buildFaultModule, parseFaultLog, type FaultLog } from "./fault.js";
import type { BuildResult, CompilerDiagnostic } from "./kbuild.js";
import { lineMapOfPort } from "./line-map.js";
import { compileProgram, type Leak, type ProgramRun, runProgram, runProgramEach } from "./userspace.js";
import { type Accelerator, type GuestVm, type LogLine, type ScenarioResult, type ScenariosRunResult, startVm } from "./vm.js";
import { temporaryDirectory } from "./temp.js";

/** The rules that move a stack array to the heap: the allocations they add are the port's own. */

export interface CheckOptions {
  /** The user's program and the name it goes by (`user_code.c`). */
  /** `cflags`: a program of several files' own -I, -D and -U (its compile_commands.json's), for its userspace build. */
  program: { text: string; fileName: string; files?: ReadonlyArray<{ path: string; text: string }>; cflags?: readonly string[] };
  /**
   * translate()'s result for it; for a program of several files (`program.files`), the ported files
   * (`files`), and `module` their texts joined (read for the log prefix and the port's messages).
   */
  /** `ccflags`: the module Makefile's ccflags-y (a program's -D and -U), for the test build of a module of several objects. */
  port: {
    module: string;
    name: string;
    edits: readonly AppliedEdit[];
    /** What the kernel style's layout changed after the rules (translate()'s layoutEdits), for the line map. */
    layoutEdits?: readonly AppliedEdit[];
    files?: ReadonlyArray<{ path: string; text: string; source?: string }>;
    /** A module of several objects: the port's edits in its files (translateProgram()'s), where its own allocation sites are found. */
    fileEdits?: ReadonlyArray<AppliedEdit & { file: string; outputFile: string }>;
    rulesFired?: readonly string[];
    ccflags?: readonly string[];
  };
  kdir: string;
  release?: string;
  kernel?: string;
  /** Arguments for the program, and the module parameters that do the same for the module. */
  programArgs?: readonly string[];
  moduleParams?: readonly string[];
  /** A wall-clock limit for the whole check (the program's runs and the boot with every scenario); default 60 s. */
  timeoutMs?: number;
  accel?: Accelerator | "auto";
  cacheDir?: string;
  onStep?: (step: CheckStep, ms: number, detail?: string) => void;
  /** A guest already booting (startVm() with the options above), for a caller that starts it before porting; check ends it. */
  vm?: GuestVm;
  /**
   * Runs the work that keeps a core busy (the test build, the program under valgrind), so a batch
   * can bound how many run at once; the guest's turn is not inside it. Default: run it now.
   */
  limit?: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * What the program is known to do on its success path (a recorded run): the success row holds
   * the module to it rather than to this machine's run, which is still made to count allocations
   * and leaks; a difference between the two is a note.
   */
  expected?: ExpectedBehaviour;
  /**
   * At most this many allocation failures are injected, spread evenly over the program's
   * allocations from the first to the last (default: every one); the report says how many ran.
   */
  maxFailures?: number;
  /** Each run of the program (under valgrind) is killed after this long; default 30 s. */
  programTimeoutMs?: number;
}

/** A program's recorded behaviour: exit status and exact output. */
export interface ExpectedBehaviour {
  exit: number;
  stdout: string;
  stderr: string;
}

export type CheckStep = "program" | "build" | "vm";

/** What one side did in one scenario, in the terms the two sides share. */
export interface SideOutcome {
  /** stdout lines (program) or KERN_INFO lines (module). */
  out: string[];
  /** stderr lines (program) or KERN_ERR/KERN_WARNING lines (module), each without the program's name at its start. */
  errors: string[];
  /** Program: exit status (`signal SIGSEGV` when killed). Module: `0` or the errno name init returned. */
  status: string;
  ok: boolean;
  /** Allocations this scenario made before it ended. */
  allocations: number;
  leaks: SiteLeak[];
  /** A crash, hang, invalid access or failed unload: what went wrong beyond the comparison. */
  trouble?: string;
}

export interface SiteLeak {
  /** The allocation site in the user's program (`user_code.c:16`), when known. */
  site?: string;
  /** Module side: the port's own line (`example.c:13`). */
  moduleSite?: string;
  bytes?: number;
  /** user: the program leaks here too (the port inherited it); port: only the port leaks. */
  blame: "user" | "port";
}

export interface ScenarioRow {
  /** `success`, `fail #k` (the program's k-th allocation), or `fail port #s` (the port's s-th own site). */
  name: string;
  failAt: number;
  /** For `fail port #s`: s, the port's own allocation site that was failed (1-based). */
  portSite?: number;
  /** The allocation that was failed: its site in the user's code and the function on each side. */
  failed?: { site: string; programFn?: string; moduleFn?: string; moduleSite?: string; portOnly?: boolean };
  program: SideOutcome;
  module: SideOutcome;
  /** Empty when both sides did the same. */
  differences: string[];
  /** What was allowed for and why (a message the kernel style leaves out on purpose). */
  notes?: string[];
  /**
   * BUG: the program itself crashed or made an invalid access (valgrind) in this scenario, and the
   * module did what is asked of it there (below): the program's bug, not the port's difference.
   */
  verdict: "MATCH" | "DIFFER" | "LEAK" | "BUG";
  /** For a leak: whose it is. `user` when every module leak is one the program has too. */
  leakBlame?: "user" | "port";
}

export interface CheckResult {
  file: string;
  module: string;
  rows: ScenarioRow[];
  /**
   * Allocations on the success path: the N behind fail #1 … fail #N (the module's count is of the
   * allocations the program makes too), and how many the port makes that the program does not.
   */
  allocations: { program: number; module: number; portOnly?: number };
  /** The port's own allocation sites, each failed once in a `fail port #s` row. */
  portSites?: PortSiteSummary[];
  /** When maxFailures left some out: how many failures were injected. */
  injected?: number;
  /** Every row matches and nothing leaked on either side. */
  ok: boolean;
  build: Pick<BuildResult, "ok" | "errors" | "warnings" | "durationMs">;
  vm?: Pick<ScenariosRunResult, "accel" | "durationMs" | "bootMs" | "waitMs" | "kernel">;
  timings: { programMs: number; buildMs: number; vmMs: number };
}

/** One of the port's own allocation sites, as the report names it. */
export interface PortSiteSummary {
  /** 1-based: the s of `fail port #s`. */
  number: number;
  /** The user's line it stands on (`user.c:6`, a moved array's declaration). */
  site: string;
  /** The port's line (`example.c:13`). */
  moduleSite: string;
  fn: string;
  ruleId: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Boots the guest at once, and while it boots builds the port's test build and runs the program in
 * count mode under valgrind; when both are done the module goes to the guest with scenarios
 * kz_fail_at=0 … N, all in one boot, while the program runs fail #1 … #N under valgrind beside it.
 * Then compares row by row. N is the program's count on its success path: the port is held to the
 * program's behaviour.
 */
export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const timing = (step: CheckStep) => {
    const started = performance.now();
    return (detail?: string) => {
      const ms = performance.now() - started;
      options.onStep?.(step, ms, detail);
      return ms;
    };
  };
  // The guest needs nothing from the program or the module until it asks for the module.
  const vmDone = timing("vm");
  const vm = options.vm ?? await startVm({
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.kernel !== undefined ? { kernel: options.kernel } : {}),
    ...(options.release !== undefined ? { release: options.release } : {}),
    ...(options.accel !== undefined ? { accel: options.accel } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
  });
  const limit = options.limit ?? (<T>(work: () => Promise<T>) => work());
  // --timeout is a wall-clock limit for the whole check: the program's runs and the module's budget share it.
  const deadline = performance.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const left = () => Math.max(1000, deadline - performance.now());
  const dir = await temporaryDirectory("kernelize-check-");
  let building: Promise<{ build: BuildResult; ms: number }> | undefined;
  let failing: Promise<ProgramRun[]> | undefined;
  try {
    // The test build needs nothing from the program, so it starts first and runs alongside it.
    const buildDone = timing("build");
    building = limit(() =>
      buildFaultModule({
        kdir: options.kdir,
        name: options.port.name,
        moduleText: options.port.files ?? options.port.module,
        dir: join(dir, "module"),
        ...(options.port.ccflags ? { ccflags: options.port.ccflags } : {}),
        ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
      }),
    ).then((build) => {
      const ms = buildDone(build.ok ? "test build with counted allocations" : "failed");
      return { build, ms };
    });
    // The program's success path says how many scenarios there are.
    const programDone = timing("program");
    const args = options.programArgs ?? [];
    const programTimeout = () => ({ timeoutMs: Math.min(options.programTimeoutMs ?? 30_000, left()) });
    const { compiled, success } = await limit(async () => {
      const compiled = await compileProgram({
        source: options.program.text,
        fileName: options.program.fileName,
        dir: join(dir, "program"),
        ...(options.program.files ? { files: options.program.files, programName: options.port.name } : {}),
        ...(options.program.cflags ? { cflags: options.program.cflags } : {}),
      });
      // Half of what is left at most: a program that never ends still leaves its module a turn.
      return { compiled, success: await runProgram(compiled, { failAt: 0, valgrind: true, args, timeoutMs: Math.min(programTimeout().timeoutMs, left() / 2) }) };
    });
    const count = success.allocations.length;
    const ks = spreadFailures(success.allocations.map((a) => a.index), options.maxFailures);
    const { build, ms: buildMs } = await building;
    // A function that runs off its end (a noreturn one that returns, objtool's "falls through to
    // next function") runs into whatever code follows, and one frame over a quarter of the stack
    // overruns it: such a module is never loaded.
    const runOff = build.ok ? notLoadable(build.log) : undefined;
    const runsOff = runOff !== undefined;
    const buildSummary = { ok: build.ok && !runsOff, errors: runOff ? [...build.errors, runOff] : build.errors, warnings: build.warnings, durationMs: build.durationMs };
    if (!build.ok || !build.koPath || runsOff) {
      await vm.cancel();
      const programMs = programDone("not all run: the test build failed");
      return { file: options.program.fileName, module: options.port.name, rows: [], allocations: { program: count, module: 0 }, ok: false, build: buildSummary, timings: { programMs, buildMs, vmMs: 0 } };
    }
    // The port's own allocation sites are counted apart, so that kz_fail_at=k fails the program's
    // k-th allocation on both sides; each of them is then failed once in a scenario of its own.
    // In a module of several objects, each site also names its file (kz_port_file).
    const portSites = options.port.files
      ? options.program.files && options.port.fileEdits
        ? programPortOnlySites(options.program.files, options.port.files, options.port.fileEdits).filter((p) => !p.file!.includes(","))
        : []
      : portOnlyAllocationSites(options.program.text, options.port.module, options.port.edits);
    const siteParams =
      portSites.length === 0
        ? []
        : [
            `kz_port_first=${portSites.map((p) => p.firstLine).join(",")}`,
            `kz_port_last=${portSites.map((p) => p.lastLine).join(",")}`,
            ...(options.port.files ? [`kz_port_file=${portSites.map((p) => p.file).join(",")}`] : []),
          ];
    const booting = vm.runScenarios({
      koPath: build.koPath,
      deadline,
      scenarios: [
        ...[0, ...ks].map((k) => [`kz_fail_at=${k}`, ...siteParams, ...(options.moduleParams ?? [])]),
        ...portSites.map((_, i) => ["kz_fail_at=0", `kz_fail_port_site=${i + 1}`, ...siteParams, ...(options.moduleParams ?? [])]),
      ],
    });
    booting.catch(() => undefined); // awaited below, after the program's runs; not an unhandled rejection meanwhile
    // fail #1 … #N run beside the guest, leaving it a core of its own: on a small machine the
    // guest's vCPU is the longest path, and one more valgrind beside it only slows it down. Each
    // valgrind runs its share of the scenarios in forked children: it starts once, not once per k.
    const groups = Math.min(ks.length, Math.max(1, availableParallelism() - 1));
    const shares = Array.from({ length: groups }, (_, g) => ks.filter((_, i) => i % groups === g));
    failing = Promise.all(shares.map((share) => limit(() => runProgramEach(compiled, share, { args, ...programTimeout() })))).then((runs) => {
      const byK = new Map(runs.flat().map((r) => [r.failAt, r]));
      return ks.map((k) => byK.get(k)!);
    });
    const programRuns = [success, ...(await failing)];
    const programMs = programDone(`${count} allocations, ${count + 1} runs under valgrind`);
    const vmResult = await booting;
    const vmMs = vmDone(`${vmResult.scenarios.length} scenarios in one boot`);

    const map = lineMapOfPort(options.program.text, options.port);
    const moduleFile = `${options.port.name}_port.c`;
    const fileMaps = options.port.files && options.program.files ? portedLineMaps(options.program.files, options.port.files) : undefined;
    const userSite = (file: string, line: number) => {
      if (fileMaps) {
        const m = fileMaps.get(file);
        const original = m?.lines[line - 1];
        return m && original !== undefined ? `${m.source}:${original}` : undefined;
      }
      if (file !== moduleFile) return undefined;
      const original = map.line(line);
      return original !== undefined ? `${options.program.fileName}:${original}` : undefined;
    };
    const context: CompareContext = { programName: compiled.programName, moduleName: options.port.name, userSite, ...logPrefixOf(options.port), oomMessagesRemoved: options.port.edits.some((e) => e.ruleId === "oom-messages-removed") || (options.port.rulesFired ?? []).includes("oom-messages-removed"), voidMain: options.port.edits.some((e) => e.ruleId === "void-main-returns-int") || (options.port.rulesFired ?? []).includes("void-main-returns-int") };
    const summaries: PortSiteSummary[] = portSites.map((p, i) => portSiteSummary(p, i + 1, options.program.fileName, options.port.name));
    const successRun = options.expected ? recordedRun(success, options.expected) : success;
    const failureMessages = new Set(programRuns.slice(1).flatMap((run) => programOutcome(run, compiled.programName).errors));
    const rows = [
      ...programRuns.map((run, i) => compareScenario(i === 0 ? successRun : run, vmResult.scenarios[i]!, { ...context, portSites: summaries, success: successRun })),
      ...summaries.map((site, i) => comparePortFailure(successRun, vmResult.scenarios[programRuns.length + i]!, site, { ...context, failureMessages })),
    ];
    if (options.expected) {
      const seen = programOutcome(success, compiled.programName);
      const recorded = programOutcome(recordedRun(success, options.expected), compiled.programName);
      if (seen.status !== recorded.status || seen.out.join("\n") !== recorded.out.join("\n") || seen.errors.join("\n") !== recorded.errors.join("\n")) {
        rows[0]!.notes = [...(rows[0]!.notes ?? []), "this machine's run of the program differs from the recorded one; the module is held to the recorded one"];
      }
    }
    const successLog = parseFaultLog(vmResult.scenarios[0]!.log.map((l) => l.text));
    const moduleCount = successLog.allocations.length;
    if (moduleCount !== count && rows[0]) {
      rows[0].differences.push(`the program allocates ${count} times on its success path, the port ${moduleCount} times`);
      rows[0].verdict = "DIFFER";
    }
    return {
      file: options.program.fileName,
      module: options.port.name,
      rows,
      allocations: { program: count, module: moduleCount, ...(successLog.portAllocations.length > 0 ? { portOnly: successLog.portAllocations.length } : {}) },
      ...(summaries.length > 0 ? { portSites: summaries } : {}),
      ...(ks.length < count ? { injected: ks.length } : {}),
      ok: rows.every((r) => r.verdict === "MATCH"),
      build: buildSummary,
      vm: {
        accel: vmResult.accel,
        durationMs: vmResult.durationMs,
        ...(vmResult.bootMs !== undefined ? { bootMs: vmResult.bootMs } : {}),
        ...(vmResult.waitMs !== undefined ? { waitMs: vmResult.waitMs } : {}),
        kernel: vmResult.kernel,
      },
      timings: { programMs, buildMs, vmMs },
    };
  } finally {
    await vm.cancel();
    // Let make and valgrind finish before their directory is removed.
    await building?.catch(() => undefined);
    await failing?.catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * For a module of several files, where each line of each ported file came from in the program's
 * file it was ported from (the port's file name as the guest reports it, __FILE__, is the key): the
 * lines the two texts share map one to one, a changed line to the line it replaced (or, added, to
 * the program's line before it).
 */
function portedLineMaps(program: ReadonlyArray<{ path: string; text: string }>, port: ReadonlyArray<{ path: string; text: string; source?: string }>): Map<string, { source: string; lines: number[] }> {
  const maps = new Map<string, { source: string; lines: number[] }>();
  const texts = new Map(program.map((f) => [f.path, f.text]));
  for (const f of port) {
    const source = f.source ?? f.path;
    const original = texts.get(source);
    if (original === undefined) continue;
    const lines: number[] = [];
    let userLine = 0;
    let removed: number[] = [];
    for (const part of diffLines(original, f.text)) {
      const n = part.count ?? part.value.split("\n").length - 1;
      if (part.removed) {
        removed = Array.from({ length: n }, (_, i) => userLine + i + 1);
        userLine += n;
      } else if (part.added) {
        for (let i = 0; i < n; i++) lines.push(removed.length > 0 ? removed[Math.min(i, removed.length - 1)]! : Math.max(1, userLine));
        removed = [];
      } else {
        for (let i = 0; i < n; i++) lines.push(++userLine);
        removed = [];
      }
    }
    maps.set(f.path, { source, lines });
    maps.set(basename(f.path), { source, lines });
  }
  return maps;
}

/** Every k when there are at most `max` (or no max); else `max` of them spread evenly, the first and the last among them. */
export function spreadFailures(ks: readonly number[], max?: number): number[] {
  if (max === undefined || ks.length <= max) return [...ks];
  if (max <= 0) return [];
  if (max === 1) return [ks[0]!];
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(ks[Math.round((i * (ks.length - 1)) / (max - 1))]!);
  return [...picked];
}

/** The program's run with its output and status replaced by the recorded ones (leaks and allocations stay this run's). */
function recordedRun(run: ProgramRun, expected: ExpectedBehaviour): ProgramRun {
  const { signal: _signal, ...rest } = run;
  return { ...rest, stdout: expected.stdout, stderr: expected.stderr, status: expected.exit, memoryErrors: run.memoryErrors };
}

interface CompareContext {
  /** The name the program runs by, which the port also gives argv[0]. */
  programName: string;
  moduleName: string;
  /**
   * What pr_fmt() puts before every pr_*() line: the kernel style's `#define pr_fmt(fmt)
   * KBUILD_MODNAME ": " fmt` makes it `NAME: `. The program printed no such prefix.
   */
  logPrefix?: string;
  /**
   * The port leaves out the program's own message after a failed allocation (the kernel style's
   * oom-messages-removed): on a failure path the module may print fewer error lines, in order.
   */
  oomMessagesRemoved?: boolean;
  /** The user's file:line for a line of the port's test build. */
  userSite(file: string, line: number): string | undefined;
  /** The port's own allocation sites (counted apart from the program's), for the success row's note. */
  portSites?: readonly PortSiteSummary[];
  /** The program's success run: what a module that fails cleanly may have printed before it failed. */
  success?: ProgramRun;
  /** main() returns void in the program (void-main-returns-int): where it ends by its end, its exit status is unspecified. */
  voidMain?: boolean;
  /**
   * The lines the program printed on stderr in its runs with a failed allocation: the messages of
   * its own failure paths, which a module whose own allocation failed runs as well.
   */
  failureMessages?: ReadonlySet<string>;
}

function portSiteSummary(site: PortOnlySite, number: number, programFile: string, moduleName: string): PortSiteSummary {
  return { number, site: `${site.userFile ?? programFile}:${site.userLine}`, moduleSite: `${site.file ?? `${moduleName}.c`}:${site.firstLine}`, fn: site.fn, ruleId: site.ruleId };
}

/** One row: both sides' outcomes in shared terms, their differences, and whose leaks there are. Pure. */
export function compareScenario(run: ProgramRun, scenario: ScenarioResult, context: CompareContext): ScenarioRow {
  const program = programOutcome(run, context.programName);
  const fault = parseFaultLog(scenario.log.map((l) => l.text));
  const module = moduleOutcome(scenario, fault, context);
  // A leak the program has at the same site is the program's own bug, faithfully ported. A program
  // killed by a signal held everything it had allocated: its "leaks" tell nothing, and every module leak is the port's.
  const killed = run.status === undefined;
  const programSites = new Set(killed ? [] : program.leaks.map((l) => l.site).filter(Boolean));
  for (const leak of module.leaks) leak.blame = leak.site !== undefined && programSites.has(leak.site) ? "user" : "port";

  const differences: string[] = [];
  const notes: string[] = [];
  const assertion = sameAssertion(program, scenario, context);
  if (assertion) {
    // The program's assert() failed and aborted it; the port's WARN_ON() at the same line warned
    // and init failed (main-assertions-end-program): the same end, each side in its own words.
    notes.push(`the program's assertion at ${assertion} failed (it printed ${quote(program.errors.slice(-1))} and aborted); the module's WARN_ON() at the same line warned and init returned ${module.status}: the same end`);
    program.errors = program.errors.slice(0, -1);
    delete program.trouble;
    delete module.trouble;
  }
  const same = (a: readonly string[], b: readonly string[], match: (x: string, y: string) => boolean) => a.length === b.length && a.every((x, i) => match(x, b[i]!));
  const exact = (a: string, b: string) => a === b;
  const prefixBytes = new TextEncoder().encode(context.logPrefix ?? "").length;
  if (!same(program.out, module.out, exact)) {
    // A line cut at the kernel log's record limit is said as that, not quoted whole on both sides.
    const cuts = recordLimitCuts(program.out, module.out, prefixBytes);
    differences.push(...(cuts.every ? [] : [`stdout ${quote(program.out)} but KERN_INFO ${quote(module.out)}`]), ...cuts.lines.map((c) => cutMessage("stdout", "KERN_INFO", c)));
  }
  // perror(), err() and warn() end with ": " and the text for errno; where the port could not know
  // errno's value it prints the program's own words only, and the line is compared without the text.
  const withoutErrnoText = (a: string, b: string) => a === b || a.startsWith(`${b}: `);
  if (!same(program.errors, module.errors, exact)) {
    if (same(program.errors, module.errors, withoutErrnoText)) {
      const cut = program.errors.filter((e, i) => e !== module.errors[i]);
      notes.push(`stderr ${quote(cut)}: compared without the C library's errno text after the last ": ", which the port could not know`);
    } else if (context.oomMessagesRemoved && run.failAt > 0 && isSubsequence(module.errors, program.errors, withoutErrnoText)) {
      notes.push(`stderr ${quote(program.errors.filter((e) => !module.errors.some((m) => withoutErrnoText(e, m))))}: left out of the port after a failed allocation (the kernel style's oom-messages-removed)`);
    } else {
      const cuts = recordLimitCuts(program.errors, module.errors, prefixBytes);
      differences.push(...(cuts.every ? [] : [`stderr ${quote(program.errors)} but KERN_ERR ${quote(module.errors)}`]), ...cuts.lines.map((c) => cutMessage("stderr", "KERN_ERR", c)));
    }
  }
  if (run.stderr.split("\n").some((l) => l.startsWith(`${context.programName}: `))) notes.push(`stderr: the program's name at the start of a line ("${context.programName}: ", as err() and warn() print it) is not compared, on either side: the kernel log has no program name, so the port leaves err()'s out, and where the program printed argv[0] the module prints the same name, the one the port gives argv[0]`);
  if (program.ok !== module.ok && context.voidMain && run.status !== undefined && module.status === "0") {
    notes.push(`the program's main() returns void, so the status it ends with when it runs off its end is unspecified (here ${program.status}, what its last call left in a register); init returns 0 there, and the status is not compared`);
  } else if (program.ok !== module.ok) differences.push(`the program exits ${program.status} but init returns ${module.status}`);
  if (module.trouble) differences.push(`module: ${module.trouble}`);

  // The program's own bug (a crash, an invalid access): where the module does what the program
  // does, or, on a failure run, fails cleanly as a `fail port #s` row must, the row is the program's.
  let programBug = false;
  if (program.trouble) {
    const failedCleanly = `the program's own bug: ${program.trouble} when allocation #${run.failAt} fails; the module is held to failing cleanly instead, and does: init returns ${module.status} after a prefix of the program's output, with no oops`;
    const clean = run.failAt > 0 && differences.length > 0 ? cleanFailure(module, [program, ...(context.success ? [programOutcome(context.success, context.programName)] : [])]) : [];
    if (differences.length === 0 || (run.failAt > 0 && clean.length === 0)) {
      programBug = true;
      notes.push(run.failAt > 0 && (killed || differences.length > 0) ? failedCleanly : `the program's own bug: ${program.trouble}; the module does what the program does without it`);
      differences.length = 0;
    } else if (run.failAt > 0) {
      differences.length = 0;
      differences.push(...clean, `program: ${program.trouble}`);
    } else differences.push(`program: ${program.trouble}`);
  }

  let failed: ScenarioRow["failed"];
  if (run.failAt > 0) {
    const p = run.allocations.find((a) => a.index === run.failAt);
    const m = fault.allocations.find((a) => a.index === run.failAt);
    const mSite = m ? context.userSite(m.file, m.line) : undefined;
    failed = { site: p?.site ?? mSite ?? "?", ...(p ? { programFn: p.fn } : {}), ...(m ? { moduleFn: m.fn, moduleSite: `${m.file}:${m.line}` } : {}) };
    // A scenario the guest never ran (an earlier one ended the series) says nothing of the port's allocations.
    if (!m && scenario.ran) differences.push(`the port never makes allocation #${run.failAt}`);
    else if (m && p && mSite !== p.site) differences.push(`allocation #${run.failAt} is ${p.site} in the program but ${mSite ?? `${m.file}:${m.line}`} in the port`);
  }
  if (run.failAt === 0 && fault.portAllocations.length > 0) notes.push(portOnlyNote(fault, context.portSites ?? []));
  const portLeaks = module.leaks.some((l) => l.blame === "port");
  const leaked = (!programBug && program.leaks.length > 0) || module.leaks.length > 0;
  const verdict = differences.length > 0 ? "DIFFER" : programBug && !portLeaks ? "BUG" : leaked ? "LEAK" : "MATCH";
  const leakBlame = !leaked ? undefined : portLeaks ? "port" : "user";
  return {
    name: run.failAt === 0 ? "success" : `fail #${run.failAt}`,
    failAt: run.failAt,
    ...(failed ? { failed } : {}),
    program,
    module,
    differences,
    ...(notes.length > 0 ? { notes } : {}),
    verdict,
    ...(leakBlame ? { leakBlame } : {}),
  };
}

/**
 * Where the program stopped at a failed assert() that the module's WARN_ON() reports at the same
 * line of the user's file: the program killed by SIGABRT after glibc's "FILE:LINE: FUNCTION:
 * Assertion `…' failed." and the module's only trouble that warning. The user's FILE:LINE, or undefined.
 */
function sameAssertion(program: SideOutcome, scenario: ScenarioResult, context: CompareContext): string | undefined {
  if (program.status !== "signal SIGABRT" || scenario.failure?.kind !== "warning") return undefined;
  const said = /^(?:.*?: )?([^\s:]+):(\d+): .*Assertion `.*' failed\.$/.exec(program.errors.at(-1) ?? "");
  const warned = / at (\S+):(\d+) /.exec(scenario.failure.message);
  if (!said || !warned) return undefined;
  const site = context.userSite(basename(warned[1]!), Number(warned[2]));
  return site !== undefined && site === `${basename(said[1]!)}:${said[2]}` ? site : undefined;
}

/**
 * Whether a failed module's lines begin what a program printed: each the same, except that the
 * last may stop short of the program's, since a line the program was still writing when the
 * module failed (`printf("Test 1...")`, then the allocation) is logged as far as it got when init ends.
 */
function isOutputPrefix(short: readonly string[], long: readonly string[]): boolean {
  return short.length <= long.length && short.every((l, i) => l === long[i] || (i === short.length - 1 && l !== "" && long[i]!.startsWith(l)));
}

/**
 * What keeps a module from failing cleanly where the program has no behaviour to compare with (it
 * crashed, or the port's own allocation failed): init must return an error, and what it printed
 * must be a prefix of what one of the program's runs printed, its last line perhaps cut short.
 * Empty when it failed cleanly.
 */
function cleanFailure(module: SideOutcome, programs: readonly SideOutcome[]): string[] {
  const problems: string[] = [];
  if (!module.status.startsWith("-")) problems.push(`init returns ${module.status}, not an error, where the program fails`);
  if (!programs.some((p) => isOutputPrefix(module.out, p.out))) problems.push(`KERN_INFO ${quote(module.out)} is not a prefix of the program's stdout ${quote(programs[0]!.out)}`);
  if (!programs.some((p) => isOutputPrefix(module.errors, p.errors))) problems.push(`KERN_ERR ${quote(module.errors)} is not a prefix of the program's stderr ${quote(programs[0]!.errors)}`);
  if (module.trouble) problems.push(`module: ${module.trouble}`);
  return problems;
}

interface RecordLimitCut {
  /** 1-based, among the stream's lines. */
  line: number;
  bytes: number;
  kept: number;
}

/**
 * The program's lines the kernel log cut at its record limit, and whether they are every line
 * that differs (the two sides have as many lines, and each other line is the same).
 */
function recordLimitCuts(program: readonly string[], module: readonly string[], prefixBytes: number): { lines: RecordLimitCut[]; every: boolean } {
  const utf8 = new TextEncoder();
  const lines: RecordLimitCut[] = [];
  let others = program.length !== module.length;
  for (let i = 0; i < Math.min(program.length, module.length); i++) {
    if (program[i] === module[i]) continue;
    if (cutAtRecordLimit(program[i]!, module[i]!, prefixBytes)) lines.push({ line: i + 1, bytes: utf8.encode(program[i]!).length, kept: utf8.encode(module[i]!.replace(/\uFFFD+$/, "")).length });
    else others = true;
  }
  return { lines, every: lines.length > 0 && !others };
}

/**
 * Why a line cut at the record limit differs: the kernel log's limit, said with its numbers (the
 * 6.1 kernel's, and kernel/printk/printk.c, where it is). The port logs a line it knows is long (a
 * char array over LINE_PART_BYTES) in parts, which check joins again; a %s of a pointer may be
 * any length, and goes to one record.
 */
function cutMessage(stream: string, level: string, cut: RecordLimitCut): string {
  return `${stream} line ${cut.line} is ${cut.bytes} bytes, and ${level} holds only its first ${cut.kept}: a printk() record keeps about 1 KiB and drops the rest (LOG_LINE_MAX in 6.1's kernel/printk/printk.c: 1024 bytes less a 32-byte prefix, the NUL and the level, ${RECORD_TEXT_KEPT_6_1} bytes of text), a limit of the kernel log, not a port bug; the port logs a line in parts only where it can tell it is long (a char array over ${LINE_PART_BYTES} bytes), and a %s of a pointer goes to one record`;
}

/** What the success row says of the allocations only the port made. */
function portOnlyNote(fault: FaultLog, sites: readonly PortSiteSummary[]): string {
  const calls = fault.portAllocations.length;
  const where = [...new Set(fault.portAllocations.map((a) => a.site))].map((n) => {
    const site = sites[n - 1];
    const times = fault.portAllocations.filter((a) => a.site === n).length;
    return site ? `${site.fn}() at ${site.site}${times > 1 ? ` (${times} times)` : ""}, from ${site.ruleId}` : `the port's site ${n}`;
  });
  return `the port allocates ${calls} time${calls === 1 ? "" : "s"} where the program does not: ${where.join("; ")}; allowed on the success path, and each such site is failed once (fail port #…)`;
}

/**
 * The row for a failure of one of the port's own allocations. The program makes no allocation
 * there, so it would not have failed: the module is held to failing cleanly. Init returns
 * -ENOMEM, nothing oopses or leaks, and what it printed before is a prefix of the program's
 * success output. The program's side is its success run.
 */
export function comparePortFailure(run: ProgramRun, scenario: ScenarioResult, site: PortSiteSummary, context: CompareContext): ScenarioRow {
  const program = programOutcome(run, context.programName);
  const fault = parseFaultLog(scenario.log.map((l) => l.text));
  const module = moduleOutcome(scenario, fault, context);
  const programSites = new Set(program.leaks.map((l) => l.site).filter(Boolean));
  for (const leak of module.leaks) leak.blame = leak.site !== undefined && programSites.has(leak.site) ? "user" : "port";
  const failedCall = fault.portAllocations.find((a) => a.failed && a.site === site.number);
  const differences: string[] = [];
  const notes: string[] = [];
  if (!failedCall) {
    // Not reached on this path: nothing failed, and the module must do what the program does.
    notes.push(`the port never reached its allocation at ${site.site} (${site.moduleSite}): nothing was failed`);
    if (module.out.length !== program.out.length || module.out.some((l, i) => l !== program.out[i])) differences.push(`stdout ${quote(program.out)} but KERN_INFO ${quote(module.out)}`);
    if (program.ok !== module.ok) differences.push(`the program exits ${program.status} but init returns ${module.status}`);
  } else {
    notes.push(`the program makes no allocation at ${site.site}: ${site.fn}() there is the port's own (${site.ruleId}), so the program would not have failed; the module must return -ENOMEM from init after a prefix of the program's success output, and leak nothing`);
    if (module.status !== "-ENOMEM") differences.push(`init returns ${module.status}, not -ENOMEM, when the port's own ${site.fn}() at ${site.site} fails`);
    if (!isOutputPrefix(module.out, program.out)) differences.push(`KERN_INFO ${quote(module.out)} is not a prefix of the program's stdout ${quote(program.out)}`);
    // After what the program printed before, the module may print what the program prints on its
    // own failure paths: the port's allocation failed in a helper whose failures the program handles.
    let shared = 0;
    while (shared < module.errors.length && shared < program.errors.length && module.errors[shared] === program.errors[shared]) shared++;
    const own = module.errors.slice(shared);
    if (own.length > 0 && own.every((l) => context.failureMessages?.has(l))) {
      notes.push(`KERN_ERR ${quote(own)}: what the program itself prints when one of its allocations fails (a fail # run), printed by the same failure path of the program's`);
    } else if (!isOutputPrefix(module.errors, program.errors)) differences.push(`KERN_ERR ${quote(module.errors)} is not a prefix of the program's stderr ${quote(program.errors)}`);
  }
  if (program.trouble) differences.push(`program: ${program.trouble}`);
  if (module.trouble) differences.push(`module: ${module.trouble}`);
  const leaked = program.leaks.length > 0 || module.leaks.length > 0;
  const verdict = differences.length > 0 ? "DIFFER" : leaked ? "LEAK" : "MATCH";
  const leakBlame = !leaked ? undefined : module.leaks.some((l) => l.blame === "port") ? "port" : "user";
  return {
    name: `fail port #${site.number}`,
    failAt: 0,
    portSite: site.number,
    failed: { site: site.site, moduleFn: site.fn, moduleSite: failedCall ? `${failedCall.file}:${failedCall.line}` : site.moduleSite, portOnly: true },
    program,
    module,
    differences,
    notes,
    verdict,
    ...(leakBlame ? { leakBlame } : {}),
  };
}

function programOutcome(run: ProgramRun, programName: string): SideOutcome {
  const lines = (text: string) => (text === "" ? [] : text.replace(/\n$/, "").split("\n"));
  const status = run.status !== undefined ? String(run.status) : `signal ${run.signal ?? "?"}`;
  const trouble = run.status === undefined ? `killed by ${run.signal ?? "a signal"}` : run.memoryErrors.length > 0 ? `valgrind: ${run.memoryErrors[0]}` : undefined;
  return {
    out: lines(run.stdout),
    errors: lines(run.stderr).map((l) => withoutProgramName(l, programName)),
    status,
    ok: run.status === 0,
    allocations: run.allocations.length,
    leaks: run.leaks.map((l: Leak) => ({ ...(l.site ? { site: l.site } : {}), bytes: l.bytes, blame: "user" as const })),
    ...(trouble ? { trouble } : {}),
  };
}

/**
 * An error line without the program's name at its start, on either side. err() and warn() put the
 * name there (program_invocation_short_name), and the port leaves it out: the kernel log has no
 * program name. A program that prints argv[0] there itself ("%s: missing operand") has its port
 * print the name it gives argv[0] (argv-to-module-params: the program's name, which is the name
 * check runs the program by). Taken off both sides alike, the name compares the same whichever
 * printed it, and nothing else in the line is let off.
 */
function withoutProgramName(line: string, programName: string): string {
  const prefix = `${programName}: `;
  return line.startsWith(prefix) ? line.slice(prefix.length) : line;
}

/** Whether `short` is `long` with some lines left out, in the same order. */
function isSubsequence(short: readonly string[], long: readonly string[], match: (l: string, s: string) => boolean): boolean {
  let i = 0;
  for (const l of long) if (i < short.length && match(l, short[i]!)) i++;
  return i === short.length;
}

/** The prefix a port's pr_fmt() gives its log lines, when it defines the kernel style's. */
export function logPrefixOf(port: { module: string; name: string }): { logPrefix?: string } {
  return /^#define pr_fmt\(fmt\) KBUILD_MODNAME ": " fmt$/m.test(port.module) ? { logPrefix: `${port.name}: ` } : {};
}

/**
 * What the kernel itself logs at KERN_ERR or KERN_WARNING while a module runs, because the machine
 * is slow (an emulated CPU: TCG), not because of the module: an hrtimer or perf interrupt that took
 * long, a clocksource judged unstable, the scheduler throttling a real-time task. The module's own
 * lines are compared; these are not its.
 */
const KERNEL_TIMING_NOISE = [/^hrtimer: interrupt took \d+ ns$/, /^perf: interrupt took too long \(/, /^clocksource: /, /^sched: RT throttling activated$/];

function moduleOutcome(scenario: ScenarioResult, fault: FaultLog, context: CompareContext): SideOutcome {
  const prefix = context.logPrefix;
  const own = scenario.log
    .filter((l: LogLine) => !l.text.startsWith("KZ-FAULT:") && !KERNEL_TIMING_NOISE.some((noise) => noise.test(l.text)))
    .map((l: LogLine) => (prefix && l.text.startsWith(prefix) ? { ...l, text: l.text.slice(prefix.length) } : l));
  const status = scenario.load.ok ? "0" : scenario.load.errnoName ? `-${scenario.load.errnoName}` : (scenario.load.message ?? "failed");
  let trouble: string | undefined;
  if (!scenario.ran) trouble = "not run: an earlier scenario ended the series";
  else if (scenario.failure) trouble = `${scenario.failure.kind}: ${scenario.failure.message}`;
  else if (scenario.load.ok && !scenario.unload.ok) trouble = `unload failed: ${scenario.unload.errnoName ?? scenario.unload.message ?? "?"}`;
  else if (!fault.reported) trouble = "no leak report from the test build (init or exit did not finish)";
  else if (fault.ledgerFull) trouble = "more live allocations than the test build's ledger holds; leaks may be missed";
  return {
    // A line longer than a log record came in parts (output-line-buffers): joined again here.
    out: joinLineParts(own.filter((l) => l.level === 6).map((l) => l.text)),
    errors: joinLineParts(own.filter((l) => l.level === 3 || l.level === 4).map((l) => l.text)).map((l) => withoutProgramName(l, context.programName)),
    status,
    ok: scenario.load.ok,
    allocations: fault.allocations.length,
    leaks: fault.live.map((l) => {
      const site = context.userSite(l.file, l.line);
      return { ...(site ? { site } : {}), moduleSite: `${l.file.replace(/_port\.c$/, ".c")}:${l.line}`, blame: "port" as const };
    }),
    ...(trouble ? { trouble } : {}),
  };
}

function quote(lines: readonly string[]): string {
  return lines.length === 0 ? "(none)" : lines.map((l) => JSON.stringify(l)).join(", ");
}

/** The report as text: one row per scenario, then each row's differences and leaks. */
export function formatCheckReport(result: CheckResult): string {
  const out: string[] = [];
  const failures = result.injected !== undefined ? `${result.injected} of ${result.allocations.program} allocation failures, spread evenly` : `${result.allocations.program} allocation failure${result.allocations.program === 1 ? "" : "s"}`;
  const own = result.portSites?.length ?? 0;
  const ownFailures = own > 0 ? `, plus ${own === 1 ? "1 failure at an allocation site" : `${own} failures at allocation sites`} only the port has` : "";
  out.push(`${result.file} against its port ${result.module}.ko: ${result.rows.length} scenarios (success and ${failures}${ownFailures})`);
  if (!result.build.ok) {
    out.push("the port's test build failed:");
    for (const e of result.build.errors) out.push(`  ${e.file ? `${e.file}:${e.line ?? ""}` : e.tool}: ${e.message}`);
    return `${out.join("\n")}\n`;
  }
  const table = result.rows.map((r) => [
    r.name,
    r.failed ? `${r.failed.site} (${r.failed.portOnly ? `port only: ${r.failed.moduleFn}` : [r.failed.programFn, r.failed.moduleFn].filter(Boolean).join(" / ")})` : "",
    `exit ${r.program.status}`,
    `init ${r.module.status}`,
    leakCell(r.program.leaks),
    leakCell(r.module.leaks),
    r.verdict === "LEAK" ? `LEAK (${r.leakBlame === "user" ? "program" : "port"})` : r.verdict === "BUG" ? "BUG (program)" : r.verdict,
  ]);
  const head = ["scenario", "failed allocation", "program", "module", "program leaks", "module leaks", "result"];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  out.push(line(head));
  for (const row of table) out.push(line(row));
  // A note that holds in several scenarios (the program's name left out) is said once, with their names.
  const notes = new Map<string, string[]>();
  for (const r of result.rows) for (const n of r.notes ?? []) notes.set(n, [...(notes.get(n) ?? []), r.name]);
  for (const r of result.rows) {
    for (const d of r.differences) out.push(`${r.name}: ${d}`);
    for (const l of r.program.leaks) out.push(`${r.name}: the program leaks ${l.bytes ?? "?"} bytes allocated at ${l.site ?? "an unknown site"} (the program's own bug)`);
    for (const l of r.module.leaks) {
      const where = `${l.site ?? "?"} (${l.moduleSite} in the port)`;
      out.push(l.blame === "user" ? `${r.name}: the module leaks the allocation at ${where}, as the program does: fix the program` : `${r.name}: the module leaks the allocation at ${where}; the program does not: the port is wrong`);
    }
  }
  for (const [n, rows] of notes) out.push(`${rows.length === result.rows.length && rows.length > 1 ? "every scenario" : rows.join(", ")}: note: ${n}`);
  const waited = result.vm?.waitMs !== undefined && result.vm.waitMs >= 50 ? `, ${(result.vm.waitMs / 1000).toFixed(1)} s of it waiting for the module` : "";
  const vm = result.vm ? `, one boot ${(result.vm.durationMs / 1000).toFixed(1)} s (${result.vm.accel}${waited})` : "";
  out.push(result.ok ? `all ${result.rows.length} scenarios match, nothing leaked${vm}` : `${result.rows.filter((r) => r.verdict !== "MATCH").length} of ${result.rows.length} scenarios differ, leak or show the program's own bug${vm}`);
  return `${out.join("\n")}\n`;
}

function leakCell(leaks: readonly SiteLeak[]): string {
  if (leaks.length === 0) return "none";
  return leaks.map((l) => l.site ?? l.moduleSite ?? "?").join(", ");
}

/**
 * A build whose log says a function runs off its end, into the code after it (objtool's "falls
 * through to next function", gcc's "'noreturn' function does return"): the error that keeps the
 * module from being loaded; undefined for a log without either.
 */
export function runsOffItsEnd(log: string): CompilerDiagnostic | undefined {
  const how = /falls through to next function/.test(log) ? "objtool: falls through to next function" : /'noreturn' function does return/.test(log) ? "a noreturn function returns" : undefined;
  return how === undefined ? undefined : { severity: "error", tool: "ld", frame: [], notes: [], message: `a function of the module runs off its end (${how}), into the code after it: the module is not loaded` };
}

/** A frame past which a module is never loaded: a quarter of the 16 KiB stack init shares with the kernel's own calls. */
export const LOADABLE_FRAME_BYTES = 4096;

/**
 * A function whose one frame takes more kernel stack than LOADABLE_FRAME_BYTES (gcc's "the frame
 * size of N bytes is larger than …", which the kernel's build asks for from 2 KiB on): a large
 * struct kept or returned by value overruns the stack into whatever lies below it, which panics
 * the machine, so such a module is never loaded.
 */
export function overrunsTheStack(log: string): CompilerDiagnostic | undefined {
  let worst = 0;
  for (const m of log.matchAll(/the frame size of (\d+) bytes is larger than/g)) worst = Math.max(worst, Number(m[1]));
  if (worst <= LOADABLE_FRAME_BYTES) return undefined;
  return { severity: "error", tool: "gcc", frame: [], notes: [], message: `a function of the module takes ${worst} bytes of kernel stack in one frame, more than ${LOADABLE_FRAME_BYTES} of the 16 KiB stack it shares with the kernel (a large struct or array kept or returned by value): the module is not loaded` };
}

/**
 * A function that returns the address of one of its own locals (gcc's -Wreturn-local-addr: "function
 * returns address of local variable"): the caller reads a frame that is gone, which the kernel's
 * -O2 build reuses at once (a userspace -O0 build often leaves it intact), so the module would
 * dereference garbage or NULL: it is never loaded.
 */
export function returnsLocalAddress(log: string): CompilerDiagnostic | undefined {
  if (!/function returns address of local variable|\[-Wreturn-local-addr\]/.test(log)) return undefined;
  return { severity: "error", tool: "gcc", frame: [], notes: [], message: "a function of the module returns the address of one of its local variables (-Wreturn-local-addr), which its caller then reads after the frame is gone: the module is not loaded" };
}

/** Why a module that built must not be loaded, if it must not: it runs off a function's end, overruns the stack, or returns a local's address. */
export function notLoadable(log: string): CompilerDiagnostic | undefined {
  return runsOffItsEnd(log) ?? overrunsTheStack(log) ?? returnsLocalAddress(log);
}
