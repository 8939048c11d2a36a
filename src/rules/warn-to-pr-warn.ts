// warn(fmt, …) and warnx(fmt, …) become pr_warn(fmt "\n", …): a warning line in the kernel log.
import { errnoTextAt } from "../analysis/errno-text.js";
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
    "The program name is not printed (dmesg lines carry no program name unless the module defines pr_fmt). warn()'s errno text is written out where the program's own test says what failed (after a failed allocation, \": Cannot allocate memory\"), and left out elsewhere, since the kernel has no errno.",
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
    portFormatArguments(ctx, call, format, name, { newline: true, ...(name === "warn" ? { errno: errnoTextAt(call) } : {}) });
  },
});
