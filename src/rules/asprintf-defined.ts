// asprintf() and vasprintf() are defined in the module on the kernel's kvasprintf(): the text formatted into memory allocated for it.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const VASPRINTF = [
  "/* vasprintf() as the C library's: the text formatted into memory of its own (free() it), its length, or -1. */",
  "static __printf(2, 0) int vasprintf(char **strp, const char *fmt, va_list args)",
  "{",
  "\t*strp = kvasprintf(GFP_KERNEL, fmt, args);",
  "\treturn *strp ? strlen(*strp) : -1;",
  "}",
  "",
].join("\n");

const DEFINITIONS: LibraryDefinition[] = [
  {
    functions: ["asprintf", "vasprintf"],
    text: VASPRINTF,
  },
  {
    functions: ["asprintf"],
    text: [
      "/* asprintf() as the C library's, on vasprintf(). */",
      "static __printf(2, 3) int asprintf(char **strp, const char *fmt, ...)",
      "{",
      "\tva_list args;",
      "\tint len;",
      "",
      "\tva_start(args, fmt);",
      "\tlen = vasprintf(strp, fmt, args);",
      "\tva_end(args);",
      "\treturn len;",
      "}",
      "",
    ].join("\n"),
  },
];

export default defineRule({
  id: "asprintf-defined",
  summary: "asprintf() and vasprintf() are defined in the module on kvasprintf(), under their own names",
  explanation: [
    "asprintf() formats as sprintf() does into memory it allocates to fit, stores the pointer through its first argument and returns the length; the program frees the text with free(). The kernel has the same thing as kasprintf() and kvasprintf(), which return the pointer instead, allocated with kmalloc(), so kfree() (what the port makes of free()) releases it.",
    "So the module defines vasprintf() on kvasprintf(), and asprintf() on vasprintf(), as static functions above the first code that uses them, with __printf() so that the compiler checks each call's format as it does printf()'s; the calls stay as the program wrote them, and -1 on a failed allocation as in the C library.",
    "The format is the kernel's vsnprintf()'s, with the same differences from the C library's as printk()'s: %#x of zero is handled as for printf() (printf-alternate-hex-zero).",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/asprintf.3.html", "https://docs.kernel.org/core-api/kernel-api.html#c.kvasprintf"],
  headers: ["linux/kernel.h", "linux/slab.h", "linux/stdarg.h", "linux/string.h"],
  safety: "safe",
  handles: ["asprintf", "vasprintf"],
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
