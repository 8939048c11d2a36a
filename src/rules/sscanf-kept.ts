// sscanf() and vsscanf() keep their names: the kernel's lib/vsprintf.c has both, for the integer and string conversions.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

export default defineRule({
  id: "sscanf-kept",
  summary: "sscanf(s, fmt, ...) and vsscanf(s, fmt, ap) stay as they are",
  explanation: [
    "Reading values out of a string needs no file: the kernel has sscanf() and vsscanf() (lib/vsprintf.c, declared through <linux/kernel.h>), with the C library's arguments and return value, the number of conversions made.",
    "They read integers (%d, %i, %u, %o, %x with the hh, h, l, ll and z lengths), characters (%c), words (%s) and %n, with field widths and * for a value read and not stored.",
    "They have no floating point and no %[ scan sets; a format that uses them stops the port.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/lib/vsprintf.c"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  calls: ["sscanf", "vsscanf"],
  rewrite({ call, name }, ctx) {
    const format = callArguments(call)[1];
    if (format?.type === "string_literal") {
      for (const m of format.text.matchAll(/%(?:%|\*?\d*(?:hh|h|ll|l|z|j|t|L)?([^\sdiuoxXcsn%0-9hlzjtL*]))/g)) {
        if (!m[1]) continue;
        ctx.report("K2150", `${m[0]} in ${name}()'s format is a conversion the kernel's ${name}() does not have`, format, {
          note: m[1] === "[" ? "read the word with %s and check its characters yourself" : "the kernel has no floating point; read the number as integers (the whole and the fraction apart)",
        });
        return;
      }
    }
    ctx.use();
  },
});
