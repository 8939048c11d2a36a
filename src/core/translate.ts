// The public API: translate(source, options) -> the module, its Makefile, the edits and the diagnostics.
import type { ModuleNames } from "../analysis/module-names.js";
import { kbuildMakefile } from "../emit/makefile.js";
import { phases } from "../rules/index.js";
import type { Diagnostic } from "./diagnostics.js";
import type { AppliedEdit } from "./edits.js";
import type { CLanguage } from "./parse.js";
import type { CodeFormatter } from "./layout.js";
import { runPipeline } from "./pipeline.js";
import { DEFAULT_KERNEL, type KernelVersion, parseKernelVersion, type PortStyle, type PortTarget } from "./target.js";

export interface TranslateOptions {
  /** Module name: NAME.c, NAME.ko, `obj-m += NAME.o`. Defaults to the program's shared function prefix, then the file name. */
  name?: string;
  /** The input's file name, for the default module name and the diff header. */
  fileName?: string;
  /** "minimal" (default): the article's small diff in the program's own layout; "kernel": the kernel's coding style. */
  style?: PortStyle;
  /** The kernel release the module is for, "X.Y" (default 6.1): it decides which API the rules use. */
  kernel?: string | KernelVersion;
  /** The module is built with W=1 (the kernel's extra warnings): nothing the port adds may draw one. */
  w1?: boolean;
  /** MODULE_AUTHOR() in the kernel style. */
  author?: string;
  /** MODULE_DESCRIPTION(); default: the program's leading comment. */
  description?: string;
  /** clang-format for the kernel style's layout (see core/layout.ts); required when style is "kernel". */
  format?: CodeFormatter;
}

export interface TranslateResult {
  /** True when the module was produced (no error diagnostics). */
  ok: boolean;
  /** The module's C source. */
  module: string | undefined;
  /** The Makefile: the article's in the minimal style, modules.rst's (with KDIR) in the kernel style. */
  makefile: string | undefined;
  names: ModuleNames | undefined;
  /** Every edit, with its rule and its ranges in the input and the output. */
  edits: AppliedEdit[];
  /**
   * What the kernel style's layout changed (whitespace, re-wrapped comments), as edits from the
   * program (rule id "layout"): no rule's work, so not in `edits`; a map from the module's
   * positions to the program's needs both (`lineMapFromEdits`). Empty in the minimal style.
   */
  layoutEdits: AppliedEdit[];
  diagnostics: Diagnostic[];
  rulesFired: string[];
}

export function translate(language: CLanguage, source: string, options: TranslateOptions = {}): TranslateResult {
  const fileStem = options.fileName?.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  // A carriage return alone ends a line too (old Mac files), but the grammar and the rules know only
  // \n: they read a view with each lone \r as \n, the same length, so every offset, line and
  // column holds for the user's text; a file of CRs alone gets its module back in CRs.
  const crOnly = source.includes("\r") && !source.includes("\n");
  const text = source.includes("\r") ? source.replace(/\r(?!\n)/g, "\n") : source;
  const target = targetOf(options);
  const result = runPipeline(language, text, phases, {
    ...(options.name !== undefined ? { name: options.name } : {}),
    ...(fileStem ? { fileStem, fileBase: options.fileName!.replace(/^.*[\\/]/, "") } : {}),
    target,
    ...(options.format ? { format: options.format } : {}),
  });
  const module = crOnly && result.output !== undefined ? result.output.replaceAll("\n", "\r") : result.output;
  const names = result.names;
  return {
    ok: module !== undefined,
    module,
    makefile: module !== undefined && names ? kbuildMakefile(names.module, target.style) : undefined,
    names,
    edits: result.edits,
    layoutEdits: result.layoutEdits ?? [],
    diagnostics: result.diagnostics,
    rulesFired: result.rulesFired,
  };
}

export function targetOf(options: TranslateOptions): PortTarget {
  let kernel = DEFAULT_KERNEL;
  if (typeof options.kernel === "string") {
    const parsed = parseKernelVersion(options.kernel);
    if (!parsed) throw new RangeError(`not a kernel version: '${options.kernel}' (expected X.Y, e.g. 6.12)`);
    kernel = parsed;
  } else if (options.kernel) {
    kernel = options.kernel;
  }
  return {
    style: options.style ?? "minimal",
    kernel,
    ...(options.w1 ? { w1: true } : {}),
    ...(options.author !== undefined ? { author: options.author } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  };
}
