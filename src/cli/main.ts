#!/usr/bin/env node
// The kernelize command: argument parsing, dispatch, and exit codes (0 ok, 1 check failed, 2 bad input).
import "./engine-flags.js";
import { Command, CommanderError } from "commander";
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
  .configureOutput({ outputError: (text, write) => write(text) });

const port = program
  .command("port")
  .description("port FILE.c (or - for standard input) into DIR/NAME.c and a Kbuild DIR/Makefile")
  .argument("<file>", "the C program, or - to read standard input")
  .option("-o, --output <dir>", "directory for NAME.c and the Makefile", ".")
  .option("--name <name>", "module name (default: the prefix the program's functions share, else the file name)")
  .option("--diff", "print the unified diff from the program to the module")
  .option("--dry-run", "write nothing (with --diff: only show the diff)")
  .option("--force", "overwrite existing output files")
  .option("-q, --quiet", "no summary line")
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
    process.stderr.write(`kernelize: internal error: ${(e as Error).message ?? String(e)}\n`);
    if (process.env.KERNELIZE_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exitCode = 70;
  }
}
