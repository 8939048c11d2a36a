// fprintf(stdout, …) becomes pr_info(…) and fprintf(stderr, …) becomes pr_err(…): the stream becomes a log level.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { bufferedWhy, printMacro, reportOtherStream, streamOf } from "./output-lines.js";
import { portFormatArguments } from "./printk-formats.js";

export default defineRule({
  id: "fprintf-to-pr-info-or-pr-err",
  summary: "fprintf(stdout, …) becomes pr_info(…), fprintf(stderr, …) becomes pr_err(…), or print_stdout()/print_stderr() where it writes a piece of a line",
  explanation: [
    "A module has one place to write to, the kernel log, so the two standard streams become log levels: what the program wrote to stdout is informational (pr_info()), and what it wrote to stderr, its complaints, is an error (pr_err(), KERN_ERR), which dmesg highlights and a console shows at a lower threshold.",
    "The stream argument goes; the format and its arguments stay, checked for the conversions printk() treats differently (%n, %m, floating point, %p); a format the function is given as a parameter goes through the line buffer where every caller passes a literal, each checked, as with printf().",
    "A piece of a line goes through its stream's line buffer, as with printf(); the two streams have a buffer each, so a message to stderr neither ends nor continues a line being built on stdout, as with stdio.",
    "Any other FILE * is refused: there are no files for a module to write to.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/printk-formats.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["fprintf"],
  rewrite({ callee, call, name }, ctx) {
    const [stream, format] = callArguments(call);
    const target = streamOf(stream);
    if (!target) {
      reportOtherStream(ctx, call, name, stream);
      return;
    }
    if (!stream || !format) return;
    ctx.replace(callee, printMacro(ctx, call, target === "stderr" ? "pr_err" : "pr_info"), bufferedWhy(ctx, call));
    portFormatArguments(ctx, call, format, name, { drop: { start: stream.startIndex, end: format.startIndex } });
  },
});
