// Node entry point: the browser-safe core, with the C grammar loaded from the installed tree-sitter-c package,
// and the verification the command runs (build, lint, check, batch) for programs that call it themselves.
export * from "./core/index.js";
export { loadC, loadClangFormat, translate, translateProgram } from "./node-language.js";
export { lintToSarif, type LintSarifInput } from "./emit/sarif.js";
export { buildModule, findKernelDir, type BuildModuleOptions, type BuildResult, type CompilerDiagnostic, type KernelDir } from "./verify/kbuild.js";
export { lintModule, lintModules, lintTools, formatLintFinding, formatLintSummary, type LintFinding, type LintInput, type LintOptions, type LintReport, type LintTool } from "./verify/lint.js";
export { runCheck, formatCheckReport, type CheckOptions, type CheckResult } from "./verify/check.js";
export { runBatch, type BatchOptions, type BatchProgram, type BatchReport, type BatchRow, type BatchStatus } from "./verify/batch.js";
export { MissingPartError, VerifyInputError } from "./verify/parts.js";
