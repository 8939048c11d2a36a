// A variable-length array in a function's body moves to calloc(), tested and freed on every way out, before the exits are ported.
import type { Node } from "../core/syntax-tree.js";
import { arrayDeclaratorsIn, arrayDimensions, arrayUses, heapVariableLengthArray } from "../analysis/heap-arrays.js";
import { hasRuntimeSize } from "../analysis/portability.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { descendants, indentationAt, statementsOf, unparenthesize } from "../core/syntax.js";
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
    "An array of several dimensions moves whole, in one allocation. When only its first size is known at run time (`int grid[n][4]`), the pointer points to rows (`int (*grid)[4]`) and every subscript stays as the program wrote it. When a later size is too (`int dist[v][v]`), a pointer to rows of that length would itself be a variable-length type, which -Wvla rejects as well; so the pointer points to the elements, and each `dist[i][j]` is written `dist[i * v + j]`, the address C computes for it anyway (a row `dist[i]` becomes `&dist[i * v]`). A size the function changes after the declaration is kept in a variable first, as C keeps it.",
    "An array declared in an inner block, a loop's body most often, is allocated where it is declared on each pass and freed at each way out of that block: its closing brace, a return, and a break or continue that leaves it.",
    "Arrays this cannot move are still refused (K3009): one in a block a goto can leave, one in a block inside another that moves arrays, one whose address is taken, one of several run-time dimensions used other than by its elements, rows and sizeof, and one in a function returning a pointer or a bool, whose NULL or false may already mean something else to its callers.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/deprecated.html#variable-length-arrays-vlas", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: [],
  safety: "review",
  // Only a size that names something (`[n]`, `[1 + strlen(s)]`) can be a run-time one; not for a file that already is a module.
  appliesTo: (_target, source) => /\[[^\]\n]*[A-Za-z_]/.test(source) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const { name, start, end } of program.functions.ranges()) {
      // A definition that declares no array (its brackets all subscripts, or none) has no block to walk.
      if (arrayDeclaratorsIn(program, start, end).next().done) continue;
      const fn = program.functions.get(name)!;
      const range = { start: fn.node.startIndex, end: fn.node.endIndex };
      const runtime = (x: Node) => hasRuntimeSize(program, x, range);
      let names: Set<string> | undefined;
      const taken = () => (names ??= new Set(descendants(fn.node, "identifier").map((n) => n.text)));
      const fresh = (wanted: string[]) => freshName(wanted, taken());
      // The function's body and each block in it (a loop's body), the body first: each block's arrays are freed at its own ways out.
      for (const block of descendants(fn.body, "compound_statement")) {
        const arrays: BigArray[] = [];
        for (const d of statementsOf(block)) {
          if (d.type !== "declaration" || !program.isCompiled(d.startIndex)) continue;
          const declarator = d.childForFieldName("declarator");
          if (declarator?.type !== "array_declarator" || !arrayDimensions(declarator).declarators.some(runtime)) continue;
          const vla = heapVariableLengthArray(fn, declarator, runtime);
          if (!vla) continue;
          const indent = indentationAt(source, d.startIndex);
          const declarations: string[] = [];
          const array: BigArray = { declaration: d, declarator, name: vla.name, count: vla.size.text, elementType: vla.elementType, zeroed: false, initialised: false, bytes: 0 };
          if (vla.shape === "rows") array.pointerDeclarator = `(*${vla.name})${vla.inner.map((size) => `[${size.text}]`).join("")}`;
          if (vla.shape === "flat") {
            // Each size after the first is a stride of every subscript: the size itself where the
            // function never changes it, else a variable holding its value at the declaration.
            const strides = vla.inner.map((size, k) => {
              if (unchanging(fn.body, size)) return factor(size);
              const stride = fresh(k === vla.inner.length - 1 ? [`${vla.name}_cols`] : [`${vla.name}_dim${k + 1}`]);
              declarations.push(`size_t ${stride} = ${size.text};`);
              return stride;
            });
            array.count = [factor(vla.size), ...strides].join(" * ");
            flatten(ctx, block, vla.name, strides);
          }
          // A flat array's count is a product: kept in a variable where sizeof asks for it, so that it
          // stays one operand wherever the sizeof stood.
          const fixed = unchanging(fn.body, vla.size) && vla.shape !== "flat";
          if (measured(block, vla.name, program.isCompiled) && !fixed) {
            const count = fresh([`${vla.name}_size`, `${vla.name}_count`]);
            declarations.push(`size_t ${count} = ${array.count};`);
            array.count = count;
          }
          if (declarations.length > 0) array.countDeclaration = declarations.join(`\n${indent}`);
          arrays.push(array);
        }
        if (arrays.length > 0) move(ctx, fn.node, block, arrays, libcHeap(block));
      }
    }
  },
});

/** Expressions that bind at least as tightly as `*` on its left: written as they are in a product. */
const FACTORS = new Set(["identifier", "number_literal", "char_literal", "call_expression", "subscript_expression", "field_expression", "parenthesized_expression", "sizeof_expression", "pointer_expression", "unary_expression", "cast_expression"]);

/** A size or index as an operand of `*`: parenthesized unless it binds at least as tightly. */
function factor(node: Node): string {
  return FACTORS.has(node.type) ? node.text : `(${node.text})`;
}

/** Whether an index added last, after `+`, stands as it is: sums and products need no parentheses, lower operators do. */
function standsAsTerm(node: Node): boolean {
  const op = node.type === "binary_expression" ? node.childForFieldName("operator")?.text : undefined;
  return FACTORS.has(node.type) || (op !== undefined && ["+", "-", "*", "/", "%"].includes(op));
}

/**
 * Every use of a flat-moved array written for a pointer to its elements: `a[i][j]` as
 * `a[i * m + j]`, a row `a[i]` as `&a[i * m]`, sizeof of a row as the bytes it holds (sizeof of the
 * whole array is move()'s). Only the text between and around the indices changes; the indices stay.
 */
function flatten(ctx: RuleContext, body: Node, name: string, strides: string[]): void {
  const dimensions = strides.length + 1;
  for (const use of arrayUses(body, name, dimensions)) {
    if (use.indices.length === dimensions) flatIndex(ctx, use.indices, strides);
    else if (use.sizeOf && use.indices.length > 0) ctx.replace(use.sizeOf, `(${strides.slice(use.indices.length - 1).join(" * ")} * sizeof(*${name}))`);
    else if (!use.sizeOf && use.indices.length === dimensions - 1) {
      let base = use.node;
      while (base.type === "subscript_expression") base = base.childForFieldName("argument")!;
      ctx.insert(base.startIndex, "&");
      flatIndex(ctx, use.indices, strides, strides.at(-1));
    }
  }
}

/**
 * `[i][j][k]` becomes `[(i * m + j) * n + k]` by edits between and around the indices: a `(` before
 * the first, each `][` replaced by its stride, and with `scale` (a row's start) the whole times it.
 */
function flatIndex(ctx: RuleContext, indices: Node[], strides: string[], scale?: string): void {
  const count = indices.length;
  const first = indices[0]!;
  const open = FACTORS.has(first.type) ? "" : "(";
  const wrapped = (j: number) => j > 0 && !standsAsTerm(indices[j]!);
  const groups = Math.max(count - 2, 0) + (scale !== undefined && count > 1 ? 1 : 0);
  if (groups > 0 || open) ctx.insert(first.startIndex, `${"(".repeat(groups)}${open}`);
  for (let j = 1; j < count; j++) {
    const closing = j === 1 ? (open ? ")" : "") : `${wrapped(j - 1) ? ")" : ""})`;
    ctx.replace({ start: indices[j - 1]!.endIndex, end: indices[j]!.startIndex }, `${closing} * ${strides[j - 1]} + ${wrapped(j) ? "(" : ""}`);
  }
  let end = count === 1 ? (open ? ")" : "") : wrapped(count - 1) ? ")" : "";
  if (scale !== undefined) end += `${count > 1 ? ")" : ""} * ${scale}`;
  if (end) ctx.insert(indices[count - 1]!.endIndex, end);
}

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
