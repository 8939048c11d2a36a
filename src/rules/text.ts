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
  // A comment after it on its line is about it, and goes with it: `int saved = errno; /* … */`.
  const alone = startsLine(source, statement.startIndex) && /^[ \t]*(?:\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*|\/\/[^\n]*)?\r?\n?$/.test(source.slice(statement.endIndex, end));
  return alone ? { start, end } : { start: statement.startIndex, end: statement.endIndex };
}

/**
 * Ranges to delete: statements next to each other (blank lines between them included) go as one,
 * and a blank line left doubled, or left first in the block, goes with them.
 */
export function paragraphsRemoved(source: string, ranges: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && /^\s*$/.test(source.slice(last.end, r.start))) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  for (const r of merged) {
    const before = source.slice(lineStartOf(source, Math.max(0, r.start - 1)), r.start);
    const nextLine = /^[ \t]*\r?\n/.exec(source.slice(r.end));
    if (nextLine && (/^\s*$/.test(before) || /\{\s*$/.test(before))) r.end += nextLine[0].length;
  }
  return merged;
}
