// <stddef.h>'s max_align_t is defined in the module as glibc lays it out on x86-64: the kernel's headers have no such type.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

const DEFINITIONS: LibraryDefinition[] = [
  {
    functions: [],
    types: ["max_align_t"],
    text: [
      "/*",
      " * <stddef.h>'s max_align_t as glibc has it on x86-64: 32 bytes, aligned to 16 (its long double's",
      " * alignment, spelled here without floating point).",
      " */",
      "typedef struct {",
      "\tlong long max_align_ll __aligned(16);",
      "\tchar max_align_rest[24];",
      "} max_align_t;",
      "",
    ].join("\n"),
  },
];

export default defineRule({
  id: "max-align-t-defined",
  summary: "max_align_t is defined in the module with glibc's size and alignment on x86-64",
  explanation: [
    "C11's max_align_t is a type whose alignment is the largest any scalar type needs: an arena or a pool allocator rounds its blocks to _Alignof(max_align_t) so that any object fits in one.",
    "The kernel's headers do not define it (kmalloc() gives ARCH_KMALLOC_MINALIGN instead), so a module that names it does not build. glibc defines it on x86-64 as a struct of a long long and a long double: 32 bytes, aligned to 16. The module defines a struct of the same size and alignment, the long double's part written as bytes, since a module has no floating point; sizeof and _Alignof then give what they gave the program.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/types/max_align_t"],
  headers: ["linux/compiler.h"],
  safety: "safe",
  wantedIn: (text) => text.includes("max_align_t"),
  run(ctx) {
    if (defineWhereUsed(ctx, DEFINITIONS)) ctx.use();
  },
});
