// perror(s) becomes pr_err("%s\n", s), with the errno text perror() appended where the program's own test says what failed.
import { errnoTextAt } from "../analysis/errno-text.js";
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { portTextArgument } from "./printk-formats.js";

export default defineRule({
  id: "perror-to-pr-err",
  summary: "perror(s) becomes pr_err(\"%s\\n\", s); perror(\"text\") becomes pr_err(\"text\\n\")",
  explanation: [
    "perror() writes its argument, a colon and the C library's text for errno (\"Cannot allocate memory\") to stderr, as one line.",
    "In a module the line goes to the kernel log at the error level, with pr_err(); but the kernel has no errno and no table of error texts: a failing kernel function returns a negative error code instead.",
    "Often the program's own test says which value errno holds: perror() in the branch taken when an allocation returned NULL follows a failed allocation, which sets errno to ENOMEM, so the port writes the C library's text itself (pr_err(\"malloc: Cannot allocate memory\\n\")). Elsewhere errno's value depends on what ran before, and only the program's own words are kept; kernelize check then compares the line without the text after the colon, and says so.",
    "perror() always ends its line, so the port adds \\n, and it always starts a line of its own.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/printk-formats.html#error-pointers"],
  headers: ["linux/printk.h"],
  safety: "review",
  topics: ["pr-macros-over-printk"],
  calls: ["perror"],
  rewrite({ callee, call }, ctx) {
    const text = callArguments(call)[0];
    if (!text) return;
    ctx.replace(callee, "pr_err");
    portTextArgument(ctx, text, true, errnoTextAt(call));
  },
});
