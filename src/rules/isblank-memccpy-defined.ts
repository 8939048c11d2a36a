// isblank() and memccpy() are defined in the module: <linux/ctype.h> and <linux/string.h> have everything around them but not these two.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const DEFINITIONS: LibraryDefinition[] = [
  {
    functions: ["isblank"],
    text: "static inline int isblank(int c)\n{\n\treturn c == ' ' || c == '\\t';\n}\n",
  },
  {
    functions: ["memccpy"],
    text: [
      "static void *memccpy(void *dest, const void *src, int c, size_t n)",
      "{",
      "\tunsigned char *d = dest;",
      "\tconst unsigned char *s = src;",
      "",
      "\twhile (n--) {",
      "\t\tunsigned char byte = *s++;",
      "",
      "\t\t*d++ = byte;",
      "\t\tif (byte == (unsigned char)c)",
      "\t\t\treturn d;",
      "\t}",
      "\treturn NULL;",
      "}",
      "",
    ].join("\n"),
  },
];

export default defineRule({
  id: "isblank-memccpy-defined",
  summary: "isblank() and memccpy() are defined in the module, under their own names",
  explanation: [
    "The kernel's <linux/ctype.h> has every character class of <ctype.h> but isblank(), and <linux/string.h> every memory function but memccpy().",
    "Both are a few lines of C, so the port defines them as static functions above the first code that uses them, and the calls stay as the program wrote them: isblank(c) is true for a space and a tab, as in the C locale, and memccpy() copies up to and including the first byte equal to c, returning the byte after it in dest, or NULL after n bytes without it.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/string/byte/isblank", "https://en.cppreference.com/w/c/string/byte/memccpy"],
  headers: [],
  safety: "safe",
  handles: ["isblank", "memccpy"],
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
