// <strings.h>'s BSD functions become the <string.h> ones the kernel has: bzero() memset(), bcopy() memmove(), bcmp() memcmp(), index() strchr(), rindex() strrchr(); ffs() stays.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

/** The BSD name and the standard function that does the same (glibc defines each as it). */
const RENAMED: Record<string, string> = { bzero: "memset", bcopy: "memmove", bcmp: "memcmp", index: "strchr", rindex: "strrchr" };

export default defineRule({
  id: "strings-h-functions-to-kernel",
  summary: "bzero(p, n) becomes memset(p, 0, n), bcopy(src, dst, n) memmove(dst, src, n), bcmp() memcmp(), index() strchr(), rindex() strrchr(); ffs() stays",
  explanation: [
    "<strings.h> keeps functions from BSD Unix that C's <string.h> later gave standard names: bzero() clears memory, bcopy() copies it (with its source first), bcmp() compares it, index() and rindex() find a character. glibc implements each as its standard counterpart, and the kernel has only those.",
    "So each call becomes the standard one, with the same arguments: bzero() gains memset()'s 0, and bcopy()'s two pointers trade places, since memmove() takes its destination first (memmove() rather than memcpy(), because bcopy() allows the two to overlap).",
    "ffs() (the position of the lowest set bit, from 1, or 0 for none) has the same name and meaning in the kernel's <linux/bitops.h>, and stays.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#string-manipulation", "https://man7.org/linux/man-pages/man3/bzero.3.html"],
  headers: ["linux/string.h"],
  safety: "safe",
  calls: [...Object.keys(RENAMED), "ffs"],
  rewrite({ call, callee, name }, ctx) {
    const renamed = RENAMED[name];
    if (!renamed) {
      ctx.use();
      return;
    }
    const args = callArguments(call);
    if (name === "bzero" && args.length === 2) {
      ctx.replace(callee, renamed);
      ctx.insert(args[1]!.startIndex, "0, ");
    } else if (name === "bcopy" && args.length === 3) {
      ctx.replace(callee, renamed);
      ctx.replace(args[0]!, args[1]!.text);
      ctx.replace(args[1]!, args[0]!.text);
    } else if (name !== "bzero" && name !== "bcopy") {
      ctx.replace(callee, renamed);
    }
  },
});
