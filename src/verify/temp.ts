// Temporary directories the verify commands make and the processes they start (QEMU, make,
// valgrind), remembered so that an interrupted command (Ctrl-C, a kill) ends them and removes the
// directories on its way out instead of leaving them behind.
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();
const running = new Map<ChildProcess, { group: boolean }>();
/** Group leaders, remembered after they exit: what they started may still be running. */
const groups = new WeakSet<ChildProcess>();

/**
 * Remembers a started process until it exits, so that an interrupted command can end it. With
 * `group`, the process leads a process group of its own (spawned `detached`), and ending it ends
 * everything it started too: make's compilers, the children valgrind forks.
 */
export function trackChild<T extends ChildProcess>(child: T, options: { group?: boolean } = {}): T {
  running.set(child, { group: options.group === true });
  if (options.group) groups.add(child);
  child.once("exit", () => running.delete(child));
  child.once("error", () => running.delete(child));
  return child;
}

/** Sends a signal to a tracked process, or to its whole group when it leads one. */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if ((running.get(child)?.group ?? groups.has(child)) && child.pid !== undefined) {
    try {
      process.kill(-child.pid, signal);
      return;
    } catch {
      // The group is gone already; signal the process itself below.
    }
  }
  child.kill(signal);
}

let childTmp: string | undefined;

/**
 * The TMPDIR the programs kernelize starts get: a directory of kernelize's own, so that what they
 * leave when they are killed (gcc's ccXXXX.s, valgrind's files) goes with it. Made on first use,
 * removed with the others on a signal and when the process exits.
 */
export function childTemporaryDirectory(): string {
  if (childTmp === undefined || !existsSync(childTmp)) {
    childTmp = mkdtempSync(join(tmpdir(), "kernelize-tmp-"));
    made.add(childTmp);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once("exit", () => {
        if (childTmp !== undefined) rmSync(childTmp, { recursive: true, force: true });
      });
    }
  }
  return childTmp;
}
let exitHookInstalled = false;

/** mkdtemp() under `parent` (default: the system's temporary directory), remembered for removeAllTemporary(). */
export async function temporaryDirectory(prefix: string, parent: string = tmpdir()): Promise<string> {
  // Made and remembered in one step: an error or a signal between the two would leave it behind.
  const dir = mkdtempSync(join(parent, prefix));
  made.add(dir);
  return dir;
}

/** Ends the processes still running and removes every directory temporaryDirectory() made: for a signal handler, so synchronous. */
export function removeAllTemporary(): void {
  for (const child of running.keys()) signalChild(child, "SIGKILL");
  running.clear();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

let installed = false;

/**
 * The signals that stop a command, with the status it then ends with (128 + the signal's number):
 * a closed terminal (SIGHUP) as much as Ctrl-C or a kill.
 */
export const STOP_SIGNALS = [
  ["SIGHUP", 129],
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const;

/**
 * On SIGHUP, SIGINT or SIGTERM: end the processes started, remove the temporary directories, then end
 * with the conventional status (128 + the signal's number). The CLI installs it; a library caller
 * keeps its own handling.
 */
export function removeTemporaryOnSignal(): void {
  if (installed) return;
  installed = true;
  for (const [signal, status] of STOP_SIGNALS) {
    process.once(signal, () => {
      removeAllTemporary();
      process.exit(status);
    });
  }
}
