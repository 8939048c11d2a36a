// `while (*p++ = *q++)` becomes `while ((*p++ = *q++))`: the kernel builds with -Wall, whose -Wparentheses asks whether == was meant.
import { defineRule } from "../core/rule.js";

const LOOP_AND_IF: ReadonlySet<string> = new Set(["if", "while", "do", "for"]);
const STATEMENTS: ReadonlySet<string> = new Set(["if_statement", "while_statement", "do_statement", "for_statement"]);

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
  run(ctx) {
    const { program } = ctx.facts;
    // Each if, while, do and for found from its keyword in the text: only the paths to them are read of the tree.
    const seen = new Set<number>();
    for (const { word, index } of program.wordsAmong(LOOP_AND_IF)) {
      const keyword = program.root.descendantForIndex(index, index + word.length);
      const statement = keyword.type === word ? keyword.parent : null;
      // A do-while has two keywords.
      if (!statement || !STATEMENTS.has(statement.type) || seen.has(statement.id) || !program.isCompiled(statement.startIndex)) continue;
      seen.add(statement.id);
      const condition = statement.childForFieldName("condition");
      const assignment = statement.type === "for_statement" ? condition : condition?.type === "parenthesized_expression" && condition.namedChildCount === 1 ? condition.namedChild(0) : null;
      if (assignment?.type !== "assignment_expression" || assignment.childForFieldName("operator")?.text !== "=") continue;
      ctx.insert(assignment.startIndex, "(");
      ctx.insert(assignment.endIndex, ")");
    }
  },
});
