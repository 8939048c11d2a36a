// `kernelize explain`: port a program and show every change with the rule behind it and why, as terminal text, Markdown, HTML or JSON.
import { type Command, Option } from "commander";
import pc from "picocolors";
import { hasErrors } from "../core/diagnostics.js";
import { translate } from "../node-language.js";
import { resolve } from "node:path";
import { checkModuleName, checkOutputs, readInput, UsageError, writeOutputs } from "./io.js";
import { printDiagnostics, useColor } from "./report.js";
import { infoLine } from "./output-level.js";
import { describePort } from "./port.js";
import { addTargetOptions, listed, type TargetFlags, targetOptions } from "./target-flags.js";
import type { ExplainReport } from "../emit/explain/model.js";
import type { ProgramFlags } from "./port-program.js";
import { isProgramRequest, type ProgramInput } from "./program-input.js";
import type { ProgramTranslateResult } from "../core/translate-program.js";

export const EXPLAIN_FORMATS = ["terminal", "md", "html", "json"] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

export interface ExplainFlags {
  format?: string;
  output?: string;
  name?: string;
  force?: boolean;
}

type ExplainCommandFlags = ExplainFlags & TargetFlags;

export function registerExplainCommand(program: Command): void {
  const command = program
    .command("explain")
    .description("port FILE.c and explain every change: each hunk of the diff, the rules that made it, and why; a program of several files (a directory, its .c files, or --compile-commands) file by file, as diff -ruN shows a directory")
    .argument("[files...]", "the C program, or - to read standard input; or a directory, or several .c files, of one program")
    .option("--compile-commands <file>", "the program's files and -I directories from a compile_commands.json (a directory given alone is read through its own compile_commands.json)")
    .addOption(listed(new Option("--format <format>", "terminal (colored on a TTY), md, html (one self-contained page) or json (docs/explain-schema.md); default: from -o's extension, else terminal"), EXPLAIN_FORMATS))
    .option("-o, --output <file>", "write the report to FILE instead of standard output; its extension (.md, .html, .json, .txt) names the format, and no other is taken")
    .option("--name <name>", "module name (default: the prefix the program's functions share, else the file name)")
    .option("--force", "overwrite an existing report file");
  addTargetOptions(command).action(async (files: string[], flags: ExplainCommandFlags & ProgramFlags) => {
    if (files.length === 0 && flags.compileCommands === undefined) throw new UsageError("missing required argument 'files'");
    process.exitCode = isProgramRequest(files, flags.compileCommands) ? await explainProgramCommand(files, flags) : await explainCommand(files[0]!, flags);
  });
}

/** The formats a report file's extension names; any other extension is refused rather than given text it does not hold. */
const EXTENSION_FORMATS: Readonly<Record<string, ExplainFormat>> = { md: "md", markdown: "md", html: "html", htm: "html", json: "json", txt: "terminal" };
const FORMAT_NAMES: Readonly<Record<ExplainFormat, string>> = { terminal: "text", md: "Markdown", html: "HTML", json: "JSON" };

/** The format asked for, else the one -o's extension names, else terminal text; a file named for a format explain does not write is refused. */
export function chooseFormat(flags: ExplainFlags): ExplainFormat {
  if (flags.format !== undefined && !(EXPLAIN_FORMATS as readonly string[]).includes(flags.format)) {
    throw new UsageError(`--format ${flags.format}: choose terminal, md, html or json`);
  }
  const asked = flags.format as ExplainFormat | undefined;
  const ext = flags.output !== undefined && flags.output !== "-" ? /\.([^./\\]+)$/.exec(flags.output)?.[1] : undefined;
  if (ext === undefined) return asked ?? "terminal";
  const named = EXTENSION_FORMATS[ext.toLowerCase()];
  if (named === undefined) {
    throw new UsageError(`${flags.output}: explain writes Markdown (.md), HTML (.html), JSON (.json) or text (.txt), not .${ext}`);
  }
  if (asked !== undefined && asked !== named) {
    throw new UsageError(`${flags.output}: --format ${asked} writes ${FORMAT_NAMES[asked]}, not the ${FORMAT_NAMES[named]} that .${ext} names`);
  }
  return named;
}

export async function explainCommand(file: string, flags: ExplainCommandFlags): Promise<number> {
  // Every argument is checked before the input is read, so a mistake costs nothing and writes nothing.
  checkModuleName(flags.name);
  // An -o that names the input is told so before what its extension says.
  if (flags.output !== undefined && flags.output !== "-" && file !== "-") checkOutputs([flags.output], { force: Boolean(flags.force), inputPath: resolve(file) });
  const format = chooseFormat(flags);
  const target = targetOptions(flags);
  const input = await readInput(file);
  const userFile = input.path ? input.displayName.replace(/^.*[\\/]/, "") : "user.c";
  const result = await translate(input.text, {
    ...target,
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(input.path ? { fileName: input.displayName } : {}),
  });
  describePort(target, result);
  if (!result.ok || hasErrors(result.diagnostics)) {
    // Like `port`: a program that cannot be ported is reported as a compiler would, and nothing is written.
    printDiagnostics(result.diagnostics, input.displayName, input.text);
    return 2;
  }

  // Loaded only now: the diff library and the renderers are not needed to refuse bad input.
  const explain = await import("../emit/explain/index.js");
  return writeReport(explain.buildExplainReport(input.text, result, { userFile }), format, flags, input.path);
}

/**
 * explain on a program of several files: ported as `port` ports it (joined, ported once, cut back),
 * each file's diff in turn under its `diff -ruN` header, the program's files named as given and the
 * ported ones under the module's directory.
 */
export async function explainProgramCommand(args: readonly string[], flags: ExplainCommandFlags & ProgramFlags): Promise<number> {
  checkModuleName(flags.name);
  const format = chooseFormat(flags);
  const { portProgram, printProgramDiagnostics } = await import("./port-program.js");
  const { input, result } = await portProgram(args, flags, { print: false });
  if (flags.output !== undefined && flags.output !== "-") {
    for (const f of input.files) checkOutputs([flags.output], { force: Boolean(flags.force), inputPath: resolve(input.root, f.path) });
  }
  if (!result.ok || hasErrors(result.diagnostics)) {
    printProgramDiagnostics(input, result);
    return 2;
  }
  const label = flags.compileCommands ?? (args.length === 1 ? args[0]! : args.join(" "));
  return writeReport(await programReport(input, result, label), format, flags, undefined);
}

/** The explain report of a program's port: its files as the user named them, the ported ones under the module's name. */
export async function programReport(input: ProgramInput, result: ProgramTranslateResult, label: string): Promise<ExplainReport> {
  const explain = await import("../emit/explain/index.js");
  const sources = new Map(input.files.map((f) => [f.path, f.text]));
  const sides = result.files.map((f) => ({ path: f.source, user: input.display(f.source), source: sources.get(f.source)!, modulePath: f.path, module: `${result.name}/${f.path}`, output: f.text }));
  return explain.buildProgramExplainReport(sides, result, { program: label });
}

async function writeReport(report: ExplainReport, format: ExplainFormat, flags: ExplainFlags, inputPath: string | undefined): Promise<number> {
  const explain = await import("../emit/explain/index.js");
  const toFile = flags.output !== undefined && flags.output !== "-";
  let text: string;
  if (format === "md") text = explain.renderMarkdown(report);
  else if (format === "html") text = explain.renderHtml(report);
  else if (format === "json") text = explain.renderJson(report);
  else {
    const tty = !toFile && Boolean(process.stdout.isTTY);
    const colors = pc.createColors(!toFile && useColor(process.stdout));
    const columns = tty ? process.stdout.columns : Number(process.env.COLUMNS) || 80;
    text = explain.renderTerminal(report, { width: columns || 80, painter: colors });
  }

  if (!toFile) {
    process.stdout.write(text);
    return 0;
  }
  await writeOutputs([{ path: flags.output!, text }], { force: Boolean(flags.force), inputPath });
  const warnings = report.diagnostics.length;
  infoLine(`wrote ${flags.output} (${report.stats.hunks} hunks, ${report.rules.length} rules${warnings ? `, ${warnings} diagnostic${warnings === 1 ? "" : "s"}` : ""})`);
  return 0;
}
