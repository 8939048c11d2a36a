// A declaration of several variables, one of them an array of a run-time size (`int dist[n], seen[n];`), becomes one declaration per variable, so that each array can move to the heap on its own.
import type { Node } from "../core/syntax-tree.js";
import { arrayDeclaratorBytes, arrayDeclaratorsIn, arrayDimensions, splitsIntoOnePerVariable } from "../analysis/heap-arrays.js";
import { hasRuntimeSize, STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import { frameOverWarning, framesOverChainBudget } from "../analysis/stack-frames.js";
import { mayDeclareLargeArray } from "./stack-arrays-to-kmalloc.js";
import { defineRule } from "../core/rule.js";
import { functionsThatEnd } from "../analysis/exits.js";
import { PROCESS_ENDS, PROCESS_ENDS_CALLED } from "../analysis/flow/graph.js";
import { indentationAt } from "../core/syntax.js";

export default defineRule({
  id: "variable-length-array-declarations-split",
  summary: "a declaration of several variables, one of them an array that moves to the heap (of a run-time size, or large in a frame too big for the kernel's stack) or a value that calls a function that can end the program, becomes one declaration per variable, in the same order",
  explanation: [
    "C lets one declaration name several variables of one type: `int dist[n], seen[n];` gives a function two arrays whose size is known only at run time.",
    "The port moves such an array to the heap (variable-length-arrays-to-heap), which rewrites its declaration into a pointer and a calloc() of that size: one declaration, one array. An array of a constant size over 256 bytes moves the same way where the function's frame would pass the kernel's limit, or the frames of a chain of calls would pass its stack (large-stack-frames-to-heap): `int dist[16][32], qr[512], qc[512], head = 0;` in such a function is split too.",
    "A value that calls a function that can end the program (`bitset *a = bs_new(n), *b = bs_new(n);`, bs_new() calling exit() when calloc() fails) is the same: in the module the call returns with its failure recorded, and the failure is checked after the declaration, so the values after it would still be computed (a second bs_new(), allocating what no exit frees) before the check. One declaration per variable puts each check right after its call, where the program ended.",
    "So a declaration that names such an array beside other variables is written first as one declaration per variable, each with the type words as the program wrote them (`int dist[n];` then `int seen[n];`), in the same order, so that every initializer and every size is still evaluated where it was, after the ones before it.",
    "A declaration whose type is itself defined there (`struct { … } a[n], b[n];`) stays as it is, and its arrays are refused (K3009): written twice it would be two different types.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/declarations", "https://en.cppreference.com/w/c/language/array#Variable-length_arrays"],
  headers: [],
  safety: "safe",
  // A run-time size names something (`[n]`), a large one has digits, a call that ends the program is one of a few; a declaration of several names has a comma.
  appliesTo: (_target, source) => (/\[[^\]\n]*[A-Za-z_]/.test(source) || mayDeclareLargeArray(source, 3) || PROCESS_ENDS_CALLED.test(source)) && source.includes(","),
  run(ctx) {
    const { program, source } = ctx.facts;
    // The functions whose large arrays large-stack-frames-to-heap moves: a frame over the warning, or on a chain of calls over the stack.
    let chained: Set<string> | undefined;
    const framesMove = (name: string, body: Node) => frameOverWarning(body, program) || (chained ??= framesOverChainBudget(program, (n) => ctx.facts.flow.callees(n) ?? [])).has(name);
    const split = new Set<number>();
    for (const { name, start, end } of program.functions.ranges()) {
      for (const arrayDeclarator of arrayDeclaratorsIn(program, start, end)) {
        const declaration = declarationOf(arrayDeclarator);
        if (!declaration || split.has(declaration.id) || !program.isCompiled(declaration.startIndex)) continue;
        if (!splitsIntoOnePerVariable(declaration)) continue;
        const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
        const fn = program.functions.get(name)!;
        const range = { start: fn.node.startIndex, end: fn.node.endIndex };
        const runtime = declarators.some((d) => d.type === "array_declarator" && arrayDimensions(d).declarators.some((x) => hasRuntimeSize(program, x, range)));
        const large = declarators.some((d) => {
          const array = d.type === "init_declarator" ? d.childForFieldName("declarator") : d;
          return array?.type === "array_declarator" && (arrayDeclaratorBytes(array, declaration, program) ?? 0) > STACK_ARRAY_LIMIT;
        });
        if (!runtime && !(large && framesMove(name, fn.body))) continue;
        split.add(declaration.id);
        splitAt(declaration, declarators);
      }
    }
    // A call that can end the program in a declarator's value, with more declarators after it
    // (`bitset *a = bs_new(n), *b = bs_new(n);`): in the module it returns, its failure checked
    // after its declaration, so each declarator gets a declaration of its own and the next value
    // is not computed once one has failed (a bs_new() after a failed one allocated what no exit freed).
    for (const declaration of declarationsWithEndingCalls()) {
      if (split.has(declaration.id) || !program.isCompiled(declaration.startIndex) || !splitsIntoOnePerVariable(declaration)) continue;
      split.add(declaration.id);
      splitAt(declaration, declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null));
    }
    function splitAt(declaration: Node, declarators: Node[]): void {
      // Only the commas between the declarators change: each becomes the end of one declaration
      // and the type words of the next, so every declarator keeps its text as written.
      const specifiers = source.slice(declaration.startIndex, declarators[0]!.startIndex).trimEnd();
      const between = `;\n${indentationAt(source, declaration.startIndex)}${specifiers} `;
      for (let i = 1; i < declarators.length; i++) {
        ctx.replace({ start: declarators[i - 1]!.endIndex, end: declarators[i]!.startIndex }, between, "one declaration per variable, so that each array that moves to the heap, or each call that can end the program, is alone in its own");
      }
    }
    // Declarations in the range where a declarator other than the last has a value that calls a function that can end the program.
    function declarationsWithEndingCalls(): Node[] {
      if (!PROCESS_ENDS_CALLED.test(source)) return [];
      const ending = new Set([...functionsThatEnd(program), ...PROCESS_ENDS]);
      const out: Node[] = [];
      for (const { call } of program.callsNamed(ending)) {
        let n: Node | null = call.parent;
        while (n && n.type !== "init_declarator" && n.type !== "declaration" && n.type !== "compound_statement") n = n.parent;
        if (n?.type !== "init_declarator" || n.parent?.type !== "declaration") continue;
        const declarators = n.parent.childrenForFieldName("declarator");
        if (declarators.at(-1)?.id !== n.id && !out.some((d) => d.id === n!.parent!.id)) out.push(n.parent);
      }
      return out;
    }
  },
});

/** The declaration an array declarator belongs to (through the declarators around it). */
function declarationOf(declarator: Node): Node | undefined {
  let n: Node | null = declarator;
  while (n && (n.type === "array_declarator" || n.type === "pointer_declarator" || n.type === "parenthesized_declarator" || n.type === "init_declarator")) n = n.parent;
  return n?.type === "declaration" ? n : undefined;
}
