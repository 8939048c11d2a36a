// strtok() and strtok_r() are defined in the module with the C library's own algorithm, on the kernel's strspn() and strcspn().
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const STRTOK_R = [
  "static char *strtok_r(char *s, const char *delim, char **save_ptr)",
  "{",
  "\tchar *end;",
  "",
  "\tif (!s)",
  "\t\ts = *save_ptr;",
  "\ts += strspn(s, delim);",
  "\tif (*s == '\\0') {",
  "\t\t*save_ptr = s;",
  "\t\treturn NULL;",
  "\t}",
  "\tend = s + strcspn(s, delim);",
  "\tif (*end == '\\0') {",
  "\t\t*save_ptr = end;",
  "\t\treturn s;",
  "\t}",
  "\t*end = '\\0';",
  "\t*save_ptr = end + 1;",
  "\treturn s;",
  "}",
  "",
].join("\n");

const STRTOK = ["static char *strtok_save;", "", "static char *strtok(char *s, const char *delim)", "{", "\treturn strtok_r(s, delim, &strtok_save);", "}", ""].join("\n");

// strtok() calls strtok_r(), so a program that uses strtok() gets both, strtok_r() first.
const DEFINITIONS: LibraryDefinition[] = [
  { functions: ["strtok", "strtok_r"], text: STRTOK_R },
  { functions: ["strtok"], text: STRTOK },
];

export default defineRule({
  id: "strtok-defined",
  summary: "strtok() and strtok_r() keep their calls; the module defines them as the C library does",
  explanation: [
    "The kernel has no strtok(): its tokenizer is strsep(&cursor, delimiters), which returns an empty token between two adjacent delimiters where strtok() skips the run, so swapping one for the other would change the program's tokens.",
    "Instead the module gets strtok_r() as glibc writes it, a dozen lines on the kernel's strspn() and strcspn(): skip the delimiters, cut the token at the next one, remember where to go on. strtok() keeps its one saved position in a static variable, exactly as the C library's does.",
    "So every call stays as the program wrote it, the tokens are the same, and the buffer is cut in the same places.",
    "Like the C library's, strtok() must not be used from two places at once; the module's init runs alone, as the program's main() did.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/lib/string.c", "https://man7.org/linux/man-pages/man3/strtok.3.html"],
  headers: ["linux/string.h"],
  safety: "safe",
  handles: ["strtok", "strtok_r"],
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
