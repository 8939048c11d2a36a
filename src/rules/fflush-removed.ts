// fflush(stdout) goes: the kernel log has no buffer for a module to flush.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, lineStartOf, nextLineStart, startsLine, unparenthesize } from "../core/syntax.js";
import { reportOtherStream, streamOf } from "./output-lines.js";

export default defineRule({
  id: "fflush-removed",
  summary: "fflush(stdout) and fflush(stderr) are removed; where their value is used, it becomes 0",
  explanation: [
    "stdio buffers standard output, and fflush() pushes the buffer out; programs call it so that a line built in pieces shows before it is finished.",
    "printk() has no such buffer to flush: each call stores its text in the log at once. The one thing like it is that a log line without its final \\n is shown only once it ends (or another message arrives), which no call can hurry; ending lines with \\n is what makes them appear.",
    "So the call goes. Where its result is tested, it becomes 0, the value fflush() returns on success, which is the only outcome in the kernel.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  headers: [],
  safety: "safe",
  calls: ["fflush"],
  rewrite({ call, name }, ctx) {
    const stream = callArguments(call)[0];
    const s = stream && unparenthesize(stream);
    if (!streamOf(stream) && s?.type !== "null" && s?.text !== "NULL") {
      reportOtherStream(ctx, call, name, stream);
      return;
    }
    const statement = call.parent;
    if (statement?.type !== "expression_statement") {
      ctx.replace(call, "0");
      return;
    }
    removeStatement(ctx, statement);
  },
});

/** Removes a statement: its whole line when it has the line to itself, or just its text; a lone body of if/for/while stays as `{ }`. */
function removeStatement(ctx: RuleContext, statement: Node): void {
  const source = ctx.facts.source;
  const parent = statement.parent;
  if (parent && parent.type !== "compound_statement" && parent.type !== "case_statement") {
    ctx.replace(statement, "{ }");
    return;
  }
  const lineStart = lineStartOf(source, statement.startIndex);
  const lineEnd = nextLineStart(source, statement.endIndex);
  const restOfLine = source.slice(statement.endIndex, lineEnd);
  if (startsLine(source, statement.startIndex) && /^[ \t]*\r?\n?$/.test(restOfLine)) {
    ctx.remove({ start: lineStart, end: lineEnd });
  } else {
    // Take the blanks before it too, so that `a(); fflush(stdout); }` leaves `a(); }`.
    let start = statement.startIndex;
    while (start > lineStart && (source[start - 1] === " " || source[start - 1] === "\t")) start--;
    ctx.remove({ start: start > lineStart ? start : statement.startIndex, end: statement.endIndex });
  }
}
