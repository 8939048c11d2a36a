// Running a module in a real kernel under QEMU: accelerator probe, boot, markers, and what the kernel said.
import { spawn } from "node:child_process";
import { closeSync, constants, openSync, readSync } from "node:fs";
import { access, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { release as hostRelease } from "node:os";
import { join } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, fileIdentity, writeAtomically } from "./cache.js";
import { errnoName, kernelInternalMessage } from "./errno.js";
import { exec, terminate, timerMs, which } from "./exec.js";
import { type BuildResult, readModinfo } from "./kbuild.js";
import { findGuestKernel, markUnbootable, prepareKernel, type PreparedKernel } from "./kernel.js";
import { crc32, ensureInitramfsBase, modulePayload } from "./initramfs.js";
import { MissingPartError, VerifyInputError } from "./parts.js";
import { temporaryDirectory, trackChild } from "./temp.js";

export type Accelerator = "kvm" | "tcg";

export interface StepResult {
  /** The system call was made (unload is skipped when load failed). */
  attempted: boolean;
  ok: boolean;
  errno?: number;
  errnoName?: string;
  /** strerror() of the errno, or why the step has no result (the loader was killed, it timed out). */
  message?: string;
  /** How long the system call took inside the guest. */
  durationMs?: number;
}

export interface LogLine {
  /** printk level: 0 KERN_EMERG … 6 KERN_INFO, 7 KERN_DEBUG. */
  level: number;
  text: string;
  /** load: printed while finit_module() ran (init); unload: during delete_module() (exit); between: neither. */
  stage: "load" | "between" | "unload";
  /** Seconds since the guest booted, when the kernel stamps its log. */
  time?: number;
  /**
   * The task that printed it, when the guest had the printk trace: another task's own name
   * (`kworker/0:2-47`), from its trace event, or else the loader's (`kzload-83`).
   */
  task?: string;
}

export type FailureKind = "oops" | "panic" | "warning" | "timeout" | "no-boot" | "incomplete";

export interface Failure {
  kind: FailureKind;
  message: string;
  /** The console lines that show it (the oops, the panic, the last lines before a hang). */
  lines: string[];
}

export interface RunResult {
  /** The build that produced the module, when the caller built it. */
  build?: BuildResult;
  module: { path: string; name: string; params: string; vermagic?: string };
  kernel: { path: string; release?: string; bootPath: string; pvh: boolean };
  accel: Accelerator;
  load: StepResult;
  unload: StepResult;
  /** What the module printed: the lines its init and exit functions logged, in order, with their levels. */
  log: LogLine[];
  /** Other kernel lines in the same window: taint notices, late boot messages, other tasks, oops text. */
  otherLog: LogLine[];
  /**
   * Kernel log records overwritten before the guest could read them (the module printed faster
   * than the guest read, with the kernel's ring full): `log` misses that many. The run then fails
   * (`failure` says so), whatever else went right.
   */
  logLost?: number;
  /** The serial console (kernel messages at the console log level, and everything during an oops or panic). */
  console: string[];
  /** The load and unload both succeeded and the kernel reported no oops, panic or warning. */
  ok: boolean;
  failure?: Failure;
  /** QEMU start to its exit (QEMU starts before the module is built, so this includes waitMs). */
  durationMs: number;
  /** QEMU start to the guest's init reporting in. */
  bootMs?: number;
  /** How long the booted guest waited for the module (its build was still running). */
  waitMs?: number;
}

export type RunStep = "kernel" | "initramfs" | "accelerator" | "boot" | "module" | "load" | "unload" | "poweroff";

export interface RunProgress {
  step: RunStep;
  /** Milliseconds the step took. */
  ms: number;
  detail?: string;
}

export interface VmOptions {
  /** The kernel image (--kernel); default: /boot/vmlinuz-<release> or the newest /boot/vmlinuz-*. */
  kernel?: string;
  /** Preferred kernel release when no image is given (the headers' release). */
  release?: string;
  /** Everything from QEMU's start to its exit, less the time the guest waits for its module; default 30 s. */
  timeoutMs?: number;
  /** Default: `auto` (KVM when a short probe shows it works, else TCG); KERNELIZE_ACCEL overrides auto. */
  accel?: Accelerator | "auto";
  memoryMb?: number;
  cacheDir?: string;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunModuleOptions extends VmOptions {
  koPath: string;
  /** Module parameters, each `name=value` (or a bare `name` for a bool). */
  params?: readonly string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Guest seconds kept back from the timeout for the watchdog's report and the power-off. */
export const REPORT_MARGIN_S = 1.5;

/** Builds the finit_module() parameter string; values with blanks are quoted the way parse_args() reads them. */
export function formatParams(params: readonly string[]): string {
  return params
    .map((p) => {
      const eq = p.indexOf("=");
      const name = eq < 0 ? p : p.slice(0, eq);
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) throw new VerifyInputError(`--param ${p}: a parameter is NAME=VALUE, NAME letters, digits and _`);
      if (eq < 0) return name;
      const value = p.slice(eq + 1);
      if (/["\n\0]/.test(value)) throw new VerifyInputError(`--param ${p}: the kernel's parameter parser cannot take a double quote or newline in a value`);
      return /\s/.test(value) || value === "" ? `${name}="${value}"` : `${name}=${value}`;
    })
    .join(" ");
}

/**
 * Boots the kernel, sends it the module, loads it once with its parameters, unloads it if it
 * loaded, and reports what happened. Never hangs: the guest's watchdog reports a load that does
 * not return, and QEMU is killed at the timeout whatever the guest does. The module is there
 * already, so it is checked before anything boots; startVm() is the way to boot while building.
 */
export async function runModule(options: RunModuleOptions): Promise<RunResult> {
  await requireQemu();
  formatParams(options.params ?? []); // bad parameters are refused before anything boots
  const checked = await checkModule(options.koPath, options.params);
  const vm = await startVm({ ...options, ...(options.release ?? checked.builtFor ? { release: options.release ?? checked.builtFor } : {}) });
  return vm.run({ koPath: options.koPath, ...(options.params ? { params: options.params } : {}) });
}

/** One scenario of a multi-scenario run: its parameters and what its load and unload did. */
export interface ScenarioResult extends RunReport {
  params: string;
  /** The guest reached this scenario (a hang or a dead loader stops the rest). */
  ran: boolean;
}

export interface ScenariosRunResult extends Pick<RunResult, "module" | "kernel" | "accel" | "durationMs" | "bootMs" | "waitMs"> {
  scenarios: ScenarioResult[];
}

/**
 * Like runModule, but loads and unloads the module once per parameter list, all in ONE boot: the
 * kernel boots once, and each scenario's markers, log and trace come back separately. A scenario
 * whose load dies or whose unload fails ends the series (the module's state is then unknown); the
 * scenarios after it are reported as not run.
 */
export async function runModuleScenarios(options: Omit<RunModuleOptions, "params"> & { scenarios: readonly (readonly string[])[] }): Promise<ScenariosRunResult> {
  await requireQemu();
  const checked = await checkModule(options.koPath);
  const vm = await startVm({ ...options, ...(options.release ?? checked.builtFor ? { release: options.release ?? checked.builtFor } : {}) });
  return vm.runScenarios({ koPath: options.koPath, scenarios: options.scenarios });
}

/** Each scenario's result from one boot's report. Pure: tests feed it text. */
export function interpretScenarios(outcome: Pick<BootOutcome, "kz" | "console" | "qemuErrors" | "timedOut">, paramStrings: readonly string[], options: { timeoutMs: number }): ScenarioResult[] {
  const timeoutMs = options.timeoutMs;
  const slices = splitScenarios(outcome.kz, paramStrings.length);
  // A guest that never reached the first scenario (no boot, a timeout): the first one carries why.
  if (paramStrings.length > 0 && !slices.some((slice) => slice !== undefined)) slices[0] = [...outcome.kz];
  const lastRan = slices.reduce((last, slice, i) => (slice ? i : last), -1);
  const scenarios = paramStrings.map((params, i): ScenarioResult => {
    const slice = slices[i];
    if (!slice) {
      return { params, ran: false, ...interpretRun({ kz: [], console: [], qemuErrors: [], timedOut: false }, { timeoutMs }), ok: false, failure: { kind: "incomplete", message: "not run: an earlier scenario ended the series", lines: [] } };
    }
    // The console is one stream for the whole boot; an oops, panic or hang stops the series, so it belongs to the last scenario that ran.
    const console = i === lastRan ? outcome.console : [];
    return { params, ran: true, ...interpretRun({ ...outcome, kz: slice, console, timedOut: i === lastRan && outcome.timedOut }, { timeoutMs, scenariosBefore: i }) };
  });
  return scenarios;
}

/**
 * Each scenario's report lines: the lines before the first SCENARIO-BEGIN (BOOT, TRACE), its own
 * lines, and DONE when the guest got that far (interpretRun wants a complete report).
 */
export function splitScenarios(kz: readonly string[], count: number): (string[] | undefined)[] {
  const first = kz.findIndex((l) => l.startsWith("KZ:SCENARIO-BEGIN "));
  const preamble = first < 0 ? [...kz] : kz.slice(0, first);
  const done = kz.includes("KZ:DONE");
  const slices: (string[] | undefined)[] = Array.from({ length: count }, () => undefined);
  let current: string[] | undefined;
  let index = -1;
  for (const line of first < 0 ? [] : kz.slice(first)) {
    const begin = /^KZ:SCENARIO-BEGIN (\d+)$/.exec(line);
    if (begin) {
      index = Number(begin[1]) - 1;
      current = [...preamble];
      if (index >= 0 && index < count) slices[index] = current;
      continue;
    }
    if (/^KZ:SCENARIO-END \d+$/.test(line)) {
      if (done) current?.push("KZ:DONE");
      current = undefined;
      continue;
    }
    if (line === "KZ:DONE") continue;
    current?.push(line);
  }
  // A scenario cut short (a hang: the watchdog dumped and powered off) still gets DONE if the guest said it.
  if (current && done) current.push("KZ:DONE");
  return slices;
}

/** A guest that is booting, or has booted and waits for its module. */
export interface GuestVm {
  readonly accel: Accelerator;
  /**
   * Sends the module, loads it once with its parameters, unloads it if it loaded, and reports.
   * A module built for another release than the booting kernel is refused (VerifyInputError).
   */
  run(module: { koPath: string; params?: readonly string[]; deadline?: number }): Promise<RunResult>;
  /** Sends the module and loads and unloads it once per parameter list, as runModuleScenarios does. */
  runScenarios(module: { koPath: string; scenarios: readonly (readonly string[])[]; deadline?: number }): Promise<ScenariosRunResult>;
  /** Stops QEMU if it still runs (a failed build) and removes the boot's files; safe to call again. */
  cancel(): Promise<void>;
}

/**
 * Starts QEMU at once: the kernel and the cached base initramfs do not depend on the module, so
 * the guest boots while the caller ports and builds. The guest's init asks for the module on its
 * second serial port and waits; run() or runScenarios() sends it, and cancel() ends a boot that
 * gets no module. One module per boot. Missing parts (QEMU, kernel image, cpio) are
 * reported here, before the caller builds anything.
 */
export async function startVm(options: VmOptions = {}): Promise<GuestVm> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const progress = stepTimer(options.onProgress);
  const { qemu, base, accel, cacheOptions, ...parts } = await guestParts(options, progress);
  let kernel = parts.kernel;

  const dir = await temporaryDirectory("kernelize-run-");
  const launch = (k: PreparedKernel) =>
    launchGuest({ qemu, accel, kernel: k, initrd: base.path, timeoutMs, dir, memoryMb: options.memoryMb ?? 256, onMarker: progress.marker });
  let current = await launch(kernel).catch(async (e: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw e;
  });
  let cancelled = false;
  let used = false;

  /** The guest once it asks for its module; an unpacked image QEMU could not start is replaced by the installed one once. */
  const readyGuest = async (): Promise<LaunchedGuest> => {
    if ((await current.ready) === "ready" || cancelled) return current;
    if (kernel.pvh && kernel.bootPath !== kernel.path && pvhEntryFailed(await current.outcome)) {
      await markUnbootable(kernel, cacheOptions);
      kernel = { ...kernel, bootPath: kernel.path, pvh: false };
      current = await launch(kernel);
      if (cancelled) current.kill();
      await current.ready;
    }
    return current;
  };

  const cancel = async () => {
    cancelled = true;
    current.kill();
    await current.outcome;
    await rm(dir, { recursive: true, force: true });
  };

  const deliver = async (koPath: string, params: string, scenarios: readonly string[] | undefined, deadline?: number, paramList: readonly string[] = []) => {
    if (used) throw new Error("startVm(): a boot takes one module");
    used = true;
    try {
      const checked = await checkModule(koPath, paramList);
      if (checked.builtFor && kernel.release && checked.builtFor !== kernel.release) {
        throw new VerifyInputError(
          `the module was built for ${checked.builtFor} but ${kernel.path} is ${kernel.release}: the kernel would refuse it; ` +
            `build against that kernel's headers (--kdir) or boot a ${checked.builtFor} image (--kernel)`,
        );
      }
      const module = await strippedModule(koPath, dir);
      const booted = await readyGuest();
      const outcome = await booted.deliver(
        (budgetSeconds) => modulePayload({ module, moduleName: checked.name, params, budgetSeconds, ...(scenarios ? { scenarios } : {}) }),
        deadline,
      );
      progress.finish();
      const common: Pick<RunResult, "module" | "kernel" | "accel"> = {
        module: { path: koPath, name: checked.name, params, ...(checked.vermagic ? { vermagic: checked.vermagic } : {}) },
        kernel: { path: kernel.path, ...(kernel.release ? { release: kernel.release } : {}), bootPath: kernel.bootPath, pvh: kernel.pvh },
        accel,
      };
      const times = {
        durationMs: outcome.durationMs,
        ...(outcome.bootMs !== undefined ? { bootMs: outcome.bootMs } : {}),
        ...(outcome.waitMs !== undefined ? { waitMs: outcome.waitMs } : {}),
      };
      return { outcome, common, times };
    } finally {
      await cancel();
    }
  };

  return {
    accel,
    async run(module) {
      const params = formatParams(module.params ?? []);
      const { outcome, common, times } = await deliver(module.koPath, params, undefined, module.deadline, module.params ?? []);
      return { ...common, ...interpretRun(outcome, { timeoutMs }), ...times };
    },
    async runScenarios(module) {
      const paramStrings = module.scenarios.map((p) => formatParams(p));
      const { outcome, common, times } = await deliver(module.koPath, "", paramStrings, module.deadline);
      const scenarioResults = interpretScenarios(outcome, paramStrings, { timeoutMs });
      return { module: common.module, kernel: common.kernel, accel: common.accel, scenarios: scenarioResults, ...times };
    },
    cancel,
  };
}

/** What every boot needs, found or made once: QEMU, the kernel (unpacked for PVH), the base initramfs, the accelerator. */
export async function guestParts(options: VmOptions, progress: (step: RunStep, detail?: string) => void = () => {}) {
  const cacheOptions = options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {};
  const qemu = await requireQemu();
  const guest = await findGuestKernel(options.kernel, options.release !== undefined ? { release: options.release } : {});
  const kernel = await prepareKernel(guest, cacheOptions);
  progress("kernel", kernel.pvh ? `${kernel.release ?? "kernel"}, vmlinux via PVH${kernel.cached ? " (cached)" : ""}` : `${kernel.release ?? "kernel"}, bzImage`);
  const base = await ensureInitramfsBase(cacheOptions);
  progress("initramfs", base.cached ? "cached base" : "built base");
  const accel = await chooseAccelerator(qemu, kernel, options);
  progress("accelerator", accel);
  return { qemu, kernel, base, accel, cacheOptions };
}

async function requireQemu(): Promise<string> {
  const qemu = await which("qemu-system-x86_64");
  if (!qemu) throw new MissingPartError("qemu", "qemu-system-x86_64 is not installed");
  return qemu;
}

/** The module file exists and says what it is called and which kernel it was built for. */
export async function checkModule(koPath: string, params: readonly string[] = []): Promise<{ name: string; builtFor?: string; vermagic?: string }> {
  const info = await stat(koPath).catch(() => undefined);
  if (!info?.isFile()) throw new VerifyInputError(`${koPath}: no such module file`);
  const modinfo = await readModinfo(koPath);
  const name = modinfo.name ?? koPath.replace(/^.*\//, "").replace(/\.ko$/, "").replace(/-/g, "_");
  // The kernel only warns about a parameter the module does not declare, and loads it anyway: a typo would pass unnoticed.
  const declared = new Set(modinfo.parameters.map((p) => p.name));
  for (const param of params) {
    const key = param.split("=")[0]!;
    if (!declared.has(key)) {
      const has = declared.size > 0 ? `its parameters are ${[...declared].sort().join(", ")}` : "it declares none";
      throw new VerifyInputError(`--param ${param}: ${name} has no parameter ${key} (${has})`);
    }
  }
  const builtFor = modinfo.vermagic?.split(" ")[0];
  return { name, ...(builtFor ? { builtFor } : {}), ...(modinfo.vermagic ? { vermagic: modinfo.vermagic } : {}) };
}

/**
 * The module without its debug information (what `make modules_install INSTALL_MOD_STRIP=1` does):
 * a twentieth of the size, with the symbols an oops names kept. It crosses a serial line. Without
 * objcopy, or when it fails, the module goes as it is.
 */
export async function strippedModule(koPath: string, dir: string): Promise<Buffer> {
  const objcopy = await which("objcopy");
  if (objcopy) {
    const out = join(dir, "module.ko");
    const r = await exec(objcopy, ["--strip-debug", koPath, out]);
    if (r.code === 0) return readFile(out);
  }
  return readFile(koPath);
}

/**
 * QEMU gave up on the image, or the guest died before the kernel printed a single line. A guest
 * that is merely slow (timed out) or that printed something (a panic) says nothing about PVH.
 */
export function pvhEntryFailed(outcome: BootOutcome): boolean {
  if (outcome.timedOut || outcome.kz.some((l) => l.startsWith("KZ:BOOT"))) return false;
  return !outcome.console.some((l) => /^\[\s*\d+\.\d+\]/.test(l));
}

/** Progress timing: each step's time since the previous one, guest markers included. */
function stepTimer(onProgress: RunModuleOptions["onProgress"]) {
  let last = performance.now();
  let pending: RunStep | undefined;
  const emit = (step: RunStep, detail?: string) => {
    const now = performance.now();
    onProgress?.({ step, ms: now - last, ...(detail ? { detail } : {}) });
    last = now;
  };
  return Object.assign(emit, {
    marker(line: string) {
      if (line.startsWith("KZ:BOOT")) emit("boot");
      else if (line === "KZ:PAYLOAD ok") emit("module");
      else if (/^KZ:LOAD rc=/.test(line)) emit("load", /rc=0/.test(line) ? "ok" : "failed");
      else if (/^KZ:UNLOAD rc=/.test(line)) emit("unload", /rc=0/.test(line) ? "ok" : "failed");
      else if (line.startsWith("KZ:DONE")) pending = "poweroff";
    },
    finish() {
      if (pending) emit(pending);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Accelerator

const acceleratorsChosen = new Map<string, Promise<Accelerator>>();

/**
 * KVM when it works, else TCG. /dev/kvm can exist and still hang a guest (nested virtualization
 * without the features a kernel needs), so KVM is tried for real: the guest kernel must print its
 * banner within 3 s. The answer is kept for the process and in the cache directory, keyed by
 * QEMU, the kernel, the host kernel and /dev/kvm's times (a reboot or a new kvm module re-probes).
 */
export async function chooseAccelerator(qemu: string, kernel: PreparedKernel, options: { accel?: Accelerator | "auto"; cacheDir?: string } = {}): Promise<Accelerator> {
  const wanted = options.accel && options.accel !== "auto" ? options.accel : process.env.KERNELIZE_ACCEL;
  if (wanted === "kvm" || wanted === "tcg") return wanted;
  const kvmOk = await access("/dev/kvm", constants.R_OK | constants.W_OK).then(
    () => true,
    () => false,
  );
  if (!kvmOk) return "tcg";
  const kvmTimes = await stat("/dev/kvm").then((s) => `${s.ctimeMs}|${s.mtimeMs}`);
  const key = cacheKey("accel", await fileIdentity(qemu), kernel.key, kernel.bootPath, hostRelease(), kvmTimes);
  let chosen = acceleratorsChosen.get(key);
  if (!chosen) {
    chosen = (async () => {
      const file = join(options.cacheDir ?? defaultCacheDir(), "accelerator.json");
      const known = await readFile(file, "utf8").then((t) => JSON.parse(t) as Record<string, Accelerator>, () => ({}) as Record<string, Accelerator>);
      const remembered = known[key];
      if (remembered === "kvm" || remembered === "tcg") return remembered;
      const accel: Accelerator = (await kvmBootsKernel(qemu, kernel)) ? "kvm" : "tcg";
      await writeAtomically(file, JSON.stringify({ ...known, [key]: accel }, null, 2)).catch(() => {});
      return accel;
    })();
    acceleratorsChosen.set(key, chosen);
  }
  return chosen;
}

/** Boots the guest kernel under KVM with no initramfs and waits at most 3 s for its banner. */
export function kvmBootsKernel(qemu: string, kernel: PreparedKernel, waitMs = 3000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const child = trackChild(spawn(
      qemu,
      [
        "-accel", "kvm", "-m", "128", "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
        "-serial", "stdio", "-kernel", kernel.bootPath, "-append", "console=ttyS0 earlyprintk=serial,ttyS0 panic=-1",
      ],
      { stdio: ["ignore", "pipe", "ignore"] },
    ));
    let seen = "";
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      terminate(child);
      resolvePromise(ok);
    };
    const timer = setTimeout(() => settle(false), timerMs(waitMs));
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      seen = (seen + chunk).slice(-4096);
      if (seen.includes("Linux version")) settle(true);
    });
    child.on("error", () => settle(false));
    child.on("close", () => settle(false));
  });
}

// ---------------------------------------------------------------------------------------------
// Boot

export interface BootOutcome {
  /** Report lines from the guest's second serial port, `KZ:…`. */
  kz: string[];
  /** The console (first serial port), without carriage returns or terminal escapes. */
  console: string[];
  /** QEMU's own standard error (a kernel it cannot load, a missing accelerator). */
  qemuErrors: string[];
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  bootMs?: number;
  /** From the guest asking for its module to the host sending it. */
  waitMs?: number;
}

export interface BootArgs {
  qemu: string;
  accel: Accelerator;
  kernel: PreparedKernel;
  initrd: string;
  timeoutMs: number;
  dir: string;
  memoryMb: number;
  onMarker?: (line: string) => void;
}

/** One module's share of a batch boot's report. */
export interface ModuleSlice {
  /** The boot's preamble (BOOT, READY, TRACE) and this module's lines, with DONE when it finished. */
  kz: string[];
  /** The console lines printed while this module was in the guest. */
  console: string[];
  /** The guest is gone after this module (it powered off, panicked, or was killed at the timeout). */
  ended: boolean;
  /** This module's clock ran out. */
  timedOut: boolean;
  /** The guest was gone before the module could be sent. */
  notSent: boolean;
  /** From the send to MODULE-END (or the boot's end): this module's share of guest time. */
  guestMs: number;
}

/** The payload goes in pieces of this size, each after the guest asked for it (see kzinit.c). */
const PAYLOAD_CHUNK = 32 * 1024;
/**
 * The memory the guest writes its logs into (QEMU's ivshmem-plain device; a PCI BAR, so a power of
 * two): room for the dumps of one boot. Its file is sparse; a dump that does not fit goes on the
 * serial line instead.
 */
const SHARED_LOG_MB = 64;
let launches = 0;

export interface LaunchedGuest {
  /** `ready` when the guest asks for its module, `exited` when QEMU ended before it did. */
  ready: Promise<"ready" | "exited">;
  /**
   * Sends the payload, made with the seconds the guest's watchdog may give its loads (known only
   * now), and resolves with the boot's outcome. A guest that exited before asking gets nothing.
   */
  deliver(payload: (budgetSeconds: number) => Buffer, deadline?: number): Promise<BootOutcome>;
  /**
   * A batch's next module: waits until the guest asks for one, sends the payload (made with
   * `more`), and resolves with that module's part of the report when the guest says MODULE-END, or
   * with what there is when the boot ends first (a hang, a panic, a module whose state is unknown).
   * The clock for this module alone is `timeoutMs`, from the send to MODULE-END.
   */
  deliverNext(payload: (budgetSeconds: number) => Buffer, timeoutMs: number): Promise<ModuleSlice>;
  /** Ends QEMU (SIGTERM, then SIGKILL), whatever the guest is doing. */
  kill(): void;
  outcome: Promise<BootOutcome>;
}

/**
 * QEMU with two serial ports: ttyS0 is the console, ttyS1 a UNIX socket this process listens on
 * for the guest init's reports and on which it sends the module. `panic=-1` with `-no-reboot`
 * turns a panic into QEMU exiting.
 *
 * The timeout counts QEMU's time less the wait for the module: the clock stops when the guest asks
 * for it and goes on when it is sent (the guest then only waits, and its own read gives up after
 * 15 minutes, so a host that vanishes leaves no guest behind for long).
 */
export async function launchGuest(args: BootArgs): Promise<LaunchedGuest> {
  // A UNIX socket path has room for about 107 bytes; a long TMPDIR gets a short directory of its own.
  const socketDir = join(args.dir, "kz.sock").length < 100 ? args.dir : await temporaryDirectory("kz-", "/tmp");
  const socketPath = join(socketDir, "kz.sock");
  // The guest's logs, in memory QEMU shares with this process through a file; the guest says on
  // its serial line where each one is (`KZ:LOG … at=OFFSET bytes=N`) once it is written.
  const sharedPath = join(args.dir, `kz-log-${++launches}.mem`);
  let sharedFd: number | undefined;
  const sharedLines = (line: string): string[] => {
    const m = /\bat=(\d+) bytes=(\d+)/.exec(line);
    if (!m) return [];
    try {
      sharedFd ??= openSync(sharedPath, "r");
      const bytes = Buffer.alloc(Number(m[2]));
      const got = readSync(sharedFd, bytes, 0, bytes.length, Number(m[1]));
      return bytes.subarray(0, got).toString("utf8").split("\n").filter((l) => l !== "");
    } catch {
      return []; // interpretRun compares the records that arrived with the count the guest sent
    }
  };
  const kz: string[] = [];
  const consoleLines = lineCollector();
  let readyAt: number | undefined;
  let markReady!: (state: "ready" | "exited") => void;
  const ready = new Promise<"ready" | "exited">((resolveReady) => (markReady = resolveReady));
  let sendNext: (() => void) | undefined;
  /** Batch bookkeeping: how many times the guest asked for a module, and the module in the guest now. */
  let asked = 0;
  let wakeAsked: (() => void) | undefined;
  let moduleEnded: ((bootEnded: boolean) => void) | undefined;
  const reports = lineCollector((line) => {
    if (line.startsWith("KZ:LOG ")) for (const l of sharedLines(line)) kz.push(l);
    kz.push(line);
    if (line.startsWith("KZ:BOOT") && bootMs === undefined) bootMs = performance.now() - started;
    if (line === "KZ:READY") {
      if (readyAt === undefined) {
        readyAt = performance.now();
        clearTimeout(timer); // the clock stops while the guest waits for its module
        markReady("ready");
      }
      asked++;
      wakeAsked?.();
    }
    if (line === "KZ:MORE") sendNext?.();
    if (line === "KZ:MODULE-END") {
      clearTimeout(timer);
      moduleEnded?.(false);
    }
    if (line === "KZ:DONE") {
      // Everything before DONE has arrived: tell the guest it may power off now.
      connection?.write("ack\n");
      // The guest powers off right after; if QEMU is still there later, power-off itself is stuck.
      setTimeout(() => terminate(child), 5000).unref();
    }
    args.onMarker?.(line);
  });
  let connection: Socket | undefined;
  let server!: Server;
  const connectionClosed = new Promise<void>((resolveClosed) => {
    server = createServer((socket) => {
      connection = socket;
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => reports.push(chunk));
      socket.on("close", () => resolveClosed());
      socket.on("error", () => resolveClosed());
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolveListen());
  });

  // quiet: only errors reach the console, which keeps a TCG boot short; an oops or panic still prints in full.
  // rcu_expedited: synchronize_rcu() in expedited form, the same guarantee without waiting for
  // scheduler ticks; delete_module() waits for one (22 ms under TCG, 2 ms expedited).
  // preempt=full: the guest's init reads the kernel log while the module's init runs, on the one
  // CPU; a module printing in a loop must let it in, or the kernel's ring overwrites its first lines.
  // log_buf_len: the ring holds what a module prints between two of those reads (a tick, 4 ms),
  // long lines too: 1 MiB is 32768 records or a thousand lines of 1000 bytes (Debian's is 128 KiB).
  const append = "console=ttyS0 quiet panic=-1 rcupdate.rcu_expedited=1 preempt=full log_buf_len=1M";
  const qemuArgs = [
    "-accel", args.accel,
    "-m", String(args.memoryMb),
    "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
    "-serial", "stdio",
    "-chardev", `socket,id=kz,path=${socketPath}`,
    "-serial", "chardev:kz",
    "-object", `memory-backend-file,id=kzlog,mem-path=${sharedPath},size=${SHARED_LOG_MB}M,share=on`,
    "-device", "ivshmem-plain,memdev=kzlog",
    "-kernel", args.kernel.bootPath,
    "-initrd", args.initrd,
    "-append", append,
  ];
  const started = performance.now();
  let bootMs: number | undefined;
  let waitMs: number | undefined;
  let timedOut = false;
  const child = trackChild(spawn(args.qemu, qemuArgs, { stdio: ["ignore", "pipe", "pipe"] }));
  const errors: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => consoleLines.push(chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => errors.push(chunk));
  const expire = () => {
    timedOut = true;
    terminate(child);
  };
  let timer = setTimeout(expire, timerMs(args.timeoutMs));
  let exited = false;
  let delivered = 0;
  /** The payload in pieces, each after the guest asks for MORE: a serial line has no end-to-end flow control. */
  const send = (socket: Socket, payload: Buffer) => {
    const digest = crc32(payload).toString(16).padStart(8, "0");
    let sent = 0;
    sendNext = () => {
      if (sent >= payload.length) return;
      const piece = payload.subarray(sent, sent + PAYLOAD_CHUNK);
      sent += piece.length;
      socket.write(piece);
    };
    socket.write(`KZ-PAYLOAD ${payload.length} ${digest} ${PAYLOAD_CHUNK}\n`);
    sendNext();
  };

  const outcome = (async (): Promise<BootOutcome> => {
    const exitCode = await new Promise<number | null>((resolveExit) => {
      child.on("error", (e) => {
        errors.push(String(e));
        resolveExit(null);
      });
      child.on("close", (code) => resolveExit(code));
    });
    exited = true;
    clearTimeout(timer);
    markReady("exited"); // no effect when the guest asked first
    wakeAsked?.();
    const durationMs = performance.now() - started;
    // QEMU's exit closes the socket; give the last report bytes a moment to arrive.
    // The timer is cleared as soon as the socket closes: a pending one keeps the process alive.
    if (connection) {
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([connectionClosed, new Promise((r) => (grace = setTimeout(r, 500)))]);
      clearTimeout(grace);
    }
    connection?.destroy();
    server.close();
    if (sharedFd !== undefined) closeSync(sharedFd);
    await rm(sharedPath, { force: true });
    if (socketDir !== args.dir) await rm(socketDir, { recursive: true, force: true });
    consoleLines.end();
    reports.end();
    moduleEnded?.(true);
    return {
      kz,
      console: consoleLines.lines,
      qemuErrors: errors.join("").split("\n").filter(Boolean),
      exitCode,
      timedOut,
      durationMs,
      ...(bootMs !== undefined ? { bootMs } : {}),
      ...(waitMs !== undefined ? { waitMs } : {}),
    };
  })();

  return {
    ready,
    outcome,
    kill: () => terminate(child),
    async deliver(makePayload, deadline) {
      if ((await ready) !== "ready" || !connection || child.exitCode !== null || child.signalCode !== null) return outcome;
      const now = performance.now();
      waitMs = now - readyAt!;
      // What is left of the timeout, less the wait, and never past the caller's wall-clock deadline;
      // the guest's watchdog keeps back the report's margin.
      const remainingMs = Math.max(0, Math.min(args.timeoutMs - (readyAt! - started), deadline !== undefined ? deadline - now : Infinity));
      timer = setTimeout(expire, timerMs(remainingMs));
      send(connection, makePayload(Math.max(0.5, remainingMs / 1000 - REPORT_MARGIN_S)));
      return outcome;
    },
    async deliverNext(makePayload, moduleTimeoutMs) {
      const gone = () => exited || !connection || child.exitCode !== null || child.signalCode !== null;
      // The guest asks once at boot and once after each module; wait for the ask this module answers.
      while (asked <= delivered && !gone()) await new Promise<void>((r) => (wakeAsked = r));
      wakeAsked = undefined;
      // The boot's own lines (BOOT, READY, TRACE), which every module's report starts with.
      const preambleBefore = (end: number) => {
        const firstPayload = kz.findIndex((l) => l.startsWith("KZ:PAYLOAD"));
        return kz.slice(0, firstPayload >= 0 ? Math.min(firstPayload, end) : end);
      };
      if (gone()) return { kz: preambleBefore(kz.length), console: [], ended: true, timedOut: false, notSent: true, guestMs: 0 };
      delivered++;
      const kzStart = kz.length;
      const consoleStart = consoleLines.lines.length;
      const sentAt = performance.now();
      if (waitMs === undefined) waitMs = sentAt - readyAt!;
      const endedBoot = new Promise<boolean>((r) => (moduleEnded = r));
      timedOut = false;
      timer = setTimeout(expire, timerMs(moduleTimeoutMs));
      send(connection!, makePayload(Math.max(0.5, moduleTimeoutMs / 1000 - REPORT_MARGIN_S)));
      const bootEnded = await endedBoot;
      moduleEnded = undefined;
      const own = kz.slice(kzStart).filter((l) => l !== "KZ:MODULE-END" && l !== "KZ:READY");
      // MODULE-END says the report is whole, as DONE does for a single module.
      const finished = !bootEnded || own.includes("KZ:DONE");
      return {
        kz: [...preambleBefore(kzStart), ...own.filter((l) => l !== "KZ:DONE"), ...(finished ? ["KZ:DONE"] : [])],
        console: consoleLines.lines.slice(consoleStart),
        ended: bootEnded,
        timedOut: bootEnded && timedOut,
        notSent: false,
        guestMs: performance.now() - sentAt,
      };
    },
  };
}

/** Splits a stream into lines, dropping carriage returns and terminal escape sequences. */
function lineCollector(onLine?: (line: string) => void) {
  let partial = "";
  const lines: string[] = [];
  const take = (line: string) => {
    // eslint-disable-next-line no-control-regex
    const clean = line.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1bc|\r/g, "");
    lines.push(clean);
    onLine?.(clean);
  };
  return {
    lines,
    push(chunk: string) {
      partial += chunk;
      const parts = partial.split("\n");
      partial = parts.pop()!;
      for (const p of parts) take(p);
    },
    end() {
      if (partial) take(partial);
      partial = "";
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Interpreting what the guest reported

type RunReport = Pick<RunResult, "load" | "unload" | "log" | "otherLog" | "logLost" | "console" | "ok" | "failure">;

const OOPS = /\b(BUG: |Oops: |general protection fault|kernel BUG at|Unable to handle kernel)/;
const PANIC = /Kernel panic - not syncing/;
const WARNING = /WARNING: CPU: \d+ PID: \d+ at /;

/** Turns the markers, the kernel log dump and the console into the run's result. Pure: tests feed it text. */
export function interpretRun(outcome: Pick<BootOutcome, "kz" | "console" | "qemuErrors" | "timedOut">, options: { timeoutMs: number; scenariosBefore?: number }): RunReport {
  const kz = outcome.kz;
  const marker = (name: string) => kz.find((l) => l === `KZ:${name}` || l.startsWith(`KZ:${name} `));
  const booted = marker("BOOT") !== undefined;
  const loadStarted = marker("LOAD-START") !== undefined;
  const unloadStarted = marker("UNLOAD-START") !== undefined;
  const hang = marker("HANG");

  const load = stepFrom(marker("LOAD"), marker("LOAD-DIED"), loadStarted);
  const unload = stepFrom(marker("UNLOAD"), marker("UNLOAD-DIED"), unloadStarted);
  const records = kz.filter((l) => l.startsWith("KZ:M ")).map((l) => l.slice(5));
  const pidOf = (line: string | undefined) => {
    const pid = /\bpid=(\d+)/.exec(line ?? "")?.[1];
    return pid !== undefined ? { pid: Number(pid) } : {};
  };
  const { log, otherLog } = attributeLog(records, {
    ...(marker("TRACE") === "KZ:TRACE on=1" ? { trace: kz.filter((l) => l.startsWith("KZ:T ")).map((l) => l.slice(5)) } : {}),
    ...(loadStarted ? { load: pidOf(marker("LOAD-START")) } : {}),
    ...(unloadStarted ? { unload: pidOf(marker("UNLOAD-START")) } : {}),
  });
  // The guest counts what it sent and what the kernel overwrote before it could read it.
  const logReport = marker("LOG");
  const logSent = Number(/records=(\d+)/.exec(logReport ?? "")?.[1] ?? records.length);
  const logLost = Number(/lost=(\d+)/.exec(logReport ?? "")?.[1] ?? 0);

  const consoleLines = outcome.console;
  const seconds = `${(options.timeoutMs / 1000).toFixed(0)} s`;
  let failure: Failure | undefined;
  const panicAt = consoleLines.findIndex((l) => PANIC.test(l));
  const oopsAt = consoleLines.findIndex((l, i) => OOPS.test(l) && followedByStack(consoleLines, i));
  // WARN() prints at KERN_WARNING, below the quiet console's level: look for it in the kernel log too.
  const kernelLines = records.flatMap((r) => parseKmsgRecord(r)?.text.split("\n") ?? []);
  const warnLines = consoleLines.some((l, i) => WARNING.test(l) && followedByStack(consoleLines, i)) ? consoleLines : kernelLines;
  const warnAt = warnLines.findIndex((l, i) => WARNING.test(l) && followedByStack(warnLines, i));
  if (panicAt >= 0) {
    const from = oopsAt >= 0 && oopsAt < panicAt ? oopsAt : Math.max(0, panicAt - 10);
    failure = { kind: "panic", message: consoleLines[panicAt]!.replace(/^\[[\s\d.]+\]\s*/, ""), lines: oopsBlock(consoleLines, from, 120) };
  } else if (oopsAt >= 0) {
    failure = { kind: "oops", message: consoleLines[oopsAt]!.replace(/^\[[\s\d.]+\]\s*/, ""), lines: oopsBlock(consoleLines, oopsAt, 80) };
  } else if (hang || (outcome.timedOut && booted)) {
    const stage = hang ? /stage=(\w+)/.exec(hang)?.[1] : unloadStarted ? "unload" : loadStarted ? "load" : undefined;
    // How long the call had run when the time ran out: the time is the whole series' (every
    // scenario of a check), so a call that started late in a long series had run only a little.
    // Said in a series, where scenarios before this one took the time too.
    const ran = hang ? Number(/ran=([\d.]+)/.exec(hang)?.[1] ?? NaN) : NaN;
    const before = options.scenariosBefore ?? 0;
    const had = Number.isFinite(ran) && before > 0 ? ` (it had run ${ran < 10 ? ran.toFixed(1) : Math.round(ran)} s, after ${before} scenario${before === 1 ? "" : "s"}, when the time for the whole series ran out)` : "";
    const what =
      stage === "load"
        ? "the module's init function did not return"
        : stage === "unload"
          ? "the module's exit function did not return"
          : marker("READY") && !marker("PAYLOAD")
            ? "the module did not reach the guest"
            : "the guest stopped before loading the module";
    // The module's last words say where it hangs; the console tail shows anything the kernel said about it.
    const logTail = log.slice(-10).map((l) => `<${l.level}>${l.text}`);
    const consoleTail = consoleLines.filter((l) => !/reboot: Power down/.test(l)).slice(-20);
    failure = { kind: "timeout", message: `${what} within the ${seconds} timeout${stage === "load" || stage === "unload" ? had : ""}`, lines: [...logTail, ...consoleTail] };
  } else if (!booted) {
    const why = outcome.timedOut ? `the guest did not come up within ${seconds}` : "QEMU exited before the guest came up";
    failure = { kind: "no-boot", message: why, lines: [...outcome.qemuErrors, ...consoleLines.slice(-30)] };
  } else if (marker("PAYLOAD-BAD")) {
    const detail = marker("PAYLOAD-BAD")!.replace(/^KZ:PAYLOAD-BAD ?/, "");
    failure = { kind: "incomplete", message: `the module did not reach the guest intact${detail ? ` (${detail})` : ""}`, lines: consoleLines.slice(-20) };
  } else if (warnAt >= 0) {
    failure = { kind: "warning", message: warnLines[warnAt]!.replace(/^\[[\s\d.]+\]\s*/, ""), lines: oopsBlock(warnLines, warnAt, 60) };
  } else if (!marker("DONE")) {
    // Without the last line the log may be cut short: a report that cannot be trusted is no success.
    failure = { kind: "incomplete", message: "the guest's report ended before its last line, so the log may be incomplete", lines: consoleLines.slice(-20) };
  } else if (logLost > 0) {
    const lines = `${logLost} record${logLost === 1 ? " was" : "s were"}`;
    failure = { kind: "incomplete", message: `the kernel log overflowed: ${lines} lost, overwritten before the guest could read them`, lines: [] };
  } else if (logReport?.endsWith(" unreadable")) {
    failure = { kind: "incomplete", message: "the guest could not open /dev/kmsg, so it has no kernel log", lines: [] };
  } else if (logSent !== records.length) {
    failure = { kind: "incomplete", message: `the guest sent ${logSent} kernel log records but ${records.length} arrived`, lines: [] };
  }

  if (failure?.kind === "oops" || failure?.kind === "panic") {
    if (loadStarted && !marker("LOAD")) load.message = `the loader was killed: the kernel ${failure.kind === "panic" ? "panicked" : "oopsed"} in the module's init`;
    if (unloadStarted && !marker("UNLOAD")) unload.message = `the unloader was killed: the kernel ${failure.kind === "panic" ? "panicked" : "oopsed"} in the module's exit`;
  }
  if (failure?.kind === "timeout") {
    if (loadStarted && !marker("LOAD")) load.message = "did not return (timeout)";
    if (unloadStarted && !marker("UNLOAD")) unload.message = "did not return (timeout)";
  }
  return { load, unload, log, otherLog, ...(logLost > 0 ? { logLost } : {}), console: consoleLines, ok: load.ok && unload.ok && !failure, ...(failure ? { failure } : {}) };
}

/**
 * The kernel follows a real oops or warning with registers or a stack trace; a module that merely
 * prints "BUG: " at KERN_ERR (which the console shows) is not taken for one.
 */
function followedByStack(lines: readonly string[], at: number): boolean {
  return lines.slice(at, at + 60).some((l) => /Call Trace:|RIP: [0-9a-f]{4}:|Oops: [0-9a-f]{4}/.test(l));
}

function stepFrom(result: string | undefined, died: string | undefined, started: boolean): StepResult {
  if (result) {
    const rc = Number(/rc=(-?\d+)/.exec(result)?.[1]);
    const us = /us=(\d+)/.exec(result)?.[1];
    const step: StepResult = { attempted: true, ok: rc === 0, ...(us ? { durationMs: Number(us) / 1000 } : {}) };
    const errno = /errno=(\d+)/.exec(result)?.[1];
    if (rc !== 0 && errno) {
      step.errno = Number(errno);
      const name = errnoName(step.errno);
      if (name) step.errnoName = name;
      step.message = kernelInternalMessage(step.errno) ?? /msg=(.*)$/.exec(result)?.[1] ?? "";
    }
    return step;
  }
  if (died) return { attempted: true, ok: false, message: `the loader was killed (${died.replace(/^KZ:\S+ /, "")})` };
  return started ? { attempted: true, ok: false, message: "no result" } : { attempted: false, ok: false, message: "not attempted" };
}

/** From the first line of an oops to its `---[ end trace` line (or `limit` lines). */
function oopsBlock(lines: readonly string[], from: number, limit: number): string[] {
  // The "cut here" line and the one naming the module come just before the BUG line.
  let start = from;
  while (start > 0 && from - start < 3 && /cut here|^\[[\s\d.]+\]\s*\S+: /.test(lines[start - 1]!)) start--;
  const end = lines.findIndex((l, i) => i >= from && /---\[ end (trace|Kernel panic)/.test(l));
  return lines.slice(start, end >= 0 ? Math.min(end + 1, start + limit) : start + limit);
}

interface TraceEvent {
  task: string;
  pid: number;
  text: string;
}

/** A kernel log record as /dev/kmsg gives it. */
export interface KernelRecord {
  /** Facility and level in one number: `facility << 3 | level`; facility 1 (user) is a record written to /dev/kmsg. */
  prefix: number;
  seq: number;
  /** Seconds since boot. */
  time: number;
  /** The text, unescaped; a record printed with newlines inside holds several lines. */
  text: string;
}

/** `6,1234,1523227,-;hello`: prefix, sequence number, microseconds since boot, flags (and more fields), then the text. */
const KMSG_RECORD = /^(\d+),(\d+),(\d+),[^;]*;(.*)$/;

/**
 * One /dev/kmsg record. The kernel escapes a backslash and every byte outside printable ASCII as
 * `\xNN` (a newline inside the record too); the bytes are UTF-8 text as the module printed it.
 */
export function parseKmsgRecord(line: string): KernelRecord | undefined {
  const m = KMSG_RECORD.exec(line);
  if (!m) return undefined;
  const escaped = m[4]!;
  const text = escaped.includes("\\")
    ? Buffer.from(escaped.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8")
    : escaped;
  return { prefix: Number(m[1]), seq: Number(m[2]), time: Number(m[3]) / 1e6, text };
}

/** `     kworker/0:2-47      [000] d....     1.523227: console: hello` */
const TRACE_LINE = /^\s*(.+)-(\d+)\s+\[\d+\]\s+\S+\s+\d+\.\d+: console: (.*)$/;
/** What the kernel's module loader itself prints in the loading task, about any out-of-tree module. */
const LOADER_NOTICES = [
  /^\S+: loading out-of-tree module taints kernel\.$/,
  /^\S+: module verification failed: signature and\/or required key missing - tainting kernel$/,
  /^\S+: module license '.*' taints kernel\.$/,
  /^\S+: module is from the staging directory/,
  /^Disabling lock debugging due to kernel taint$/,
];
/** Late boot messages that can land in the window when the printk trace is not there to attribute lines. */
const LATE_BOOT = [/^tsc: Refined TSC/, /^clocksource: /, /^random: crng init done/, /^clocksource: Switched/];

/** What says which task printed each record. */
export interface LogSources {
  /**
   * The printk trace's lines, when the guest had it: the events of every task but the loader (the
   * guest filters the loader's out), so a record no event matches is the loader's.
   */
  trace?: readonly string[];
  /** The loader that called finit_module() and the one that called delete_module(), when they started. */
  load?: { pid?: number };
  unload?: { pid?: number };
}

/**
 * Splits the kernel log records (from /dev/kmsg, the guest's capture from just before the load on)
 * into the module's lines and the rest. A line is the module's when it was printed between a BEGIN
 * and END marker by the task that wrote the BEGIN marker (init runs in the finit_module() caller,
 * exit in the delete_module() caller). The printk trace names the other tasks' records, matched to
 * them by text, in order; without the trace the window alone decides, less the known late-boot
 * messages.
 */
export function attributeLog(records: readonly string[], sources: LogSources): { log: LogLine[]; otherLog: LogLine[] } {
  const trace: TraceEvent[] = [];
  for (const l of sources.trace ?? []) {
    const m = TRACE_LINE.exec(l);
    if (m) trace.push({ task: `${m[1]!.trim()}-${m[2]}`, pid: Number(m[2]), text: m[3]! });
    else if (trace.length > 0) trace.at(-1)!.text += `\n${l}`; // a message's further lines
  }
  const loaderTask = (stage: LogLine["stage"]) => {
    const pid = (stage === "load" ? sources.load : stage === "unload" ? sources.unload : undefined)?.pid;
    return pid !== undefined ? `kzload-${pid}` : undefined;
  };

  const log: LogLine[] = [];
  const otherLog: LogLine[] = [];
  let stage: "before" | LogLine["stage"] | "after" = "before";
  let cursor = 0;
  let reporting: "warning" | "oops" | undefined;
  for (const line of records) {
    const record = parseKmsgRecord(line);
    if (!record) continue;
    if (record.prefix >> 3 !== 0) {
      // User-space records are the loader's markers.
      if (record.text === "KZ:LOAD-BEGIN") stage = "load";
      else if (record.text === "KZ:LOAD-END") stage = "between";
      else if (record.text === "KZ:UNLOAD-BEGIN") stage = "unload";
      else if (record.text === "KZ:UNLOAD-END") stage = "after";
      continue;
    }
    // Every record takes its event, inside the window or not, so that the ones after find theirs.
    let other: TraceEvent | undefined;
    if (sources.trace) {
      const at = matchTrace(trace, cursor, record.text);
      if (at) {
        other = trace[at.index];
        cursor = at.next;
      }
    }
    if (stage === "before" || stage === "after") continue;
    const task = other?.task ?? (sources.trace ? loaderTask(stage) : undefined);
    for (const text of record.text.split("\n")) {
      const entry: LogLine = { level: record.prefix & 7, text, stage, time: record.time, ...(task ? { task } : {}) };
      // A report's lines are the kernel's, not the module's. After a warning's end marker the module
      // goes on; after an oops the kernel repeats the registers, and the module's task is dead.
      const warningEnds = reporting === "warning" && /---\[ end trace/.test(text);
      if (OOPS.test(text)) reporting = "oops";
      else if (!reporting && (WARNING.test(text) || /cut here/.test(text))) reporting = "warning";
      const byModule =
        !reporting &&
        stage !== "between" &&
        !LOADER_NOTICES.some((r) => r.test(text)) &&
        (sources.trace ? other === undefined : !LATE_BOOT.some((r) => r.test(text)));
      (byModule ? log : otherLog).push(entry);
      if (warningEnds) reporting = undefined;
    }
  }
  return { log, otherLog };
}

/** How far past the next event a record's event is looked for: events no record took (printed before the capture) are passed over. */
const TRACE_LOOKAHEAD = 64;

/**
 * The trace event for a log record: the next one with the same text, or a run of pieces from one
 * task that concatenate to it (KERN_CONT continuations become one record but several events).
 * Most records are the loader's and have no event: the search stops after TRACE_LOOKAHEAD events,
 * so a long log costs time in proportion to its length.
 */
function matchTrace(trace: readonly TraceEvent[], from: number, text: string): { index: number; next: number } | undefined {
  for (let i = from; i < trace.length && i < from + TRACE_LOOKAHEAD; i++) {
    const t = trace[i]!;
    if (t.text === text) return { index: i, next: i + 1 };
    if (t.text !== "" && text.startsWith(t.text)) {
      let joined = t.text;
      let j = i + 1;
      for (; j < trace.length && joined.length < text.length; j++) {
        if (trace[j]!.pid !== t.pid) continue;
        if (!text.startsWith(joined + trace[j]!.text)) break;
        joined += trace[j]!.text;
      }
      if (joined === text) return { index: i, next: j };
    }
  }
  return undefined;
}
