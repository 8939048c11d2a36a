// `kernelize port`: read a program, port it, write NAME.c and the Makefile (and show the diff when asked).
import { join } from "node:path";
import { hasErrors } from "../core/diagnostics.js";
import { translate } from "../node-language.js";
import { toSarif } from "../emit/sarif.js";
import { checkModuleName, readInput, UsageError, writeOutputs } from "./io.js";
import { type TargetFlags, targetOptions } from "./target-flags.js";
import { VERSION } from "./version.js";
import { colorDiff, printDiagnostics } from "./report.js";

export interface PortFlags {
  output?: string;
  name?: string;
  diff?: boolean;
  force?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
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
  await writeOutputs(
    [
      { path: moduleFile, text: result.module },
      { path: makefile, text: result.makefile },
    ],
    { force: Boolean(flags.force), inputPath: input.path },
  );
  if (!flags.quiet) {
    process.stderr.write(
      `kernelize: wrote ${moduleFile} and ${makefile} (${result.edits.length} edits by ${result.rulesFired.length} rules)\n`,
    );
  }
  return 0;
}
