// `while (*p++ = *q++)` becomes `while ((*p++ = *q++))`: the kernel builds with -Wall, whose -Wparentheses asks whether == was meant.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "assignment-conditions-parenthesized",
  summary: "an assignment used as a condition gets a second pair of parentheses",
  explanation: [
    "An assignment used as the condition of an if, a loop or a do-while is legal C, and the program's copy loops rely on it, but it looks like a mistyped comparison.",
    "The kernel builds with -Wall, whose -Wparentheses warns about it unless the assignment stands in parentheses of its own, the usual way to say it is meant.",
    "The extra parentheses change nothing: the condition is still the value assigned.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wparentheses"],
  headers: [],
  safety: "safe",
  // An = that is neither ==, <=, >=, != nor a compound assignment, inside the condition of an if or a loop.
  appliesTo: (_target, source) => /\b(?:if|while)\s*\((?:[^()]|\([^()]*\))*?[^=!<>+\-*/%&|^]=(?!=)|\bfor\s*\([^;]*;[^;]*[^=!<>+\-*/%&|^]=(?!=)/.test(source),
  match: `[
    (if_statement condition: (parenthesized_expression . (assignment_expression operator: "=") @assignment .))
    (while_statement condition: (parenthesized_expression . (assignment_expression operator: "=") @assignment .))
    (do_statement condition: (parenthesized_expression . (assignment_expression operator: "=") @assignment .))
    (for_statement condition: (assignment_expression operator: "=") @assignment)
  ]`,
  rewrite({ assignment }, ctx) {
    if (!assignment || !ctx.facts.program.isCompiled(assignment.startIndex)) return;
    ctx.insert(assignment.startIndex, "(");
    ctx.insert(assignment.endIndex, ")");
  },
});
