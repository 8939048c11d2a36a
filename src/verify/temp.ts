// Temporary directories the verify commands make and the processes they start (QEMU, make,
// valgrind), remembered so that an interrupted command (Ctrl-C, a kill) ends them and removes the
// directories on its way out instead of leaving them behind.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();
const running = new Set<ChildProcess>();

/** Remembers a started process until it exits, so that an interrupted command can end it. */
export function trackChild<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once("exit", () => running.delete(child));
  child.once("error", () => running.delete(child));
  return child;
}

/** mkdtemp() under `parent` (default: the system's temporary directory), remembered for removeAllTemporary(). */
export async function temporaryDirectory(prefix: string, parent: string = tmpdir()): Promise<string> {
  const dir = await mkdtemp(join(parent, prefix));
  made.add(dir);
  return dir;
}

/** Ends the processes still running and removes every directory temporaryDirectory() made: for a signal handler, so synchronous. */
export function removeAllTemporary(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

let installed = false;

/**
 * On SIGINT or SIGTERM: remove the temporary directories, then end with the conventional status
 * (128 + the signal's number). The CLI installs it; a library caller keeps its own handling.
 */
export function removeTemporaryOnSignal(): void {
  if (installed) return;
  installed = true;
  for (const [signal, status] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      removeAllTemporary();
      process.exit(status);
    });
  }
}
