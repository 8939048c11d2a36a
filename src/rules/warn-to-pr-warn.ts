// warn(fmt, …) and warnx(fmt, …) become pr_warn(fmt "\n", …): a warning line in the kernel log.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { portFormatArguments } from "./printk-formats.js";

export default defineRule({
  id: "warn-to-pr-warn",
  summary: "warn(fmt, …) and warnx(fmt, …) become pr_warn(fmt \"\\n\", …), the newline added inside the literal",
  explanation: [
    "warnx() prints the program's name, the formatted message and a newline to stderr, and carries on; warn() also appends a colon and the text for errno.",
    "pr_warn() is the kernel's equivalent: a line at the warning level (KERN_WARNING) that does not stop anything.",
    "The newline that warn() added by itself has to be written in the format, or the log record would stay open; it goes inside the literal (\"no such item %d\\n\") rather than as a separate piece.",
    "Two parts of the line are lost: the program name (dmesg lines carry no program name unless the module defines pr_fmt) and, for warn(), the errno text, since the kernel has no errno; failing kernel functions return a negative error code to print instead.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/printk-formats.html"],
  headers: ["linux/printk.h"],
  safety: "review",
  topics: ["pr-macros-over-printk"],
  calls: ["warn", "warnx"],
  rewrite({ callee, call, name }, ctx) {
    const format = callArguments(call)[0];
    if (!format) return;
    ctx.replace(callee, "pr_warn");
    portFormatArguments(ctx, call, format, name, { newline: true });
  },
});
