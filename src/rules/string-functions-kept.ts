// strlen(), memcpy() and the other <string.h> functions the kernel also provides keep their names.
import { defineRule } from "../core/rule.js";

/** <string.h> functions lib/string.c provides with the C library's meaning. */
export const KERNEL_STRING_FUNCTIONS = [
  "strlen",
  "strnlen",
  "strcmp",
  "strncmp",
  "strcasecmp",
  "strncasecmp",
  "strchr",
  "strrchr",
  "strchrnul",
  "strstr",
  "strspn",
  "strcspn",
  "strpbrk",
  "strsep",
  "memcpy",
  "memmove",
  "memset",
  "memcmp",
  "memchr",
];

export default defineRule({
  id: "string-functions-kept",
  summary: "strlen(), memcpy() and the other <string.h> functions the kernel provides stay as they are",
  explanation: [
    "The kernel carries its own implementations of the common string and memory functions (lib/string.c, often replaced by faster per-architecture versions), with the same names and meaning as the C library's.",
    "They are declared in <linux/string.h> rather than <string.h>, so only the include changes.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#string-manipulation"],
  headers: ["linux/string.h"],
  safety: "safe",
  calls: KERNEL_STRING_FUNCTIONS,
  rewrite(_call, ctx) {
    ctx.use();
  },
});
