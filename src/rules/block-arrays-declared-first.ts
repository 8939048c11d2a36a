// A large array declared in an inner block (a loop's body) of a function whose frame is too big is declared at the top of the function instead, where large-stack-frames-to-heap moves it to the heap.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { descendants, indentationAt } from "../core/syntax.js";
import { bigArrays } from "../analysis/heap-arrays.js";
import { declarationsIn, declaredIn } from "../analysis/declared-names.js";
import { FRAME_WARN, frameOverWarning } from "../analysis/stack-frames.js";
import { mayDeclareLargeArray } from "./stack-arrays-to-kmalloc.js";
import { removeStatement } from "./statements.js";

export default defineRule({
  id: "block-arrays-declared-first",
  summary: `a large array declared without an initialiser in an inner block (a loop's body) of a function whose frame passes ${FRAME_WARN} bytes is declared first in the function, where large-stack-frames-to-heap takes it to the heap`,
  explanation: [
    `gcc gives a function one frame for all its blocks: an array declared in a loop's body takes its bytes of the kernel's stack as surely as one declared at the top, and the kernel's build warns past ${FRAME_WARN} bytes.`,
    "The port moves a function's large arrays to the heap where they are declared in its body (large-stack-frames-to-heap), with a failure path and a free on every way out. An array of an inner block would need an allocation on every pass of its loop and a free at each of the block's ways out (break, continue, a goto, the end of each pass); instead its declaration moves to the top of the function, where the move above takes it, allocated once.",
    "That keeps the program's meaning: an array declared without an initialiser holds no defined value when its block starts, on any pass, so nothing the program may read from it changes when it is the same memory on every pass. Only such arrays move, and only where their name is declared nowhere else in the function and the size names nothing the function declares.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html", "https://en.cppreference.com/w/c/language/storage_duration"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => mayDeclareLargeArray(source, 3) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, source, style } = ctx.facts;
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name)!;
      if (!frameOverWarning(fn.body, program)) continue;
      // A type the function defines itself may be declared after where the array would go.
      if (descendants(fn.body, ["type_definition", "struct_specifier", "union_specifier", "enum_specifier"]).some((t) => t.type === "type_definition" || t.childForFieldName("body"))) continue;
      const moved: string[] = [];
      for (const block of descendants(fn.body, "compound_statement")) {
        if (block.id === fn.body.id) continue;
        for (const a of bigArrays(block, program)) {
          if (a.zeroed || a.initialised || a.declaration.text.includes("=")) continue;
          if (declarationsIn(fn, a.name).length !== 1 || fn.parameterNames.includes(a.name) || !usedOnlyIn(fn.body, block, a.name)) continue;
          if (descendants(a.declarator, "identifier").some((id) => id.text !== a.name && declaredIn(fn, id.text))) continue;
          moved.push(a.declaration.text);
          removeStatement(ctx, a.declaration);
        }
      }
      if (moved.length === 0) continue;
      const indent = indentationAt(source, fn.body.namedChildren.find((c) => c.type !== "comment")?.startIndex ?? fn.body.startIndex) || style.indentUnit;
      ctx.insert(fn.body.startIndex + 1, moved.map((d) => `\n${indent}${d}`).join(""));
    }
  },
});

/** Whether every use of `name` in the function's body is inside `block`. */
function usedOnlyIn(body: Node, block: Node, name: string): boolean {
  return descendants(body, "identifier").every((id) => id.text !== name || (id.startIndex >= block.startIndex && id.endIndex <= block.endIndex));
}
