// fputs(s, stdout) becomes pr_info("%s", s) and fputs(s, stderr) becomes pr_err("%s", s).
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { bufferedWhy, printMacro, reportOtherStream, streamOf } from "./output-lines.js";
import { portTextArgument } from "./printk-formats.js";

export default defineRule({
  id: "fputs-to-pr-info-or-pr-err",
  summary: "fputs(s, stdout) becomes pr_info(\"%s\", s), fputs(s, stderr) becomes pr_err(\"%s\", s), or print_stdout()/print_stderr() where it writes a piece of a line",
  explanation: [
    "fputs() writes a string without adding a newline; in a module the string goes to the kernel log, at the informational level for stdout and the error level for stderr.",
    "Since nothing is added, a string that does not end in \\n is a piece of a line: it goes through the stream's line buffer (print_stdout(), print_stderr()), which logs the line whole when it ends (output-line-buffers); so does the output that finishes the line.",
    "A string literal without % signs becomes the format; anything else is printed through \"%s\", so that a % in the text is not read as a conversion.",
    "Any other FILE * is refused: there are no files for a module to write to.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["fputs"],
  rewrite({ callee, call, name }, ctx) {
    const [text, stream] = callArguments(call);
    const target = streamOf(stream);
    if (!target) {
      reportOtherStream(ctx, call, name, stream);
      return;
    }
    if (!text || !stream) return;
    ctx.replace(callee, printMacro(ctx, call, target === "stderr" ? "pr_err" : "pr_info"), bufferedWhy(ctx, call));
    portTextArgument(ctx, text, false);
    ctx.remove({ start: text.endIndex, end: stream.endIndex });
  },
});
