// Text pieces the structural rules share: a log format with its newline, a statement's whole lines.
import type { Node } from "web-tree-sitter";
import { lineStartOf, nextLineStart, startsLine } from "../core/syntax.js";

/** The format literal with the newline a kernel log line needs (err() printed one itself). */
export function withNewline(format: Node): string {
  const text = format.text;
  // In `"a" "b"` the newline goes into the last literal; after a macro (`"x" PRId64`) a new literal is added.
  const last = format.type === "concatenated_string" ? format.lastNamedChild! : format;
  if (last.type !== "string_literal") return `${text} "\\n"`;
  if (/\\n"$/.test(last.text)) return text;
  const at = last.endIndex - format.startIndex - 1;
  return `${text.slice(0, at)}\\n${text.slice(at)}`;
}

/** A statement with its indentation and line break, when it has its line to itself; else just the statement. */
export function wholeLines(source: string, statement: Node): { start: number; end: number } {
  const start = lineStartOf(source, statement.startIndex);
  const end = nextLineStart(source, statement.endIndex - 1);
  const alone = startsLine(source, statement.startIndex) && /^[ \t]*\r?\n?$/.test(source.slice(statement.endIndex, end));
  return alone ? { start, end } : { start: statement.startIndex, end: statement.endIndex };
}
