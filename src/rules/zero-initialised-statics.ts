// `static int n = 0;` loses its initialiser (kernel style): static storage starts as zero.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "zero-initialised-statics",
  summary: "= 0, = NULL and = false go from static and file-scope variables (kernel style)",
  explanation: [
    "Variables with static storage, those at file scope and those declared static in a function, start out as zero without being told: the loader clears the section they live in (.bss).",
    "Writing = 0 says nothing new, and in kernel code it used to move the variable into the initialised data section for no reason, so checkpatch reports it as an error; the kernel style leaves the initialiser out.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const root = ctx.facts.program.root;
    const declarations = [
      ...namedChildren(root).filter((n) => n.type === "declaration"),
      ...root.descendantsOfType("declaration").filter((d): d is Node => d !== null && d.parent?.type !== "translation_unit" && isStatic(d)),
    ];
    for (const d of declarations) {
      if (namedChildren(d).some((c) => c.type === "storage_class_specifier" && c.text === "extern")) continue;
      for (const init of d.childrenForFieldName("declarator")) {
        if (init?.type !== "init_declarator") continue;
        const value = init.childForFieldName("value");
        if (value && /^(?:0|0[uUlL]*|NULL|false|'\\0'|0\.0f?)$/.test(value.text.replace(/[()\s]/g, ""))) {
          ctx.replace({ start: init.childForFieldName("declarator")!.endIndex, end: value.endIndex }, "");
        }
      }
    }
  },
});

function isStatic(d: Node): boolean {
  return namedChildren(d).some((c) => c.type === "storage_class_specifier" && c.text === "static");
}
