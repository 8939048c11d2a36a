#!/usr/bin/env node
// The kernelize command: argument parsing, dispatch, and exit codes (0 ok, 1 check failed, 2 bad input).
import "./engine-flags.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { cacheDir } from "../verify/cache.js";
import { removeAllTemporary } from "../verify/temp.js";
import { portCommand } from "./port.js";
import { addTargetOptions } from "./target-flags.js";
import { registerExplainCommand } from "./explain.js";
import { UsageError } from "./io.js";
import { VERSION } from "./version.js";

const program = new Command();
program
  .name("kernelize")
  .description("Port a userspace C program into a Linux loadable kernel module, explain every change, and prove the port right.")
  .version(VERSION)
  .exitOverride()
  // One error style for everything: commander's own messages ("error: unknown option …") too.
  .configureOutput({ outputError: (text, write) => write(text.startsWith("error: ") ? `kernelize: ${text}` : text) })
  .addHelpText(
    "after",
    "\nExit codes: 0 done; 1 the check, run or lint found a problem (or the module does not compile cleanly);\n2 bad input or usage; 69 a part kernelize needs is missing (kernelize doctor); 70 an internal error (a report file is named);\n130/143 interrupted (SIGINT/SIGTERM).",
  );

const port = program
  .command("port")
  .description("port FILE.c (or - for standard input) into DIR/NAME.c and a Kbuild DIR/Makefile")
  .argument("<file>", "the C program, or - to read standard input")
  .option("-o, --output <dir>", "directory for NAME.c and the Makefile (default: ./NAME, a directory of its own, so the module never lands on the input)")
  .option("--name <name>", "module name (default: the prefix the program's functions share, else the file name)")
  .option("--diff", "print the unified diff from the program to the module")
  .option("--dry-run", "write nothing (with --diff: only show the diff)")
  .option("--force", "overwrite existing output files")
  .option("-q, --quiet", "no summary line")
  .option("--no-compile-check", "write the module without compiling it first against the kernel headers found (exit 1 when it does not compile cleanly)")
  .option("--format <format>", "diagnostics as text (on standard error), json or sarif (SARIF 2.1.0, on standard output)", "text");
addTargetOptions(port).action(async (file: string, flags) => {
  process.exitCode = await portCommand(file, flags);
});

(await import("./verify-commands.js")).registerVerifyCommands(program);
registerExplainCommand(program);
(await import("./playground.js")).registerPlaygroundCommand(program);
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
