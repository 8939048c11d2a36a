// putchar(c), putc(c, stream) and fputc(c, stream) become print_stdout("%c", c) (or print_stderr), pr_info("\n") for an empty line.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { freshName, wordsOf } from "./added-code.js";
import { bufferedWhy, printMacro, reportOtherStream, streamOf } from "./output-lines.js";
import { charAsStringContent } from "./printk-formats.js";

export default defineRule({
  id: "putchar-to-pr-info",
  summary: "putchar(c) becomes print_stdout(\"%c\", c), a piece of the line the stdout buffer builds, or pr_info(\"\\n\") where it prints an empty line; putc and fputc likewise",
  explanation: [
    "The kernel log has no character output: each printk() call adds to a record, and a record ends at \\n.",
    "A character is almost always a piece of a line, so it goes to the stream's line buffer (print_stdout(), print_stderr() for stderr; see output-line-buffers), which logs the line whole when the \\n arrives. Only putchar('\\n') on a line that is closed on every path is a whole line of its own, an empty one: pr_info(\"\\n\").",
    "Which one a call is follows from the output before it, traced through loops, branches and calls.",
    "A plain character literal becomes a one-character format (putchar('x') is print_stdout(\"x\")); anything else is printed through \"%c\".",
    "Where the program uses what putchar() returns, the character it wrote as an unsigned char (putchar(0x1070) returns 0x70), the call becomes a statement expression that evaluates the argument once, prints it, and has that value.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["putchar", "putc", "fputc"],
  rewrite({ callee, call, name }, ctx) {
    const [character, stream] = callArguments(call);
    if (!character) return;
    const target = name === "putchar" ? "stdout" : streamOf(stream);
    if (!target) {
      reportOtherStream(ctx, call, name, stream);
      return;
    }
    const macro = printMacro(ctx, call, target === "stderr" ? "pr_err" : "pr_info");
    if (call.parent?.type !== "expression_statement") {
      // The result is used: putchar() returns the character it wrote, as an unsigned char.
      const ch = freshName(["ch"], wordsOf(ctx.facts.source));
      ctx.replace({ start: call.startIndex, end: character.startIndex }, `({ int ${ch} = `, bufferedWhy(ctx, call));
      ctx.replace({ start: character.endIndex, end: call.endIndex }, `; ${macro}("%c", ${ch}); (unsigned char)${ch}; })`);
      return;
    }
    ctx.replace(callee, macro, bufferedWhy(ctx, call));
    const content = charAsStringContent(character);
    if (content !== undefined) ctx.replace(character, `"${content}"`);
    else ctx.insert(character.startIndex, '"%c", ');
    if (stream) ctx.remove({ start: character.endIndex, end: stream.endIndex });
  },
});
