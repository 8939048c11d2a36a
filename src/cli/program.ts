// The kernelize command tree: every command, its arguments, options and help, built without running anything.
import { Command, Option } from "commander";
import { applyConfig, CONFIG_FILE, findConfig, PACKAGE_KEY, readConfig } from "./config.js";
import { QUIET_HELP, setOutputLevel, VERBOSE_HELP, verboseLine } from "./output-level.js";
import { portCommand } from "./port.js";
import { UsageError } from "./io.js";
import { isProgramRequest } from "./program-input.js";
import { addTargetOptions, listed } from "./target-flags.js";
import { registerExplainCommand } from "./explain.js";
import { registerVerifyCommands } from "./verify-options.js";
import { VERSION } from "./version.js";

/** What every command may exit with (printed by --help, and in docs/cli.md). */
export const EXIT_CODES: ReadonlyArray<[number | string, string]> = [
  [0, "done"],
  [1, "the check, run or lint found a problem (or the module does not compile cleanly)"],
  [2, "bad input or usage"],
  [69, "a part kernelize needs is missing (kernelize doctor)"],
  [70, "an internal error (a report file is named)"],
  ["129/130/143", "interrupted (SIGHUP/SIGINT/SIGTERM)"],
];

/** -q, -v and the configuration file: every command takes them, with one meaning. */
function addCommonOptions(command: Command): void {
  command
    .addOption(new Option("-q, --quiet", QUIET_HELP).conflicts("verbose"))
    .addOption(new Option("-v, --verbose", VERBOSE_HELP))
    .option("--config <file>", `read options from FILE instead of the nearest ${CONFIG_FILE} or package.json "${PACKAGE_KEY}" key`)
    .option("--no-config", "read no configuration file");
}

export async function buildProgram(): Promise<Command> {
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
      `\nExit codes:\n${EXIT_CODES.map(([code, meaning]) => `  ${String(code).padEnd(8)}${meaning}`).join("\n")}`,
    );

  const port = program
    .command("port")
    .description("port FILE.c (or - for standard input) into DIR/NAME.c and a Kbuild DIR/Makefile; a program of several files (a directory, its .c files, or --compile-commands) into one module of several objects")
    .argument("[files...]", "the C program, or - to read standard input; or a directory, or several .c files, of one program")
    .option("--compile-commands <file>", "the program's files and -I directories from a compile_commands.json (a directory given alone is read through its own compile_commands.json)")
    .option("-o, --output <dir>", "directory for NAME.c and the Makefile (default: ./NAME, a directory of its own, so the module never lands on the input)")
    .option("--name <name>", "module name (default: the prefix the program's functions share, else the file name)")
    .option("--diff", "print the unified diff from the program to the module")
    .option("--dry-run", "write nothing (with --diff: only show the diff)")
    .option("--force", "overwrite existing output files")
    .option("--no-compile-check", "write the module without compiling it first against the kernel headers found (exit 1 when it does not compile cleanly)")
    .addOption(listed(new Option("--format <format>", "diagnostics as text (on standard error), json or sarif (SARIF 2.1.0, on standard output)").default("text"), ["text", "json", "sarif"]));
  addTargetOptions(port).action(async (files: string[], flags) => {
    if (files.length === 0 && flags.compileCommands === undefined) throw new UsageError("missing required argument 'files'");
    if (isProgramRequest(files, flags.compileCommands)) {
      process.exitCode = await (await import("./port-program.js")).portProgramCommand(files, flags);
      return;
    }
    process.exitCode = await portCommand(files[0]!, flags);
  });

  registerVerifyCommands(program);
  registerExplainCommand(program);
  (await import("./playground.js")).registerPlaygroundCommand(program);
  (await import("./completion.js")).registerCompletionCommand(program);
  const exitCodes = `\nExit codes:\n${EXIT_CODES.map(([code, meaning]) => `  ${String(code).padEnd(8)}${meaning}`).join("\n")}`;
  for (const command of program.commands) {
    addCommonOptions(command);
    command.addHelpText("after", exitCodes);
  }
  program.hook("preAction", (_program, command) => {
    const flags = command.opts<{ quiet?: boolean; verbose?: boolean; config?: string | false }>();
    setOutputLevel(flags.quiet ? "quiet" : flags.verbose ? "verbose" : "normal");
    const config = flags.config === false ? undefined : flags.config !== undefined ? readConfig(flags.config) : findConfig();
    if (config) {
      const used = applyConfig(command, config);
      // -v says where the release came from.
      if (used.includes("kernel")) command.setOptionValueWithSource("kernelSource", `from ${config.file}`, "config");
      verboseLine(`configuration ${config.file}${used.length > 0 ? `: ${used.map((k) => `${k}=${command.getOptionValue(k)}`).join(", ")}` : ": nothing this command takes"}`);
    }
  });
  return program;
}
