// 128-bit division and remainder: gcc calls libgcc's __udivti3() and its relatives for them, which no module is linked with, so the module defines them.
import { defineRule } from "../core/rule.js";
import type { ProgramFacts } from "../analysis/program.js";
import type { Node } from "../core/syntax-tree.js";
import { declaratorName } from "../core/syntax.js";
import { defineWhereUsed } from "./library-definitions.js";

const HELPERS = [
  "/*",
  " * gcc divides 128-bit integers by calling helpers of its own library, libgcc, which a module",
  " * is not linked with: the module defines them, by shifting and subtracting a bit at a time,",
  " * under libgcc's names, where gcc's calls in this file find them (__used: the compiler",
  " * sees no call of its own, and would drop them).",
  " */",
  "static __used unsigned __int128 __udivmodti4(unsigned __int128 n, unsigned __int128 d, void *rem)",
  "{",
  "\tunsigned __int128 q = 0, r = 0;",
  "\tint i;",
  "",
  "\tfor (i = 127; i >= 0; i--) {",
  "\t\t/* r's top bit, shifted out: r was at least 2^127, so r * 2 + bit is more than d. */",
  "\t\tbool carry = r >> 127;",
  "",
  "\t\tr = (r << 1) | ((n >> i) & 1);",
  "\t\tif (carry || r >= d) {",
  "\t\t\tr -= d;",
  "\t\t\tq |= (unsigned __int128)1 << i;",
  "\t\t}",
  "\t}",
  "\tif (rem)",
  "\t\tmemcpy(rem, &r, sizeof(r));",
  "\treturn q;",
  "}",
  "",
  "static __used unsigned __int128 __udivti3(unsigned __int128 n, unsigned __int128 d)",
  "{",
  "\treturn __udivmodti4(n, d, NULL);",
  "}",
  "",
  "static __used unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)",
  "{",
  "\tunsigned __int128 r;",
  "",
  "\t__udivmodti4(n, d, &r);",
  "\treturn r;",
  "}",
  "",
  "/* The quotient of the magnitudes, negative when the signs differ: C's division rounds toward zero. */",
  "static __used __int128 __divti3(__int128 n, __int128 d)",
  "{",
  "\tunsigned __int128 q = __udivti3(n < 0 ? -(unsigned __int128)n : n, d < 0 ? -(unsigned __int128)d : d);",
  "",
  "\treturn (n < 0) != (d < 0) ? -q : q;",
  "}",
  "",
  "/* The remainder has the dividend's sign. */",
  "static __used __int128 __modti3(__int128 n, __int128 d)",
  "{",
  "\tunsigned __int128 r = __umodti3(n < 0 ? -(unsigned __int128)n : n, d < 0 ? -(unsigned __int128)d : d);",
  "",
  "\treturn n < 0 ? -r : r;",
  "}",
  "",
].join("\n");

/** The 128-bit type's names: a text without one divides no 128-bit integer. */
const WIDE = /\b(?:__int128|__int128_t|__uint128_t)\b/;

/** libgcc's names for them: a program that defines one itself keeps its own. */
const LIBGCC_DIVISION_HELPERS: ReadonlySet<string> = new Set(["__udivmodti4", "__udivti3", "__umodti3", "__divti3", "__modti3"]);

export default defineRule({
  id: "int128-division-defined",
  summary: "a program with 128-bit integers gets the helpers gcc calls to divide them (__udivti3(), __umodti3() and their relatives), which libgcc has and a module does not",
  explanation: [
    "x86-64 has no instruction that divides 128-bit integers, so gcc turns `a * b % m` on unsigned __int128 (the usual way to multiply modulo a 64-bit number without overflow) into a call of __umodti3(), a helper of its own library, libgcc, which every program is linked with.",
    "A module is not: the kernel links nothing of libgcc into modules, so modpost stops the build with `\"__umodti3\" [NAME.ko] undefined!`.",
    "So a program that divides 128-bit integers (a `/` or `%` with an operand cast to __int128, or declared with it) gets the five helpers gcc may call (unsigned quotient, remainder and both, signed quotient and remainder) defined in the module, under their libgcc names, where gcc's calls in the same file find them (static, and __used, since the compiler sees no call of its own and would drop them): long division a bit at a time, 128 steps of shifts and subtractions on 128-bit values, which gcc does with 64-bit instructions. The signed ones divide the magnitudes and give the quotient and remainder the signs C gives them.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gccint/Integer-library-routines.html", "https://docs.kernel.org/kbuild/modules.html"],
  headers: ["linux/string.h"],
  safety: "safe",
  wantedIn: (text) => WIDE.test(text),
  run(ctx) {
    const { program } = ctx.facts;
    if ([...LIBGCC_DIVISION_HELPERS].some((n) => program.functions.has(n))) return;
    const first = wideDivisions(program)[0];
    if (!first) return;
    defineWhereUsed(ctx, [{ functions: [], text: HELPERS, uses: [first.startIndex] }]);
  },
});


/**
 * The divisions and remainders (`/`, `%`, `/=`, `%=`) with a 128-bit operand: one that names the
 * type (a cast), or a name the program declares with it (a variable, parameter, member or
 * function). A constant the port itself widens (`x == ((__int128)18446744073709551615ULL)`) is no division.
 */
function wideDivisions(program: ProgramFacts): Node[] {
  if (!WIDE.test(program.source)) return [];
  // The type's names: its own, and the program's typedefs of it (`typedef unsigned __int128 u128;`).
  const types = new Set(["__int128", "__int128_t", "__uint128_t"]);
  const words = (n: Node | null | undefined) => n?.text.match(/[A-Za-z_]\w*/g) ?? [];
  const names = (d: Node) =>
    d.childrenForFieldName("declarator").flatMap((declarator) => {
      const name = declaratorName(declarator.type === "init_declarator" ? declarator.childForFieldName("declarator") : declarator);
      return name ? [name.text] : [];
    });
  for (const t of program.root.descendantsOfType("type_definition")) {
    if (!t || !words(t.childForFieldName("type")).some((w) => types.has(w))) continue;
    // A typedef's name is the last word of its declarator (`u128`, `*u128p`).
    for (const d of t.childrenForFieldName("declarator")) types.add(words(d).at(-1) ?? "");
  }
  const wide = new Set(types);
  for (const d of program.root.descendantsOfType(["declaration", "parameter_declaration", "field_declaration", "function_definition"])) {
    if (d && words(d.childForFieldName("type")).some((w) => types.has(w))) for (const n of names(d)) wide.add(n);
  }
  const isWide = (n: Node | null): boolean => words(n).some((w) => wide.has(w));
  const found: Node[] = [];
  for (const e of program.root.descendantsOfType(["binary_expression", "assignment_expression"])) {
    if (!e || !program.isCompiled(e.startIndex)) continue;
    const operator = e.childForFieldName("operator")?.text;
    if (operator !== "/" && operator !== "%" && operator !== "/=" && operator !== "%=") continue;
    if (isWide(e.childForFieldName("left")) || isWide(e.childForFieldName("right"))) found.push(e);
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}