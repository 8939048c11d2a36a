// Text pieces the structural rules share: a log format with its newline, a statement's whole lines.
import type { Node } from "../core/syntax-tree.js";
import { ERRNO_PRINTERS, errnoTextAt, isErrnoOnlyMessage } from "../analysis/errno-text.js";
import { calleeName, lineStartOf, nextLineStart, startsLine } from "../core/syntax.js";

/**
 * The format literal with the end of line a kernel log line needs: err() and warn() printed the
 * newline themselves, after ": " and the text for errno where the port knows it (errno-text).
 */
export function withNewline(format: Node): string {
  const text = format.text;
  const call = format.parent?.parent;
  const errno = call?.type === "call_expression" && ERRNO_PRINTERS.has(calleeName(call) ?? "") ? errnoTextAt(call) : undefined;
  const end = `${errno ? `: ${errno}` : ""}\\n`;
  // err(1, NULL): the errno text alone, as the C library prints it after the program's name.
  if (errno && call?.type === "call_expression" && isErrnoOnlyMessage(call, format)) return `"${errno}\\n"`;
  // In `"a" "b"` the newline goes into the last literal; after a macro (`"x" PRId64`) a new literal is added.
  const last = format.type === "concatenated_string" ? format.lastNamedChild! : format;
  if (last.type !== "string_literal") return `${text} "${end}"`;
  if (/\\n"$/.test(last.text)) return text;
  const at = last.endIndex - format.startIndex - 1;
  return `${text.slice(0, at)}${end}${text.slice(at)}`;
}

/** A statement with its indentation and line break, when it has its line to itself; else just the statement. */
export function wholeLines(source: string, statement: Node): { start: number; end: number } {
  const start = lineStartOf(source, statement.startIndex);
  const end = nextLineStart(source, statement.endIndex - 1);
  const alone = startsLine(source, statement.startIndex) && /^[ \t]*\r?\n?$/.test(source.slice(statement.endIndex, end));
  return alone ? { start, end } : { start: statement.startIndex, end: statement.endIndex };
}
