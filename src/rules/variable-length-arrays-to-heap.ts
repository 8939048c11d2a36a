// A variable-length array in a function's body moves to calloc(), tested and freed on every way out, before the exits are ported.
import type { Node } from "web-tree-sitter";
import { heapVariableLengthArray } from "../analysis/heap-arrays.js";
import { hasRuntimeSize } from "../analysis/portability.js";
import { defineRule } from "../core/rule.js";
import { descendants, statementsOf, unparenthesize } from "../core/syntax.js";
import { freshName } from "./added-code.js";
import { libcHeap } from "./large-stack-frames-to-heap.js";
import { type BigArray, move } from "./stack-arrays-to-kmalloc.js";

export default defineRule({
  id: "variable-length-arrays-to-heap",
  summary: "an array whose size is known only at run time (`char dst[strlen(src) + 1];`) gets its memory from calloc(), tested and freed on every way out, before the exits are ported",
  explanation: [
    "A variable-length array takes as much stack as its size says when the function runs, and nothing limits that size: in userspace an 8 MiB stack that grows hides it, but a kernel thread has 16 KiB for its whole call chain, and the kernel builds with -Wvla because one large size overruns it into whatever memory lies below.",
    "So the array becomes a pointer to calloc()'d memory of the same count, allocated where the array was declared (its size expression is evaluated once, at the same point, as before), zeroed so that no old kernel data can show through, and freed before every return and before the closing brace.",
    "sizeof on the array, which C computes at run time for a VLA, becomes its size in bytes: the size expression itself when it is a name the function never changes, and otherwise a size_t variable that keeps the value the expression had at the declaration.",
    "A failed allocation ends the program as the C library's would have (`if (!dst) exit(EXIT_FAILURE);`), written before the rules that port exits run: they turn it into the function's failure path up to init, which frees what it holds and returns -ENOMEM, and the allocation rules then choose kcalloc() or kvcalloc().",
    "Arrays this cannot move are still refused (K3009): one declared in a loop or an inner block (each pass would allocate again), one of several dimensions, one whose address is taken, and one in a function returning a pointer or a bool, whose NULL or false may already mean something else to its callers.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/deprecated.html#variable-length-arrays-vlas", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: [],
  safety: "review",
  // Only a size that starts with something other than a digit can be a run-time one; not for a file that already is a module.
  appliesTo: (_target, source) => /\[\s*[^\]\s\d]/.test(source) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const { name, start, end } of program.functions.ranges()) {
      // An array declarator has its `[` in the text: a definition without one declares no array.
      const bracket = source.indexOf("[", start);
      if (bracket < 0 || bracket >= end) continue;
      const fn = program.functions.get(name)!;
      const range = { start: fn.node.startIndex, end: fn.node.endIndex };
      let names: Set<string> | undefined;
      const taken = () => (names ??= new Set(descendants(fn.node, "identifier").map((n) => n.text)));
      const arrays: BigArray[] = [];
      for (const d of statementsOf(fn.body)) {
        if (d.type !== "declaration" || !program.isCompiled(d.startIndex)) continue;
        const declarator = d.childForFieldName("declarator");
        if (declarator?.type !== "array_declarator" || !hasRuntimeSize(program, declarator, range)) continue;
        const vla = heapVariableLengthArray(fn, declarator);
        if (!vla) continue;
        const array: BigArray = { declaration: d, declarator, name: vla.name, count: vla.size.text, elementType: vla.elementType, zeroed: false, initialised: false, bytes: 0 };
        if (measured(fn.body, vla.name, program.isCompiled) && !unchanging(fn.body, vla.size)) {
          const count = freshName([`${vla.name}_size`, `${vla.name}_count`], taken());
          taken().add(count);
          array.countDeclaration = `size_t ${count} = ${vla.size.text};`;
          array.count = count;
        }
        arrays.push(array);
      }
      if (arrays.length > 0) move(ctx, fn.node, fn.body, arrays, libcHeap(fn.body));
    }
  },
});

/** Whether compiled code asks sizeof of the array. */
function measured(body: Node, name: string, isCompiled: (offset: number) => boolean): boolean {
  return descendants(body, "sizeof_expression").some((s) => {
    const value = s.childForFieldName("value");
    return value !== null && unparenthesize(value).type === "identifier" && unparenthesize(value).text === name && isCompiled(s.startIndex);
  });
}

/** Whether a size expression gives the same value wherever it is evaluated again: a literal, or a name the function never writes. */
function unchanging(body: Node, size: Node): boolean {
  const e = unparenthesize(size);
  if (e.type === "number_literal") return true;
  if (e.type !== "identifier") return false;
  return !descendants(body, "identifier").some((id) => {
    if (id.text !== e.text) return false;
    const parent = id.parent!;
    if (parent.type === "update_expression") return true;
    if (parent.type === "assignment_expression" && parent.childForFieldName("left")?.id === id.id) return true;
    return parent.type === "pointer_expression" && parent.childForFieldName("operator")?.text === "&";
  });
}
