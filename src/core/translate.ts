// The public API: translate(source, options) -> the module, its Makefile, the edits and the diagnostics.
import type { ModuleNames } from "../analysis/module-names.js";
import { kbuildMakefile } from "../emit/makefile.js";
import { phases } from "../rules/index.js";
import type { Diagnostic } from "./diagnostics.js";
import type { AppliedEdit } from "./edits.js";
import type { CLanguage } from "./parse.js";
import { runPipeline } from "./pipeline.js";

export interface TranslateOptions {
  /** Module name: NAME.c, NAME.ko, `obj-m += NAME.o`. Defaults to the program's shared function prefix, then the file name. */
  name?: string;
  /** The input's file name, for the default module name and the diff header. */
  fileName?: string;
}

export interface TranslateResult {
  /** True when the module was produced (no error diagnostics). */
  ok: boolean;
  /** The module's C source. */
  module: string | undefined;
  /** The Kbuild Makefile. */
  makefile: string | undefined;
  names: ModuleNames | undefined;
  /** Every edit, with its rule and its ranges in the input and the output. */
  edits: AppliedEdit[];
  diagnostics: Diagnostic[];
  rulesFired: string[];
}

export function translate(language: CLanguage, source: string, options: TranslateOptions = {}): TranslateResult {
  const fileStem = options.fileName?.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const result = runPipeline(language, source, phases, {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(fileStem ? { fileStem } : {}),
  });
  const module = result.output;
  const names = result.names;
  return {
    ok: module !== undefined,
    module,
    makefile: module !== undefined && names ? kbuildMakefile(names.module) : undefined,
    names,
    edits: result.edits,
    diagnostics: result.diagnostics,
    rulesFired: result.rulesFired,
  };
}
