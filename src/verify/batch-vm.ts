// Many modules through one boot: each is sent, loaded, logged and unloaded in turn, with a watchdog of its own; a module that hangs or crashes the guest costs a reboot, not the batch.
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { markUnbootable, type PreparedKernel } from "./kernel.js";
import { modulePayload } from "./initramfs.js";
import { VerifyInputError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";
import {
  type Accelerator,
  checkModule,
  formatParams,
  type GuestVm,
  guestParts,
  interpretScenarios,
  launchGuest,
  type LaunchedGuest,
  pvhEntryFailed,
  type RunResult,
  type ScenariosRunResult,
  strippedModule,
  type VmOptions,
} from "./vm.js";

export interface BatchVmOptions extends Omit<VmOptions, "timeoutMs" | "onProgress"> {
  /** Each module's own limit, from sending it to the guest's report that it is done with it; default 20 s. */
  moduleTimeoutMs?: number;
  /** The limit for a boot to come up and ask for its first module; default 30 s. */
  bootTimeoutMs?: number;
}

/** What the batch cost the guest: the boots, and each module's time in it. */
export interface BatchVmStats {
  boots: number;
  /** Each boot's time from QEMU's start to the guest asking for its first module. */
  bootMs: number[];
  /** Each module's time in the guest: sending it, its loads and unloads, its report. */
  moduleMs: number[];
  /** Modules whose end took the guest down (oops, panic, hang, an unload that failed): each cost a reboot. */
  reboots: number;
}

export interface BatchVm {
  readonly accel: Accelerator;
  /**
   * A GuestVm for one module of the batch, so that run and check work unchanged: its run() and
   * runScenarios() wait their turn on the shared guest; its cancel() gives the turn up (a build
   * that failed) and never stops the guest.
   */
  slot(): GuestVm;
  readonly stats: BatchVmStats;
  /** Stops the guest and removes the batch's files. */
  close(): Promise<void>;
}

const DEFAULT_MODULE_TIMEOUT_MS = 20_000;
const DEFAULT_BOOT_TIMEOUT_MS = 30_000;

/**
 * Boots the guest at once (it needs no module to come up) and then takes modules one after
 * another, in the order their turns are asked for. A module's report ends with MODULE-END and the
 * guest asks for the next one. When a module leaves the guest unusable (an oops killed its loader,
 * its exit failed, it hung past its watchdog, the kernel panicked), that module is reported as such
 * and a fresh guest boots for the rest; the replacement starts booting at once.
 */
export async function startBatchVm(options: BatchVmOptions = {}): Promise<BatchVm> {
  const moduleTimeoutMs = options.moduleTimeoutMs ?? DEFAULT_MODULE_TIMEOUT_MS;
  const bootTimeoutMs = options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
  const parts = await guestParts(options);
  let kernel: PreparedKernel = parts.kernel;
  const dir = await temporaryDirectory("kernelize-batch-");
  const stats: BatchVmStats = { boots: 0, bootMs: [], moduleMs: [], reboots: 0 };
  let closed = false;
  let current: LaunchedGuest | undefined;
  let triedBzImage = false;

  const launch = async (): Promise<LaunchedGuest> => {
    stats.boots++;
    const started = performance.now();
    const guest = await launchGuest({ qemu: parts.qemu, accel: parts.accel, kernel, initrd: parts.base.path, timeoutMs: bootTimeoutMs, dir, memoryMb: options.memoryMb ?? 256 });
    void guest.ready.then((state) => state === "ready" && stats.bootMs.push(performance.now() - started));
    return guest;
  };
  const startLaunch = () => {
    const next = launch();
    next.catch(() => undefined);
    return next;
  };
  let booting: Promise<LaunchedGuest> | undefined = startLaunch();

  /** A guest that has asked for a module, booting one when there is none. */
  const liveGuest = async (): Promise<LaunchedGuest> => {
    if (!current) {
      current = await (booting ?? startLaunch());
      booting = undefined;
    }
    if ((await current.ready) === "ready") return current;
    // An unpacked image QEMU could not start is replaced by the installed one, once.
    const outcome = await current.outcome;
    if (!triedBzImage && kernel.pvh && kernel.bootPath !== kernel.path && pvhEntryFailed(outcome)) {
      triedBzImage = true;
      await markUnbootable(kernel, parts.cacheOptions);
      kernel = { ...kernel, bootPath: kernel.path, pvh: false };
      current = await launch();
      await current.ready;
    }
    return current;
  };

  const retire = async (guest: LaunchedGuest) => {
    guest.kill();
    await guest.outcome;
    if (current === guest) current = undefined;
    // The replacement boots while the caller goes on.
    if (!closed && !booting) booting = startLaunch();
  };

  let turn: Promise<unknown> = Promise.resolve();
  let moduleNumber = 0;

  const runOne = async (koPath: string, paramStrings: readonly string[], paramList: readonly string[] = []): Promise<ScenariosRunResult> => {
    if (closed) throw new Error("startBatchVm(): the batch is closed");
    const checked = await checkModule(koPath, paramList);
    if (checked.builtFor && kernel.release && checked.builtFor !== kernel.release) {
      throw new VerifyInputError(`${koPath} was built for ${checked.builtFor} but the guest is ${kernel.release}: the kernel would refuse it`);
    }
    const stripDir = join(dir, `m${++moduleNumber}`);
    await mkdir(stripDir);
    const module = await strippedModule(koPath, stripDir).finally(() => rm(stripDir, { recursive: true, force: true }));
    const payload = (budgetSeconds: number) => modulePayload({ module, moduleName: checked.name, params: "", budgetSeconds, scenarios: paramStrings, more: true });
    // A guest that died between two modules (or never came up) gets one replacement.
    let guest = await liveGuest();
    let slice = await guest.deliverNext(payload, moduleTimeoutMs);
    if (slice.notSent) {
      await retire(guest);
      guest = await liveGuest();
      slice = await guest.deliverNext(payload, moduleTimeoutMs);
    }
    let qemuErrors: string[] = [];
    if (slice.ended) {
      if (!slice.notSent) stats.reboots++;
      qemuErrors = (await guest.outcome).qemuErrors;
      await retire(guest);
    }
    if (!slice.notSent) stats.moduleMs.push(slice.guestMs);
    const scenarios = interpretScenarios({ kz: slice.kz, console: slice.console, qemuErrors, timedOut: slice.timedOut }, paramStrings, { timeoutMs: moduleTimeoutMs });
    return {
      module: { path: koPath, name: checked.name, params: paramStrings[0] ?? "", ...(checked.vermagic ? { vermagic: checked.vermagic } : {}) },
      kernel: { path: kernel.path, ...(kernel.release ? { release: kernel.release } : {}), bootPath: kernel.bootPath, pvh: kernel.pvh },
      accel: parts.accel,
      durationMs: slice.guestMs,
      scenarios,
    };
  };

  /** Modules take the guest in turn; one that fails does not stop the ones after it. */
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => undefined);
    return result;
  };

  return {
    accel: parts.accel,
    stats,
    slot(): GuestVm {
      let used = false;
      const claim = () => {
        if (used) throw new Error("a batch slot takes one module");
        used = true;
      };
      return {
        accel: parts.accel,
        async run(module): Promise<RunResult> {
          claim();
          const params = formatParams(module.params ?? []);
          const result = await inTurn(() => runOne(module.koPath, [params], module.params ?? []));
          const { params: _p, ran: _r, ...report } = result.scenarios[0]!;
          return { module: { ...result.module, params }, kernel: result.kernel, accel: result.accel, durationMs: result.durationMs, ...report };
        },
        async runScenarios(module): Promise<ScenariosRunResult> {
          claim();
          const paramStrings = module.scenarios.map((p) => formatParams(p));
          return inTurn(() => runOne(module.koPath, paramStrings));
        },
        async cancel() {
          used = true;
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await turn;
      const pending = booting;
      booting = undefined;
      const guests = [current, await pending?.catch(() => undefined)].filter((g): g is LaunchedGuest => g !== undefined);
      for (const g of guests) g.kill();
      await Promise.all(guests.map((g) => g.outcome));
      current = undefined;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
