// printf(…) becomes pr_info(…), or pr_cont(…) where it continues a line: a module's output goes to the kernel log.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { printMacro } from "./output-lines.js";
import { portFormatArguments } from "./printk-formats.js";

export default defineRule({
  id: "printf-to-pr-info",
  summary: "printf(…) becomes pr_info(…), or pr_cont(…) where it continues a line an earlier call left open",
  explanation: [
    "A module has no standard output; what it prints goes to the kernel's log ring buffer, read with dmesg.",
    "Every log line has a level. pr_info(fmt, …) is printk(KERN_INFO fmt, …): KERN_INFO is a string literal that the compiler glues onto the front of the format, and the log reads the level back from it; that is also why the format must be a literal (a printf(s) with a string variable becomes pr_info(\"%s\", s)).",
    "The pr_*() macros are preferred to a bare printk() because the level cannot be forgotten and a module can prefix all its lines at once with pr_fmt.",
    "The log is made of records, not a stream of characters: printk() ends a record at each \\n, and a record without one stays open only for a following pr_cont() (KERN_CONT) from the same task; any other level starts a new line. So a line that stdio builds from several printf() calls becomes a pr_info() for its first piece and pr_cont() for the rest, decided by following the output through loops, branches and calls; where it cannot be decided, pr_cont() is used and the call is reported.",
    "A line still open is not shown until it ends or another message arrives, so the last piece should end with \\n.",
    "Formats work as in printf() for the integer, character and string conversions; %p prints a hashed value, and %n, %m and floating point are refused.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/printk-formats.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["printf"],
  rewrite({ callee, call }, ctx) {
    const format = callArguments(call)[0];
    if (!format) return;
    ctx.replace(callee, printMacro(ctx, call, "pr_info"));
    portFormatArguments(ctx, call, format, "printf");
  },
});
