#!/usr/bin/env node
// The kernelize command: argument parsing, dispatch, and exit codes (0 ok, 1 check failed, 2 bad input).
import "./engine-flags.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";
import { cacheDir } from "../verify/cache.js";
import { removeAllTemporary } from "../verify/temp.js";
import { UsageError } from "./io.js";
import { buildProgram } from "./program.js";
import { VERSION } from "./version.js";

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
    // A bug of ours: one line on the terminal, the whole story in a file the user can attach to a report.
    const error = e instanceof Error ? e : new Error(String(e));
    const report = writeCrashReport(error);
    const first = (error.message || String(e)).split("\n")[0]!;
    process.stderr.write(`kernelize: internal error: ${first}${report ? ` (details in ${report})` : ""}\n`);
    if (process.env.KERNELIZE_DEBUG) process.stderr.write(`${error.stack}\n`);
    // What the command started (QEMU, make, valgrind) and its temporary directories go with it.
    removeAllTemporary();
    process.exitCode = 70;
  }
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
