// In conditions, `p == NULL` becomes `!p` and `p != NULL` becomes `p` (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { unparenthesize } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";
import { isNullPointer } from "./statements.js";

export default defineRule({
  id: "null-comparisons-to-negation",
  summary: "p == NULL becomes !p and p != NULL becomes p where a condition tests them (kernel style)",
  explanation: [
    "Kernel code tests pointers by their truth value: if (!p) rather than if (p == NULL). The two mean the same thing, since a null pointer is the only pointer that is false, and checkpatch --strict asks for the short form.",
    "Only comparisons that are themselves the condition of an if, a loop or a ?:, or an operand of !, && or ||, change: elsewhere the comparison's value is an int, and p alone would be a pointer.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    for (const e of ctx.facts.program.root.descendantsOfType("binary_expression")) {
      if (!e) continue;
      const op = e.childForFieldName("operator")?.type;
      if (op !== "==" && op !== "!=") continue;
      const left = e.childForFieldName("left")!;
      const right = e.childForFieldName("right")!;
      const pointer = isNullPointer(right) && unparenthesize(right).text !== "0" ? left : isNullPointer(left) && unparenthesize(left).text !== "0" ? right : undefined;
      if (!pointer || !isTruthContext(e)) continue;
      const p = unparenthesize(pointer);
      const operand = SIMPLE.has(p.type) ? p.text : `(${p.text})`;
      ctx.replace(e, op === "==" ? `!${operand}` : truthOperand(pointer, p));
    }
  },
});

/**
 * What `p != NULL` leaves where it stood: the pointer, with its parentheses dropped only where the
 * expression inside binds as tightly as an operand of == did anyway. `(tok = strsep(&s, " ")) != NULL
 * && n < MAX` keeps them: without, `&&` would take `strsep(…) && n < MAX` as the value assigned. An
 * assignment, a comma, a ?: or a logical operator inside parentheses always keeps them.
 */
function truthOperand(pointer: Node, inner: Node): string {
  if (pointer.id === inner.id || SIMPLE.has(inner.type) || BINDS_AS_EQUALITY_OPERAND.has(inner.type)) return inner.text;
  return pointer.text;
}

/** Expressions that bind tighter than == (and so than &&, || and ?:) whatever is inside them. */
const BINDS_AS_EQUALITY_OPERAND = new Set(["cast_expression", "unary_expression", "pointer_expression", "update_expression", "sizeof_expression", "string_literal", "number_literal", "char_literal", "concatenated_string", "compound_literal_expression"]);

/** Operands that `!` binds to as a whole. */
const SIMPLE = new Set(["identifier", "field_expression", "subscript_expression", "call_expression", "pointer_expression", "parenthesized_expression"]);

const TRUTH_MACROS = new Set(["WARN_ON", "WARN_ON_ONCE", "BUG_ON", "likely", "unlikely"]);

/** Whether only the truth of the expression's value matters where it sits. */
function isTruthContext(e: Node): boolean {
  let n = e;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  const parent = n.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "if_statement":
    case "while_statement":
    case "do_statement":
      return parent.childForFieldName("condition")?.id === n.id;
    case "for_statement":
      return parent.childForFieldName("condition")?.id === n.id;
    case "conditional_expression":
      return parent.childForFieldName("condition")?.id === n.id;
    case "unary_expression":
      return parent.childForFieldName("operator")?.type === "!";
    case "argument_list": {
      // WARN_ON(p == NULL) and its relatives test their argument's truth.
      const callee = parent.parent?.childForFieldName("function")?.text ?? "";
      return TRUTH_MACROS.has(callee) && parent.namedChildCount === 1;
    }
    case "binary_expression": {
      const op = parent.childForFieldName("operator")?.type;
      return op === "&&" || op === "||";
    }
    default:
      return false;
  }
}
