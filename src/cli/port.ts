// `kernelize port`: read a program, port it, write NAME.c and the Makefile (and show the diff when asked).
import { basename, join } from "node:path";
import { hasErrors } from "../core/diagnostics.js";
import type { TranslateResult } from "../core/translate.js";
import { translate } from "../node-language.js";
import { toSarif } from "../emit/sarif.js";
import { checkModuleName, checkOutputs, readInput, UsageError, writeOutputs } from "./io.js";
import { type TargetFlags, type TargetOptions, targetOptions } from "./target-flags.js";
import { VERSION } from "./version.js";
import { colorDiff, printDiagnostics } from "./report.js";
import { infoLine, isVerbose, verboseLine } from "./output-level.js";

export interface PortFlags {
  output?: string;
  name?: string;
  diff?: boolean;
  force?: boolean;
  dryRun?: boolean;
  /** false with --no-compile-check. */
  compileCheck?: boolean;
  format?: string;
}

export type PortCommandFlags = PortFlags & TargetFlags;

export async function portCommand(file: string, flags: PortCommandFlags): Promise<number> {
  checkModuleName(flags.name);
  const format = flags.format ?? "text";
  if (!["text", "json", "sarif"].includes(format)) throw new UsageError(`--format ${format}: choose text, json or sarif`);
  if (format !== "text" && flags.diff) throw new UsageError(`--format ${format} prints the diagnostics on standard output; it cannot be combined with --diff`);
  const target = targetOptions(flags);
  const input = await readInput(file);
  const result = await translate(input.text, {
    ...target,
    ...(flags.name !== undefined ? { name: flags.name } : {}),
    ...(input.path ? { fileName: input.displayName } : {}),
  });
  describePort(target, result);
  if (format === "text") printDiagnostics(result.diagnostics, input.displayName, input.text);
  else process.stdout.write(`${JSON.stringify(format === "json" ? { file: input.displayName, ok: result.ok, diagnostics: result.diagnostics } : toSarif(result.diagnostics, { fileUri: input.displayName, toolVersion: VERSION }), null, 2)}\n`);
  if (!result.ok || hasErrors(result.diagnostics) || !result.module || !result.makefile || !result.names) return 2;

  // By default a directory named after the module: NAME.c there can never be the program itself
  // (in the current directory, list.c would become list.c whenever the module is named after its file).
  const dir = flags.output ?? result.names.module;
  const moduleFile = join(dir, `${result.names.module}.c`);
  const makefile = join(dir, "Makefile");
  if (flags.diff) {
    // Loaded only when asked for: the diff library is a tenth of the command's start-up time.
    const { unifiedDiff } = await import("../emit/diff.js");
    const diff = unifiedDiff(input.text, result.module, { oldName: input.path ? input.displayName : "user.c", newName: moduleFile });
    process.stdout.write(colorDiff(diff.endsWith("\n") ? diff : `${diff}\n`, process.stdout));
  }
  if (flags.dryRun) return 0;
  // Outputs that will be refused are refused before a compile that takes a second.
  checkOutputs([moduleFile, makefile], { force: Boolean(flags.force), inputPath: input.path });
  // Compiled as Kbuild would before it is called done: a port that does not build is not a port.
  const compiled = flags.compileCheck === false ? undefined : await compileAgainstHeaders(input, result, target.kernel, moduleFile);
  await writeOutputs(
    [
      { path: moduleFile, text: result.module },
      { path: makefile, text: result.makefile },
    ],
    { force: Boolean(flags.force), inputPath: input.path },
  );
  infoLine(`wrote ${moduleFile} and ${makefile} (${result.edits.length} edits by ${result.rulesFired.length} rules)`);
  if (compiled && !compiled.clean) {
    process.stderr.write(`kernelize: error: the module does not compile cleanly against ${compiled.release}: ${compiled.summary} (written all the same, to look at)\n`);
    return 1;
  }
  return 0;
}

/**
 * Compiles the module with the command Kbuild would use, when headers of the release the port is
 * for are here; prints what the compiler says at the user's lines. Undefined when there are no such
 * headers (the port is then written unchecked, with a note).
 */
async function compileAgainstHeaders(input: { displayName: string; text: string }, result: TranslateResult, kernel: string, moduleFile: string): Promise<{ clean: boolean; release: string; summary: string } | undefined> {
  const { findKernelDir, compileCheck } = await import("../verify/kbuild.js");
  // Ctrl-C or a kill while gcc runs ends it too (it leads a process group of its own, which a
  // signal to kernelize alone does not reach) and removes its directory.
  (await import("../verify/temp.js")).removeTemporaryOnSignal();
  const { MissingPartError } = await import("../verify/parts.js");
  const kdir = await findKernelDir(undefined, { series: kernel }).catch((e: unknown) => {
    if (e instanceof MissingPartError) return undefined;
    throw e;
  });
  if (!kdir || !(await hasCompiler())) {
    infoLine(`note: not compiled before writing: no kernel headers for ${kernel} and gcc here (kernelize doctor)`);
    return undefined;
  }
  verboseLine(`compiling against ${kdir.path}${kdir.release ? ` (${kdir.release})` : ""}`);
  const { lineMapOfPort } = await import("../verify/line-map.js");
  const map = lineMapOfPort(input.text, { module: result.module!, edits: result.edits, layoutEdits: result.layoutEdits });
  const check = await compileCheck({ kdir: kdir.path, source: result.module!, name: result.names!.module, mapPosition: map.position, originalFile: input.displayName });
  for (const d of [...check.errors, ...check.warnings]) {
    const where = d.original ? `${d.original.file}:${d.original.line}:${d.original.column}` : d.file ? `${basename(d.file)}:${d.line ?? ""}${d.column ? `:${d.column}` : ""}` : d.tool;
    const inPort = d.original && d.file ? ` (line ${d.line} of ${moduleFile})` : "";
    process.stderr.write(`${where}: ${d.severity}: ${d.message}${d.flag ? ` [${d.flag}]` : ""}${inPort}\n`);
    // modpost's notes are kernelize's own (why the symbol is missing); gcc's stay with the build log.
    if (d.tool === "modpost") for (const note of d.notes) process.stderr.write(`  note: ${note}\n`);
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return { clean: check.errors.length === 0 && check.warnings.length === 0, release: kdir.release ?? kdir.path, summary: `${count(check.errors.length, "error")}, ${count(check.warnings.length, "warning")}` };
}

async function hasCompiler(): Promise<boolean> {
  const { which } = await import("../verify/exec.js");
  return (await which("gcc")) !== undefined && (await which("make")) !== undefined;
}

/** For -v: what the port was for, and each rule that changed the program with its number of edits. */
export function describePort(target: TargetOptions, result: TranslateResult): void {
  if (!isVerbose()) return;
  verboseLine(`porting for Linux ${target.kernel} (${target.kernelSource}), ${target.style} style${target.w1 ? ", built with W=1" : ""}${target.author ? `, author ${target.author}` : ""}`);
  const editsBy = new Map<string, number>();
  for (const e of result.edits) if (e.ruleId) editsBy.set(e.ruleId, (editsBy.get(e.ruleId) ?? 0) + 1);
  for (const rule of result.rulesFired) verboseLine(`rule ${rule}: ${editsBy.get(rule) ?? 0} edit${editsBy.get(rule) === 1 ? "" : "s"}`);
}
