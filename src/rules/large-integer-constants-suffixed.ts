// 18446744073709551615 becomes 18446744073709551615ULL: a decimal constant too large for long long makes gcc warn "integer constant is so large that it is unsigned".
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";

/** The largest value of long long, the widest type a decimal constant without U may have in C. */
const LLONG_MAX = (1n << 63n) - 1n;
const ULLONG_MAX = (1n << 64n) - 1n;

export default defineRule({
  id: "large-integer-constants-suffixed",
  summary: "a decimal constant too large for long long gets the U suffix that keeps its value (18446744073709551615 becomes 18446744073709551615ULL)",
  explanation: [
    "C gives a decimal constant without a U suffix the first of int, long and long long that holds it; one above 9223372036854775807 fits none of them.",
    "gcc then types it as __int128 on 64-bit machines and warns in every build, the kernel's included: \"integer constant is so large that it is unsigned\".",
    "Where the constant's value is converted at once (it initialises or is assigned to a variable, is an argument, a return value, a case label, an element of an initialiser list, or is cast), the value that arrives is the same from an unsigned long long, so the port adds U to its suffix (ULL when it has none);",
    "-9223372036854775808, long long's least value, is written as (-9223372036854775807LL - 1), as <limits.h> writes it, since 9223372036854775808ULL negated is positive.",
    "Elsewhere (a comparison, a division, a shift) an unsigned long long could change the result, so the port keeps gcc's own type and value with a cast: ((__int128)18446744073709551615ULL).",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/_005f_005fint128.html", "https://en.cppreference.com/w/c/language/integer_constant"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\d{19}/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const m of source.matchAll(/(?<![\w.])[1-9]\d{18,}(?:ll|LL|l|L)?(?![\w.])/g)) {
      if (!program.isCompiled(m.index)) continue;
      const digitsRange = { start: m.index, end: m.index + m[0].length };
      const literal = program.root.descendantForIndex(digitsRange.start, digitsRange.end);
      // tree-sitter's C grammar reads a minus sign before a number as part of the number.
      const signed = literal?.type === "number_literal" && literal.startIndex === m.index - 1 && source[literal.startIndex] === "-";
      if (literal?.type !== "number_literal" || (literal.startIndex !== m.index && !signed) || literal.endIndex !== digitsRange.end) continue;
      // UINT64_C(14695981039346656037): the macro gives the constant its suffix (UL) itself.
      if (/\b(?:U?INT(?:8|16|32|64|MAX)_C)\s*\(\s*$/.test(source.slice(Math.max(0, m.index - 40), m.index))) continue;
      const digits = /^\d+/.exec(m[0])![0];
      const value = BigInt(digits);
      if (value <= LLONG_MAX || value > ULLONG_MAX) continue;
      const unsigned = `${digits}U${m[0].slice(digits.length) || "LL"}`;
      const minus = literal.parent?.type === "unary_expression" && literal.parent.childForFieldName("operator")?.type === "-" ? literal.parent : undefined;
      const negated = signed ? literal : minus;
      if (!convertedAtOnce(negated ?? literal)) ctx.replace(digitsRange, `((__int128)${unsigned})`, "its value is not converted at once, so gcc's own type is kept");
      else if (negated && value === LLONG_MAX + 1n) ctx.replace(negated, "(-9223372036854775807LL - 1)", "long long's least value");
      else ctx.replace(digitsRange, unsigned);
    }
  },
});

/** Whether an expression's value goes straight into a conversion to the type of what receives it. */
function convertedAtOnce(expression: Node): boolean {
  let node = expression;
  while (node.parent?.type === "parenthesized_expression") node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "init_declarator":
      return parent.childForFieldName("value")?.id === node.id;
    case "assignment_expression":
      return parent.childForFieldName("right")?.id === node.id && parent.childForFieldName("operator")?.type === "=";
    case "cast_expression":
      return !/\b__int128\b/.test(parent.childForFieldName("type")?.text ?? "");
    case "argument_list":
    case "return_statement":
    case "initializer_list":
    case "case_statement":
      return true;
    default:
      return false;
  }
}
