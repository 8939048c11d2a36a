// putchar(c), putc(c, stream) and fputc(c, stream) become pr_cont("%c", c), or pr_info() where the character starts a line.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { printMacro, reportOtherStream, streamOf } from "./output-lines.js";
import { charAsStringContent } from "./printk-formats.js";

export default defineRule({
  id: "putchar-to-pr-cont",
  summary: "putchar(c) becomes pr_cont(\"%c\", c) where it continues a line, pr_info(\"%c\", c) where it starts one; putc and fputc likewise",
  explanation: [
    "The kernel log has no character output: each printk() call adds to a record, and a record ends at \\n.",
    "A character printed after the start of a line (a pr_info() without \\n) continues that record with pr_cont(), which is printk(KERN_CONT …); a character that starts a line is a pr_info() (pr_err() on stderr), and putchar('\\n') ends the line.",
    "Which one a call is follows from the output before it, traced through loops, branches and calls; where it cannot be decided, pr_cont() is used and the call is reported, since pr_cont() with no open line starts one at the default level rather than losing the character.",
    "A plain character literal becomes a one-character format (putchar('x') is pr_cont(\"x\")); anything else is printed through \"%c\".",
    "Two caveats from the printk documentation: continuation lines are not atomic, so another task's message can end the line early, and a line is only shown once it ends, so the program should finish its lines with '\\n'.",
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
    ctx.replace(callee, printMacro(ctx, call, target === "stderr" ? "pr_err" : "pr_info"));
    const content = charAsStringContent(character);
    if (content !== undefined) ctx.replace(character, `"${content}"`);
    else ctx.insert(character.startIndex, '"%c", ');
    if (stream) ctx.remove({ start: character.endIndex, end: stream.endIndex });
  },
});
