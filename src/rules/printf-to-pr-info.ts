// printf(…) becomes pr_info(…) where it writes whole lines, print_stdout(…) (the stdout line buffer) where it does not: a module's output goes to the kernel log.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { bufferedWhy, printMacro } from "./output-lines.js";
import { portFormatArguments } from "./printk-formats.js";

export default defineRule({
  id: "printf-to-pr-info",
  summary: "printf(…) becomes pr_info(…) where it writes whole lines, print_stdout(…) where it builds a line in pieces",
  explanation: [
    "A module has no standard output; what it prints goes to the kernel's log ring buffer, read with dmesg.",
    "Every log line has a level. pr_info(fmt, …) is printk(KERN_INFO fmt, …): KERN_INFO is a string literal that the compiler glues onto the front of the format, and the log reads the level back from it; that is also why the format must be a literal (a printf(s) with a string variable prints through \"%s\"). A format a function is given as a parameter, with arguments after it (`report(const char *fmt, …)`), goes through the line buffer, which takes a format at run time, where every caller passes a literal: each caller's literal is checked as the format it is.",
    "The pr_*() macros are preferred to a bare printk() because the level cannot be forgotten and a module can prefix all its lines at once with pr_fmt.",
    "The log is made of records, not a stream of characters: each printk() call starts a record, and printk() ends it at \\n. So a printf() that provably writes whole lines onto a closed line (no piece of a line before it on any path, a \\n at its end) stays one pr_info(); a printf() that builds a line in pieces (across a loop, a branch or a helper) goes through print_stdout(), the module's line buffer, which logs the line whole when it ends (output-line-buffers). Which one a call is follows from the output before it, traced through loops, branches and calls.",
    "A last line printed without \\n is logged when init returns, as stdio writes it out at exit.",
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
    ctx.replace(callee, printMacro(ctx, call, "pr_info"), bufferedWhy(ctx, call));
    portFormatArguments(ctx, call, format, "printf");
  },
});
