// stpcpy() and stpncpy() are defined in the module: the kernel builds a stpcpy() of its own, but no header of 6.1 declares it for modules.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const DEFINITIONS: LibraryDefinition[] = [
  {
    functions: ["stpcpy"],
    text: [
      "/* strcpy() that returns the end of the copy: where its terminating NUL is. */",
      "static char *stpcpy(char *dest, const char *src)",
      "{",
      "\tsize_t n = strlen(src);",
      "",
      "\tmemcpy(dest, src, n + 1);",
      "\treturn dest + n;",
      "}",
      "",
    ].join("\n"),
  },
  {
    functions: ["stpncpy"],
    text: [
      "/* strncpy() that returns the end of what it copied: the first NUL it wrote, or dest + n. */",
      "static char *stpncpy(char *dest, const char *src, size_t n)",
      "{",
      "\tsize_t len = strnlen(src, n);",
      "",
      "\tmemcpy(dest, src, len);",
      "\tmemset(dest + len, 0, n - len);",
      "\treturn dest + len;",
      "}",
      "",
    ].join("\n"),
  },
];

export default defineRule({
  id: "stpcpy-stpncpy-defined",
  summary: "stpcpy() and stpncpy() are defined in the module, under their own names",
  explanation: [
    "stpcpy() copies a string as strcpy() does and returns a pointer to the copy's terminating NUL, so that the next piece can be appended there without measuring the string again; stpncpy() is its strncpy(): it copies at most n bytes, fills the rest of the n with NULs, and returns the first NUL it wrote (dest + n when it wrote none).",
    "The kernel's lib/string.c builds a stpcpy() for the compiler's own use, but <linux/string.h> declares neither, so a module cannot call them as the program does. Each is a few lines on strlen()/strnlen(), memcpy() and memset(), defined as a static function above the first code that uses it; the calls stay as the program wrote them.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/stpcpy.3.html", "https://man7.org/linux/man-pages/man3/stpncpy.3.html"],
  headers: ["linux/string.h"],
  safety: "safe",
  handles: ["stpcpy", "stpncpy"],
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
