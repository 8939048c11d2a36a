// A declaration of several variables, one of them an array of a run-time size (`int dist[n], seen[n];`), becomes one declaration per variable, so that each array can move to the heap on its own.
import type { Node } from "../core/syntax-tree.js";
import { arrayDeclaratorsIn, arrayDimensions, splitsIntoOnePerVariable } from "../analysis/heap-arrays.js";
import { arrayBytes, arrayCount, hasRuntimeSize, STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import type { ProgramFacts } from "../analysis/program.js";
import { frameOverWarning, framesOverChainBudget } from "../analysis/stack-frames.js";
import { mayDeclareLargeArray } from "./stack-arrays-to-kmalloc.js";
import { defineRule } from "../core/rule.js";
import { indentationAt } from "../core/syntax.js";

export default defineRule({
  id: "variable-length-array-declarations-split",
  summary: "a declaration of several variables, one of them an array that moves to the heap (of a run-time size, or large in a frame too big for the kernel's stack), becomes one declaration per variable, in the same order",
  explanation: [
    "C lets one declaration name several variables of one type: `int dist[n], seen[n];` gives a function two arrays whose size is known only at run time.",
    "The port moves such an array to the heap (variable-length-arrays-to-heap), which rewrites its declaration into a pointer and a calloc() of that size: one declaration, one array. An array of a constant size over 256 bytes moves the same way where the function's frame would pass the kernel's limit, or the frames of a chain of calls would pass its stack (large-stack-frames-to-heap): `int dist[16][32], qr[512], qc[512], head = 0;` in such a function is split too.",
    "So a declaration that names such an array beside other variables is written first as one declaration per variable, each with the type words as the program wrote them (`int dist[n];` then `int seen[n];`), in the same order, so that every initializer and every size is still evaluated where it was, after the ones before it.",
    "A declaration whose type is itself defined there (`struct { … } a[n], b[n];`) stays as it is, and its arrays are refused (K3009): written twice it would be two different types.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/declarations", "https://en.cppreference.com/w/c/language/array#Variable-length_arrays"],
  headers: [],
  safety: "safe",
  // A run-time size names something (`[n]`), a large one has digits; a declaration of several names has a comma.
  appliesTo: (_target, source) => (/\[[^\]\n]*[A-Za-z_]/.test(source) || mayDeclareLargeArray(source, 3)) && source.includes(","),
  run(ctx) {
    const { program, source } = ctx.facts;
    // The functions whose large arrays large-stack-frames-to-heap moves: a frame over the warning, or on a chain of calls over the stack.
    let chained: Set<string> | undefined;
    const framesMove = (name: string, body: Node) => frameOverWarning(body, program) || (chained ??= framesOverChainBudget(program, (n) => ctx.facts.flow.callees(n) ?? [])).has(name);
    for (const { name, start, end } of program.functions.ranges()) {
      const split = new Set<number>();
      for (const arrayDeclarator of arrayDeclaratorsIn(program, start, end)) {
        const declaration = declarationOf(arrayDeclarator);
        if (!declaration || split.has(declaration.id) || !program.isCompiled(declaration.startIndex)) continue;
        if (!splitsIntoOnePerVariable(declaration)) continue;
        const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
        const fn = program.functions.get(name)!;
        const range = { start: fn.node.startIndex, end: fn.node.endIndex };
        const runtime = declarators.some((d) => d.type === "array_declarator" && arrayDimensions(d).declarators.some((x) => hasRuntimeSize(program, x, range)));
        if (!runtime && !(declarators.some((d) => (arrayBytesOf(d, declaration, program) ?? 0) > STACK_ARRAY_LIMIT) && framesMove(name, fn.body))) continue;
        split.add(declaration.id);
        // Only the commas between the declarators change: each becomes the end of one declaration
        // and the type words of the next, so every declarator keeps its text as written.
        const specifiers = source.slice(declaration.startIndex, declarators[0]!.startIndex).trimEnd();
        const between = `;\n${indentationAt(source, declaration.startIndex)}${specifiers} `;
        for (let i = 1; i < declarators.length; i++) {
          ctx.replace({ start: declarators[i - 1]!.endIndex, end: declarators[i]!.startIndex }, between, "one declaration per variable, so that each array that moves to the heap can move alone");
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

/** The bytes of an array declarator of constant sizes (`int m[16][32]`, its initialiser aside), or undefined. */
function arrayBytesOf(listed: Node, declaration: Node, program: ProgramFacts): number | undefined {
  const declarator = listed.type === "init_declarator" ? listed.childForFieldName("declarator") : listed;
  if (declarator?.type !== "array_declarator") return undefined;
  const { declarators, sizes } = arrayDimensions(declarator);
  const counts = sizes.slice(1).map((size) => (size ? arrayCount(size.text, program) : undefined));
  const first = arrayBytes(declarators[0]!, declaration, program);
  if (first === undefined || counts.some((n) => n === undefined)) return undefined;
  return counts.reduce((product: number, n) => product * n!, first);
}
