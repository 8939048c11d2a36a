// Browser-safe entry point: everything the playground and other hosts need, nothing from Node.
export { translate, type TranslateOptions, type TranslateResult } from "./translate.js";
export { translateProgram, type ProgramTranslateOptions, type ProgramTranslateResult, type PortedFile } from "./translate-program.js";
export { type ProgramFile } from "./program-files.js";
export { type PortStyle, type PortTarget, type KernelVersion, DEFAULT_KERNEL, parseKernelVersion, formatKernelVersion } from "./target.js";
export { KERNEL_API, type KernelApiFact, kernelHas } from "./kernel-api.js";
export { type CodeFormatter, KERNEL_LAYOUT, KERNEL_LAYOUT_STYLE } from "./layout.js";
export { CLanguage, type GrammarSource } from "./parse.js";
export { type Diagnostic, type SourceRange, type Severity, DiagnosticCatalog, formatDiagnostic, hasErrors } from "./diagnostics.js";
export { type TextEdit, type AppliedEdit, applyEdits, EditConflictError } from "./edits.js";
export { rules, phases } from "../rules/index.js";
export type { Rule, RuleMeta } from "./rule.js";
export { unifiedDiff, type DiffOptions } from "../emit/diff.js";
export { toSarif, type SarifOptions } from "../emit/sarif.js";
export * from "../emit/explain/index.js";
export { topics, type Topic } from "../explain/topics.js";
