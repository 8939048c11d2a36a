// printf(…) becomes pr_info(…): a module's output goes to the kernel log, at an explicit level.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "printf-to-pr-info",
  summary: "printf(…) becomes pr_info(…)",
  explanation: [
    "A module has no standard output; what it prints goes to the kernel's log ring buffer, read with dmesg.",
    "Every log line has a level. pr_info(fmt, …) is printk(KERN_INFO fmt, …): KERN_INFO is the string literal \"\\001\" \"6\", which the compiler glues onto the front of the format, and the log reads the level back from it.",
    "The pr_*() macros are preferred to a bare printk() because the level cannot be forgotten and a module can prefix all its lines at once with pr_fmt.",
    "Formats work as in printf() for the common conversions; printk() ends a line at each \\n, so a line printed in pieces needs pr_cont().",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/printk-formats.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  calls: ["printf"],
  rewrite({ callee }, ctx) {
    ctx.replace(callee, "pr_info");
  },
});
