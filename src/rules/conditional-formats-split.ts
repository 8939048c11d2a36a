// printf(c ? "a %d\n" : "b %d\n", x) becomes c ? printf("a %d\n", x) : printf("b %d\n", x): the kernel's print macros need a literal format.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { valueDiscarded } from "./output-lines.js";
import { classifyFormat } from "./printk-formats.js";

/**
 * The calls that become the kernel's print macros, with where the format is: snprintf() and
 * sprintf() stay functions in the kernel, which take any format.
 */
const FORMAT_AT: ReadonlyMap<string, number> = new Map([
  ["printf", 0],
  ["fprintf", 1],
]);

export default defineRule({
  id: "conditional-formats-split",
  summary: "a format chosen by a condition between literals, printf(c ? \"a %d\\n\" : \"b %d\\n\", x), becomes the condition choosing between two calls: c ? printf(\"a %d\\n\", x) : printf(\"b %d\\n\", x)",
  explanation: [
    "pr_info() and the kernel's other print macros glue the log level onto the format when the module is compiled (KERN_INFO \"…\"), and the compiler checks each conversion against its argument, so a format must be a string literal there.",
    "A program may choose its format with a condition between two literals; the call then becomes that condition choosing between two calls, each with its own literal and the same arguments.",
    "Only one of the two runs, so each argument is still evaluated once, and the value of the whole is the value of the call that ran, as before; each call is then ported like any other.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://en.cppreference.com/w/c/language/operator_other#Conditional_operator"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\b(?:printf|fprintf)\s*\([^;]*\?[^;]*:/.test(text),
  run(ctx) {
    const { program } = ctx.facts;
    for (const { call, callee, name } of program.libraryCallsNamed(new Set(FORMAT_AT.keys()))) {
      const args = callArguments(call);
      const at = FORMAT_AT.get(name)!;
      const format = args[at];
      // A format with nothing after it prints through "%s", which takes any string.
      if (!format || format.id === args.at(-1)?.id || !literalChoice(format, program)) continue;
      const calls = callsFor(unparenthesize(format), (arm) => {
        const list = args.map((a, i) => (i === at ? arm.text : a.text));
        return `${callee.text}(${list.join(", ")})`;
      });
      ctx.replace(call, valueDiscarded(call) && call.parent?.type === "expression_statement" ? calls : `(${calls})`);
    }
  },
});

/** Whether a format is a condition whose every arm is a literal (or a macro of one), conditions nested too. */
function literalChoice(format: Node, program: Parameters<typeof classifyFormat>[1]): boolean {
  const f = unparenthesize(format);
  if (f.type !== "conditional_expression") return false;
  const arm = (n: Node | null): boolean => !!n && (unparenthesize(n).type === "conditional_expression" ? literalChoice(n, program) : classifyFormat(n, program).kind !== "expression");
  return arm(f.childForFieldName("consequence")) && arm(f.childForFieldName("alternative"));
}

/** `c ? call(a) : call(b)`, nested conditions kept as they were written. */
function callsFor(format: Node, call: (arm: Node) => string): string {
  const f = unparenthesize(format);
  if (f.type !== "conditional_expression") return call(format);
  const alternative = f.childForFieldName("alternative")!;
  const nested = unparenthesize(alternative).type === "conditional_expression";
  return `${f.childForFieldName("condition")!.text} ? ${callsFor(f.childForFieldName("consequence")!, call)} : ${nested ? callsFor(alternative, call) : call(alternative)}`;
}
