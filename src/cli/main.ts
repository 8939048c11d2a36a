// The kernelize command: argument parsing, dispatch, and exit codes (0 ok, 1 check failed, 2 bad input).
// Started by launch.ts, which runs the bundle of this module as a script with V8's code cache.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";
import { cacheDir } from "../verify/cache-dir.js";
import { removeAllTemporary, STOP_SIGNALS } from "../verify/temp.js";
import { UsageError } from "./io.js";
import { buildProgram } from "./program.js";
import { VERSION } from "./version.js";

// An error thrown outside the command's own promise (a callback, a stream's error event) is an
// internal error like any other: one line, a report file, nothing left running.
process.on("uncaughtException", (e) => internalError(e, true));
process.on("unhandledRejection", (e) => internalError(e, true));

// Ctrl-C or a kill says so in one line before the command stops. Installed first, so it speaks
// before the handlers that end what a command started (src/verify/temp.ts); when none of those is
// installed (a port), this one also ends the process, with the conventional status.
for (const [signal, status] of STOP_SIGNALS) {
  process.once(signal, () => {
    process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}kernelize: interrupted (${signal}); stopping${process.listenerCount(signal) > 0 ? " what it started and removing its temporary files" : ""}\n`);
    if (process.listenerCount(signal) === 0) {
      removeAllTemporary();
      process.exit(status);
    }
  });
}

// No top-level await: a script (the bundle's form, see launch.ts) cannot have one. What would
// reject outside the try below reaches the unhandledRejection handler, as it reached
// uncaughtException from the top level of a module.
void runCommand();

async function runCommand(): Promise<void> {
  const program = await buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are successes; everything else commander rejects is a usage error.
      process.exitCode = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0 ? 0 : 2;
    } else if (e instanceof UsageError) {
      process.stderr.write(`kernelize: error: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      internalError(e, false);
    }
  }
}

/**
 * A bug of ours: one line on the terminal, the whole story in a file the user can attach to a
 * report; what the command started (QEMU, make, valgrind) and its temporary directories go with it.
 * `now`: exit at once, for errors that arrive while the command may still be running.
 */
function internalError(e: unknown, now: boolean): void {
  const error = e instanceof Error ? e : new Error(String(e));
  const report = writeCrashReport(error);
  process.stderr.write(`kernelize: internal error: ${oneLine(error.message || String(e))}${report ? ` (details in ${report})` : ""}\n`);
  if (process.env.KERNELIZE_DEBUG) process.stderr.write(`${error.stack}\n`);
  removeAllTemporary();
  process.exitCode = 70;
  if (now) process.exit(70);
}

/** The first line of a message, cut to what a terminal line holds: an error can quote a 40,000-character name. */
function oneLine(message: string): string {
  const first = message.split("\n")[0]!;
  return first.length > 300 ? `${first.slice(0, 297)}...` : first;
}

/** The internal error's stack, the command line and the versions, in the cache directory; undefined if it cannot be written. */
function writeCrashReport(error: Error): string | undefined {
  try {
    const dir = join(cacheDir(), "reports");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `internal-error-${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.txt`);
    const text = [`kernelize ${VERSION}, node ${process.version}, ${process.platform} ${process.arch}`, `command: ${process.argv.slice(1).join(" ")}`, "", error.stack ?? error.message, ""].join("\n");
    writeFileSync(path, text);
    return path;
  } catch {
    return undefined;
  }
}
