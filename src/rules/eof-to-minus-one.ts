// <stdio.h>'s EOF becomes (-1), its value in every C library Linux programs use: the kernel has no <stdio.h> to define it.
import { defineRule } from "../core/rule.js";
import { codeTokens } from "./tokens.js";

export default defineRule({
  id: "eof-to-minus-one",
  summary: "EOF becomes (-1)",
  explanation: [
    "EOF is the value <stdio.h>'s functions return for end of file or an error, and it is a macro for (-1) in glibc and musl alike.",
    "A module has no <stdio.h>, so the port writes the value itself; comparisons keep their meaning.",
    "The output functions the port maps to printk() never return it in the kernel (printk() returns the number of bytes it logged), so a check like `if (puts(s) == EOF)` is simply never true there.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/stdio.3.html"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    if (program.macros.has("EOF")) return;
    for (const token of codeTokens(program.root, source, /\bEOF\b/g)) {
      if (program.isCompiled(token.start)) ctx.replace(token, "(-1)");
    }
  },
});
