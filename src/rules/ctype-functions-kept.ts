// isdigit(), isalpha(), toupper() and the other <ctype.h> functions keep their names: <linux/ctype.h> has them.
import { defineRule } from "../core/rule.js";

/** The <ctype.h> functions <linux/ctype.h> defines in 6.1 (isblank() is not among them). */
export const KERNEL_CTYPE_FUNCTIONS = [
  "isalnum",
  "isalpha",
  "isascii",
  "iscntrl",
  "isdigit",
  "isgraph",
  "islower",
  "isprint",
  "ispunct",
  "isspace",
  "isupper",
  "isxdigit",
  "toascii",
  "tolower",
  "toupper",
];

export default defineRule({
  id: "ctype-functions-kept",
  summary: "isdigit(), isalpha(), isspace(), toupper(), tolower() and the rest of <ctype.h> stay as they are",
  explanation: [
    "<linux/ctype.h> provides the character classes and case conversions under the C library's names, so calls keep their text and only the include changes.",
    "For ASCII characters they answer exactly as the C library does in the default \"C\" locale.",
    "Two differences are worth knowing. Characters 128 to 255 are classified as Latin-1 (isalpha(0xE9) is true), where the C locale says false for all of them, and there is no EOF (the argument is cast to unsigned char, so -1 reads as 0xFF): calls whose argument may be such a value go through a module function that answers as the C locale does (ctype-c-locale-defined). And they are macros, so they cannot be passed as function pointers.",
    "isblank() is not in the kernel; write (c == ' ' || c == '\\t').",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/ctype.h", "https://elixir.bootlin.com/linux/v6.1/source/lib/ctype.c"],
  headers: ["linux/ctype.h"],
  safety: "safe",
  calls: KERNEL_CTYPE_FUNCTIONS,
  rewrite({ name }, ctx) {
    ctx.use();
  },
});
