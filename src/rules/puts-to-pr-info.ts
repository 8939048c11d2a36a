// puts(s) becomes pr_info("%s\n", s): puts() ends the line itself, so the kernel format says so.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { bufferedWhy, printMacro } from "./output-lines.js";
import { portTextArgument } from "./printk-formats.js";

export default defineRule({
  id: "puts-to-pr-info",
  summary: "puts(s) becomes pr_info(\"%s\\n\", s); puts(\"text\") becomes pr_info(\"text\\n\")",
  explanation: [
    "puts() writes a string and then a newline to standard output; in a module, output goes to the kernel log, and pr_info() writes one line at the informational level.",
    "The newline puts() adds becomes an explicit \\n in the format, which is also what ends the log record: without it, the line would stay open for the next message to continue.",
    "A string literal without % signs becomes the format itself; anything else is printed through \"%s\", because printk() would read a % in the string as a conversion.",
    "Where the line was left open by earlier output (printf(\"total: \") then puts(\"none\")), the call ends it through the stdout line buffer instead: print_stdout(\"none\\n\") (output-line-buffers).",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["puts"],
  rewrite({ callee, call }, ctx) {
    const text = callArguments(call)[0];
    if (!text) return;
    ctx.replace(callee, printMacro(ctx, call, "pr_info"), bufferedWhy(ctx, call));
    portTextArgument(ctx, text, true);
  },
});
