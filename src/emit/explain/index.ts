// The explain report: one model of the port (hunks, edits, rules, topics, diagnostics) and its four renderings.
export {
  buildExplainReport,
  buildProgramExplainReport,
  EXPLAIN_SCHEMA_VERSION,
  type DiffLineKind,
  type ExplainDiagnostic,
  type ExplainDiffLine,
  type ExplainEdit,
  type ExplainFileDiff,
  type ExplainHunk,
  type ExplainOptions,
  type ProgramExplainInput,
  type ProgramFileSide,
  type ExplainReport,
  type ExplainRule,
  type ExplainTopic,
} from "./model.js";
export { renderMarkdown } from "./markdown.js";
export { renderHtml } from "./html.js";
export { renderJson } from "./json.js";
export { renderTerminal, type Painter, type TerminalOptions } from "./terminal.js";
export { inlineSpans, type InlineSpan } from "./inline.js";
