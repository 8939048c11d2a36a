// A program's own declaration of a C library function (`void *malloc();`, `int atoi(const char *s);`) goes: the module calls the kernel's.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { paragraphsRemoved, wholeLines } from "./text.js";

export default defineRule({
  id: "library-prototypes-removed",
  summary: "a declaration the program writes itself for a C library function it calls (int atoi(const char *);, void *malloc();) is removed",
  explanation: [
    "Older programs, and programs that avoid a header, declare the C library's functions themselves instead of including the header that declares them.",
    "In the module those calls no longer go to the C library: they become the kernel's functions (malloc() becomes kmalloc()), or a definition the port adds to the module (atoi()), or the kernel's function of the same name, which its own headers declare.",
    "The program's declaration would then declare a function nothing defines, clash with the definition the port adds (a static definition after a declaration that is not), or differ from the kernel's own (void *malloc(); against the compiler's built-in), so it goes; the kernel's headers, which the port includes, declare what the module calls.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Other-Builtins.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\b[a-z_]\w*\s*\([^;{)]*\)\s*;/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const gone: Array<{ start: number; end: number }> = [];
    for (const declaration of namedChildren(program.root).filter((n) => n.type === "declaration")) {
      const names = declaration.childrenForFieldName("declarator").map(declaredFunction);
      if (names.length === 0 || names.some((n) => n === undefined)) continue;
      // The program's own functions and macros keep their declarations, whatever their names.
      if (names.some((n) => !ctx.libraryCalls.has(n!) || program.functions.has(n!) || program.macros.has(n!))) continue;
      gone.push(wholeLines(source, declaration));
    }
    for (const range of paragraphsRemoved(source, gone)) ctx.remove(range);
  },
});

/** The function a declarator declares (`atoi(const char *s)`, `*malloc()`), or undefined for anything else. */
function declaredFunction(declarator: Node): string | undefined {
  let d: Node | null = declarator;
  while (d?.type === "pointer_declarator") d = d.childForFieldName("declarator");
  if (d?.type !== "function_declarator") return undefined;
  const name = d.childForFieldName("declarator");
  return name?.type === "identifier" ? name.text : undefined;
}
