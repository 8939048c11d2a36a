// count[c] with a plain char c becomes count[(unsigned char)c]: the kernel builds with -Wall, whose -Wchar-subscripts warns about a char index.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { unparenthesize } from "../core/syntax.js";
import { typeOfExpression } from "./declarations.js";

export default defineRule({
  id: "char-subscripts-cast",
  summary: "an array index of type plain char gets a cast: (unsigned char) into an array, (int) through a pointer",
  explanation: [
    "Whether plain char is signed is the compiler's choice: on x86 it is, so a byte above 127 (a UTF-8 letter, a Latin-1 one) read into a char is negative, and count[c] reads before the array.",
    "The kernel builds with -Wall, whose -Wchar-subscripts warns about every index of type char for that reason.",
    "Into an array the program declares, a negative index is out of bounds in every run, so in every run where the program is defined the index was 0 to 127 and (unsigned char)c is the same number; for the other bytes it reads the table's upper half, as on a machine whose char is unsigned, instead of memory before it.",
    "Through a pointer, a negative index can be meant (a pointer into the middle of a table), so there the index becomes (int)c, the same value, which says the sign is known.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wchar-subscripts", "https://gcc.gnu.org/onlinedocs/gcc/C-Dialect-Options.html#index-fsigned-char"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bchar\b/.test(source) && source.includes("["),
  run(ctx) {
    const { program, source } = ctx.facts;
    // Each subscript found from its [ in the text: only the paths to them are read of the tree.
    for (let at = source.indexOf("["); at >= 0; at = source.indexOf("[", at + 1)) {
      const open = program.root.descendantForIndex(at, at + 1);
      const subscript = open.type === "[" ? open.parent : null;
      if (subscript?.type !== "subscript_expression") continue;
      const array = subscript.childForFieldName("argument");
      const index = subscript.childForFieldName("index");
      if (!array || !index || !program.isCompiled(index.startIndex)) continue;
      if (!isPlainChar(index)) continue;
      ctx.insert(index.startIndex, isDeclaredArray(array) ? "(unsigned char)" : "(int)");
    }
  },
});

/** Whether an expression has type plain char: a char variable, parameter or member, or an element of a char array or pointer. */
function isPlainChar(expression: Node): boolean {
  const e = unparenthesize(expression);
  if (!["identifier", "subscript_expression", "pointer_expression", "field_expression"].includes(e.type)) return false;
  const type = typeOfExpression(e);
  return type !== undefined && type.derivation.length === 0 && type.base === "char";
}

/** Whether the subscripted expression is an array the program declares (not a pointer, nor an array parameter, which is one). */
function isDeclaredArray(expression: Node): boolean {
  return typeOfExpression(expression)?.derivation[0] === "array";
}
