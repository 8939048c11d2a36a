// `kernelize port DIR`, `port a.c b.c …`, `port --compile-commands FILE`: a program of several files
// becomes one module of several objects, written with its headers and a Kbuild Makefile.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { hasErrors } from "../core/diagnostics.js";
import type { ProgramTranslateResult } from "../core/translate-program.js";
import { toSarif } from "../emit/sarif.js";
import { translateProgram } from "../node-language.js";
import { checkModuleName, checkOutputs, ensureDirectory, UsageError, writeOutputs } from "./io.js";
import { infoLine, isVerbose, verboseLine } from "./output-level.js";
import type { PortCommandFlags } from "./port.js";
import { type ProgramInput, readProgramInput } from "./program-input.js";
import { colorDiff, printDiagnostics } from "./report.js";
import { targetOptions } from "./target-flags.js";
import { VERSION } from "./version.js";

export interface ProgramFlags {
  compileCommands?: string;
}

/** Reads the program and ports it; diagnostics are printed, each under its own file. */
export async function portProgram(args: readonly string[], flags: PortCommandFlags & ProgramFlags, options: { print?: boolean } = {}): Promise<{ input: ProgramInput; result: ProgramTranslateResult }> {
  checkModuleName(flags.name);
  const input = readProgramInput(args, flags.compileCommands);
  const target = targetOptions(flags);
  const name = flags.name ?? input.defaultName;
  const result = await translateProgram(input.files, { ...target, name, includeDirs: input.includeDirs, defines: input.defines });
  if (isVerbose()) verboseLine(`program of ${input.files.length} files in ${input.root}: ${result.files.map((f) => f.source).join(", ")}`);
  if (options.print !== false) printProgramDiagnostics(input, result);
  return { input, result };
}

export function printProgramDiagnostics(input: ProgramInput, result: ProgramTranslateResult): void {
  const texts = new Map(input.files.map((f) => [f.path, f.text]));
  for (const d of result.diagnostics) {
    const file = d.file ?? input.files[0]!.path;
    printDiagnostics([d], input.display(file), texts.get(file) ?? "");
  }
}

export async function portProgramCommand(args: readonly string[], flags: PortCommandFlags & ProgramFlags): Promise<number> {
  const format = flags.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format ${format}: choose text, json or sarif`);
  if (format !== "text" && flags.diff) throw new UsageError(`--format ${format} prints the diagnostics on standard output; it cannot be combined with --diff`);
  const { input, result } = await portProgram(args, flags, { print: format === "text" });
  if (format === "json") {
    const diagnostics = result.diagnostics.map((d) => ({ ...d, ...(d.file ? { file: input.display(d.file) } : {}) }));
    process.stdout.write(`${JSON.stringify({ files: input.files.map((f) => input.display(f.path)), ok: result.ok, diagnostics }, null, 2)}\n`);
  } else if (format === "sarif") {
    process.stdout.write(`${JSON.stringify(toSarif(result.diagnostics.map((d) => ({ ...d, file: input.display(d.file ?? input.files[0]!.path) })), { fileUri: input.display(input.files[0]!.path), toolVersion: VERSION }), null, 2)}\n`);
  }
  if (!result.ok || hasErrors(result.diagnostics) || !result.makefile) return 2;

  const inputs = new Set(input.files.map((f) => resolve(input.root, f.path)));
  const outputsIn = (dir: string) => [...result.files.map((f) => ({ path: join(dir, f.path), text: f.text })), { path: join(dir, "Makefile"), text: result.makefile! }];
  // By default ./NAME, as for one file; where that is the program's own directory, ./NAME-module.
  const dir = flags.output ?? (outputsIn(result.name).some((o) => inputs.has(resolve(o.path))) || resolve(result.name) === input.root ? `${result.name}-module` : result.name);
  const outputs = outputsIn(dir);
  if (flags.diff) {
    const { unifiedDiff } = await import("../emit/diff.js");
    const sources = new Map(input.files.map((f) => [f.path, f.text]));
    for (const f of result.files) {
      if (sources.get(f.source) === f.text) continue;
      const diff = unifiedDiff(sources.get(f.source)!, f.text, { oldName: input.display(f.source), newName: join(dir, f.path) });
      if (diff) process.stdout.write(colorDiff(diff.endsWith("\n") ? diff : `${diff}\n`, process.stdout));
    }
  }
  if (flags.dryRun) return 0;
  // Every file of the program is an input: none is written, through a link to its directory either.
  const protect = { force: Boolean(flags.force), inputPaths: [...inputs] };
  checkOutputs(
    outputs.map((o) => o.path),
    protect,
  );
  const compiled = flags.compileCheck === false ? undefined : await buildAgainstHeaders(result, target(flags));
  for (const o of outputs) ensureDirectory(dirname(o.path));
  await writeOutputs(outputs, protect);
  infoLine(`wrote ${result.files.length} files and ${join(dir, "Makefile")} in ${dir} (module ${result.name}: ${result.objects.join(" ")})`);
  if (compiled && !compiled.clean) {
    process.stderr.write(`kernelize: error: the module does not build cleanly against ${compiled.release}: ${compiled.summary} (written all the same, to look at)\n`);
    return 1;
  }
  return 0;
}

function target(flags: PortCommandFlags): string {
  return targetOptions(flags).kernel;
}

/**
 * Builds the module with Kbuild in a directory of its own, when headers of the release are here:
 * several objects are compiled and linked (an object that uses what no other defines fails here),
 * and what the compiler says is printed at the file it says it of.
 */
export async function buildAgainstHeaders(result: ProgramTranslateResult, kernel: string): Promise<{ clean: boolean; release: string; summary: string } | undefined> {
  const { findKernelDir, buildModule } = await import("../verify/kbuild.js");
  (await import("../verify/temp.js")).removeTemporaryOnSignal();
  const { MissingPartError } = await import("../verify/parts.js");
  const { which } = await import("../verify/exec.js");
  const kdir = await findKernelDir(undefined, { series: kernel }).catch((e: unknown) => {
    if (e instanceof MissingPartError) return undefined;
    throw e;
  });
  if (!kdir || (await which("gcc")) === undefined || (await which("make")) === undefined) {
    infoLine(`note: not built before writing: no kernel headers for ${kernel} and gcc here (kernelize doctor)`);
    return undefined;
  }
  verboseLine(`building against ${kdir.path}${kdir.release ? ` (${kdir.release})` : ""}`);
  const dir = mkdtempSync(join(tmpdir(), "kernelize-program-"));
  try {
    const { writeFileSync, mkdirSync } = await import("node:fs");
    for (const f of result.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    writeFileSync(join(dir, "Makefile"), result.makefile!);
    const build = await buildModule({ kdir: kdir.path, dir });
    for (const d of [...build.errors, ...build.warnings]) {
      const where = d.file ? `${d.file.startsWith(dir) ? d.file.slice(dir.length + 1) : basename(d.file)}:${d.line ?? ""}${d.column ? `:${d.column}` : ""}` : d.tool;
      process.stderr.write(`${where}: ${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ""} (in the port)\n`);
    }
    const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
    return { clean: build.ok && build.warnings.length === 0, release: kdir.release ?? kdir.path, summary: `${count(build.errors.length, "error")}, ${count(build.warnings.length, "warning")}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
