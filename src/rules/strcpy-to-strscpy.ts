// strcpy()/strcat() into an array become strscpy()/strlcat() bounded by sizeof; the rest are kept and flagged.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { appendArgument } from "./calls.js";
import { isArrayExpression } from "./declarations.js";
import { valueIsUsed } from "./statements.js";

/** The bounded function each unbounded copy becomes, and the kernel's advice for each. */
const BOUNDED: Record<string, string> = { strcpy: "strscpy", strcat: "strlcat" };

export default defineRule({
  id: "strcpy-to-strscpy",
  summary: "strcpy(dst, src) into an array becomes strscpy(dst, src, sizeof(dst)); strcat() becomes strlcat() the same way",
  explanation: [
    "The kernel still has strcpy(), strcat(), strncpy() and strncat(), but calls them deprecated: an overflow of a kernel buffer corrupts the kernel's own memory, and strncpy() leaves its result unterminated when the source fills the buffer.",
    "Where the destination is an array the program declares, its size is known, so kernelize writes the bounded call: strscpy(dst, src, sizeof(dst)) copies at most sizeof(dst) - 1 characters and always terminates; strlcat(dst, src, sizeof(dst)) appends the same way.",
    "For every copy that fitted in the C program the result is the same; a copy that would have overflowed is cut short instead.",
    "This is done only where the call is a statement of its own, because the return values differ: strcpy() and strcat() return dst, strscpy() the length copied or -E2BIG, strlcat() the length it tried to create.",
    "Copies into a pointer (a buffer from kmalloc(), a parameter) keep their names and get a warning: kernelize cannot see how large the buffer is, so a human should pass its size to strscpy() or strlcat().",
    "strncpy() and strncat() keep their C meaning and are flagged too; strscpy() (or strscpy_pad(), which also zero-fills the rest like strncpy()) is what the kernel asks for instead.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/process/deprecated.html#strcpy",
    "https://docs.kernel.org/process/deprecated.html#strncpy-on-nul-terminated-strings",
    "https://docs.kernel.org/core-api/kernel-api.html#c.strscpy",
  ],
  headers: ["linux/string.h"],
  safety: "safe",
  calls: ["strcpy", "strcat", "strncpy", "strncat"],
  rewrite({ call, callee, name }, ctx) {
    const destination = callArguments(call)[0];
    if (name === "strncpy" || name === "strncat") {
      ctx.use();
      ctx.report("K2102", `${name}() is kept with its C meaning, which the kernel discourages`, callee, {
        note:
          name === "strncpy"
            ? "strncpy() leaves the copy unterminated when the source fills the buffer; use strscpy(dst, src, sizeof(dst)), or strscpy_pad() to also zero the rest"
            : "use strlcat(dst, src, sizeof(dst)), which takes the whole buffer's size and always terminates",
      });
      return;
    }
    const bounded = BOUNDED[name]!;
    if (destination && isArrayExpression(destination) && !valueIsUsed(call) && callArguments(call).length === 2) {
      ctx.replace(callee, bounded);
      appendArgument(ctx, call, `sizeof(${destination.text})`);
      return;
    }
    ctx.use();
    const why = valueIsUsed(call) ? "its return value is used, and the bounded call returns something else" : "kernelize cannot tell the size of the destination";
    ctx.report("K2101", `${name}() is kept: ${why}`, callee, {
      note: `the kernel deprecates ${name}(); pass the buffer's size: ${bounded}(dst, src, size)`,
    });
  },
});
