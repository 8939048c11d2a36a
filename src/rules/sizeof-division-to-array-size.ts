// sizeof(a) / sizeof(a[0]) becomes ARRAY_SIZE(a) (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { unparenthesize } from "../core/syntax.js";
import { findDeclaration, isArrayExpression } from "./declarations.js";
import { kernelStyleOnly } from "./kernel-style.js";

/** `sizeof(a) / sizeof(a[0])`, `sizeof a / sizeof *a` and the like, in macro bodies' text. */
const IN_TEXT = /sizeof\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*\/\s*sizeof\s*(?:\(\s*(?:\1\s*\[\s*0\s*\]|\*\s*\1)\s*\)|\1\s*\[\s*0\s*\]|\*\s*\1)/g;

export default defineRule({
  id: "sizeof-division-to-array-size",
  summary: "sizeof(a) / sizeof(a[0]) becomes ARRAY_SIZE(a) (kernel style)",
  explanation: [
    "Programs count an array's elements by dividing its size by the size of one element. The kernel has a macro for it, ARRAY_SIZE(a), and checkpatch asks for it: besides saying what it means, it refuses to compile when a is a pointer rather than an array, where the division would silently give a wrong count.",
    "So only what the file declares as an array is rewritten; a division over a pointer (a parameter written as an array is one) is left for the reader, who gets gcc's -Wsizeof-pointer-div about it.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#macros-enums-and-rtl"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { source, program } = ctx.facts;
    if (!/sizeof[^;]*\/\s*sizeof/.test(source)) return;
    for (const e of program.root.descendantsOfType("binary_expression")) {
      if (!e || e.childForFieldName("operator")?.type !== "/") continue;
      const array = arrayCounted(e.childForFieldName("left")!, e.childForFieldName("right")!);
      if (array) ctx.replace(e, `ARRAY_SIZE(${array})`);
    }
    for (const m of program.root.descendantsOfType("preproc_arg")) if (m) rewriteText(ctx, m);
  },
});

function sizeofOperand(n: Node): Node | undefined {
  const s = unparenthesize(n);
  if (s.type !== "sizeof_expression") return undefined;
  const v = s.childForFieldName("value");
  return v ? unparenthesize(v) : undefined;
}

function arrayCounted(left: Node, right: Node): string | undefined {
  const whole = sizeofOperand(left);
  const one = sizeofOperand(right);
  if (!whole || !one || (whole.type !== "identifier" && whole.type !== "field_expression")) return undefined;
  // ARRAY_SIZE() of a pointer does not compile: only what the file declares as an array (not a
  // parameter written as one, which is a pointer).
  if (!isArrayExpression(whole)) return undefined;
  if (one.type === "subscript_expression" && one.childForFieldName("argument")?.text === whole.text && one.childForFieldName("index")?.text === "0") return whole.text;
  if (one.type === "pointer_expression" && one.childForFieldName("operator")?.text === "*" && unparenthesize(one.childForFieldName("argument")!).text === whole.text) return whole.text;
  return undefined;
}

function rewriteText(ctx: RuleContext, m: Node): void {
  for (const hit of m.text.matchAll(IN_TEXT)) {
    // A macro's body has no scope of its own: the name must be an array where the macro is defined.
    if (findDeclaration(hit[1]!, m)?.derivation[0] !== "array") continue;
    const start = m.startIndex + hit.index!;
    ctx.replace({ start, end: start + hit[0].length }, `ARRAY_SIZE(${hit[1]})`);
  }
}
