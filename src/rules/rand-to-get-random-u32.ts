// rand() % n becomes get_random_u32_below(n), rand() a non-negative get_random_u32(), and srand() goes.
import type { Node } from "../core/syntax-tree.js";
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { SEEDING_FUNCTIONS, repeatableRandomNumbers } from "../analysis/random-seeds.js";
import { outermost, removeStatement, wholeStatement } from "./statements.js";

export default defineRule({
  id: "rand-to-get-random-u32",
  summary: "where the program seeds rand() from the clock, rand() % n becomes get_random_u32_below(n), rand() becomes (get_random_u32() & INT_MAX), srand() is removed",
  explanation: [
    "The kernel has no rand(): its random numbers come from the same generator as /dev/urandom, through get_random_u32() and its relatives in <linux/random.h>.",
    "rand() % n becomes get_random_u32_below(n), which returns a number from 0 to n - 1 like the expression did, and without the slight bias the remainder has. A bare rand() becomes get_random_u32() & INT_MAX, which keeps glibc's range, 0 to RAND_MAX (INT_MAX), so the result is never negative where the program stores it in an int.",
    "The kernel's functions return an unsigned u32; where the program uses the result in arithmetic that could go negative, kernelize casts it back to int so that comparisons and divisions behave as they did.",
    "get_random_u32_below() arrived in Linux 6.2 (and 6.1.4 in the 6.1 series); for an older kernel (--kernel 5.15, say) the same expression becomes prandom_u32_max(n), the helper those kernels have for it.",
    "This is done only where the program seeds rand() from the clock or the process id (srand(time(NULL)), say), so that its numbers already differ from run to run. srand() is removed: the kernel's generator cannot be seeded and never repeats, so each load of the module sees different numbers, as each run of the program did. A program that never seeds, or seeds with a value that is the same on every run, depends on the sequence itself; it keeps glibc's generator, defined in the module (rand-srand-defined).",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/random.h", "https://elixir.bootlin.com/linux/v6.1/source/drivers/char/random.c"],
  headers: ["linux/random.h"],
  safety: "review",
  calls: ["rand", "random", "srand", "srandom"],
  rewrite({ call, name }, ctx) {
    // A sequence that repeats from run to run is the C library's, defined in the module (rand-srand-defined).
    if (repeatableRandomNumbers(ctx.facts.program)) return;
    if (SEEDING_FUNCTIONS.has(name)) {
      const statement = wholeStatement(call);
      if (statement) removeStatement(ctx, statement);
      else ctx.replace(call, "(void)0");
      return;
    }
    if (callArguments(call).length !== 0) return;
    const value = outermost(call);
    const parent = value.parent;
    if (parent?.type === "binary_expression" && parent.childForFieldName("operator")?.type === "%" && parent.childForFieldName("left")?.id === value.id) {
      const modulus = parent.childForFieldName("right")!;
      const inner = unparenthesize(modulus);
      const cast = needsIntCast(parent) ? "(int)" : "";
      // Older kernels have the bounded helper under its earlier name (see core/kernel-api.ts).
      const below = kernelHas(ctx.facts.target.kernel, "get_random_u32_below") ? "get_random_u32_below" : "prandom_u32_max";
      ctx.replace({ start: parent.startIndex, end: inner.startIndex }, `${cast}${below}(`);
      ctx.replace({ start: inner.endIndex, end: parent.endIndex }, ")");
      return;
    }
    const cast = needsIntCast(call);
    const bare = !cast && ["init_declarator", "argument_list", "return_statement", "parenthesized_expression", "assignment_expression", "expression_statement"].includes(parent?.type ?? "");
    ctx.replace(call, cast ? "(int)(get_random_u32() & INT_MAX)" : bare ? "get_random_u32() & INT_MAX" : "(get_random_u32() & INT_MAX)");
  },
});

/**
 * Whether an unsigned result in place of an int would change what the program computes: not
 * where it is stored, passed or returned (it is converted back without changing a value that
 * fits in an int), nor compared with or combined with a non-negative constant; anywhere else
 * (subtracted, negated, divided by a variable that may be negative) it is cast to int.
 */
function needsIntCast(node: Node): boolean {
  const n = outermost(node);
  const parent = n.parent;
  if (!parent) return true;
  switch (parent.type) {
    case "init_declarator":
    case "argument_list":
    case "return_statement":
    case "expression_statement":
    case "if_statement":
    case "while_statement":
    case "do_statement":
    case "for_statement":
    case "switch_statement":
      return false;
    case "unary_expression":
      return parent.child(0)?.type !== "!";
    case "subscript_expression":
      return parent.childForFieldName("index")?.id !== n.id;
    case "assignment_expression":
      return !(parent.childForFieldName("right")?.id === n.id && ["=", "+=", "-=", "|=", "&=", "^="].includes(parent.childForFieldName("operator")?.type ?? ""));
    case "conditional_expression":
      return parent.childForFieldName("condition")?.id !== n.id;
    case "binary_expression": {
      const other = parent.childForFieldName("left")?.id === n.id ? parent.childForFieldName("right") : parent.childForFieldName("left");
      const constant = other && unparenthesize(other).type === "number_literal";
      const operator = parent.childForFieldName("operator")?.type ?? "";
      if (!constant) return true;
      if (["<", "<=", ">", ">=", "==", "!="].includes(operator)) return false;
      if (["+", "*", "&", "|", "^", ">>", "%", "/"].includes(operator)) return needsIntCast(parent);
      return true;
    }
    default:
      return true;
  }
}
