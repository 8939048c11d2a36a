// A declaration of several variables, one of them an array of a run-time size (`int dist[n], seen[n];`), becomes one declaration per variable, so that each array can move to the heap on its own.
import type { Node } from "../core/syntax-tree.js";
import { arrayDeclaratorsIn, arrayDimensions, splitsIntoOnePerVariable } from "../analysis/heap-arrays.js";
import { hasRuntimeSize } from "../analysis/portability.js";
import { defineRule } from "../core/rule.js";
import { indentationAt } from "../core/syntax.js";

export default defineRule({
  id: "variable-length-array-declarations-split",
  summary: "a declaration of several variables, one of them an array of a run-time size, becomes one declaration per variable, in the same order",
  explanation: [
    "C lets one declaration name several variables of one type: `int dist[n], seen[n];` gives a function two arrays whose size is known only at run time.",
    "The port moves such an array to the heap (variable-length-arrays-to-heap), which rewrites its declaration into a pointer and a calloc() of that size: one declaration, one array.",
    "So a declaration that names such an array beside other variables is written first as one declaration per variable, each with the type words as the program wrote them (`int dist[n];` then `int seen[n];`), in the same order, so that every initializer and every size is still evaluated where it was, after the ones before it.",
    "A declaration whose type is itself defined there (`struct { … } a[n], b[n];`) stays as it is, and its arrays are refused (K3009): written twice it would be two different types.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/declarations", "https://en.cppreference.com/w/c/language/array#Variable-length_arrays"],
  headers: [],
  safety: "safe",
  // A run-time size names something (`[n]`); a declaration of several names has a comma.
  appliesTo: (_target, source) => /\[[^\]\n]*[A-Za-z_]/.test(source) && source.includes(","),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const { name, start, end } of program.functions.ranges()) {
      const split = new Set<number>();
      for (const arrayDeclarator of arrayDeclaratorsIn(program, start, end)) {
        const declaration = declarationOf(arrayDeclarator);
        if (!declaration || split.has(declaration.id) || !program.isCompiled(declaration.startIndex)) continue;
        if (!splitsIntoOnePerVariable(declaration)) continue;
        const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
        const fn = program.functions.get(name)!;
        const range = { start: fn.node.startIndex, end: fn.node.endIndex };
        if (!declarators.some((d) => d.type === "array_declarator" && arrayDimensions(d).declarators.some((x) => hasRuntimeSize(program, x, range)))) continue;
        split.add(declaration.id);
        // Only the commas between the declarators change: each becomes the end of one declaration
        // and the type words of the next, so every declarator keeps its text as written.
        const specifiers = source.slice(declaration.startIndex, declarators[0]!.startIndex).trimEnd();
        const between = `;\n${indentationAt(source, declaration.startIndex)}${specifiers} `;
        for (let i = 1; i < declarators.length; i++) {
          ctx.replace({ start: declarators[i - 1]!.endIndex, end: declarators[i]!.startIndex }, between, "one declaration per variable, so that each array of a run-time size can move to the heap alone");
        }
      }
    }
  },
});

/** The declaration an array declarator belongs to (through the declarators around it). */
function declarationOf(declarator: Node): Node | undefined {
  let n: Node | null = declarator;
  while (n && (n.type === "array_declarator" || n.type === "pointer_declarator" || n.type === "parenthesized_declarator" || n.type === "init_declarator")) n = n.parent;
  return n?.type === "declaration" ? n : undefined;
}
