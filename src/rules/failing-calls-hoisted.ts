// A call of a helper that can end the program, nested in another call's arguments, gets a statement of its own first, so that its failure is checked before the rest of the statement runs.
import type { Node } from "web-tree-sitter";
import { enclosingFunctionName, PROCESS_ENDS } from "../analysis/flow/graph.js";
import type { ProgramFacts } from "../analysis/program.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { calleeName, descendants, indentationAt, namedChildren } from "../core/syntax.js";
import { freshName } from "./added-code.js";
import { returnType } from "./stack-arrays-to-kmalloc.js";

/** What may stand between the hoisted call and the statement: each evaluates all its operands, in an order C leaves open. */
const PASSES_THROUGH = new Set(["argument_list", "call_expression", "parenthesized_expression", "cast_expression", "binary_expression", "unary_expression"]);
/** Operators that may skip their right operand: a call under them runs only sometimes, and must stay. */
const SHORT_CIRCUIT = new Set(["&&", "||"]);

export default defineRule({
  id: "failing-calls-hoisted",
  summary: "a call of a helper that can end the program, made inside another call's arguments (`printf(\"%d\\n\", sum(s));`), is made first in a statement of its own, its value kept in a variable",
  explanation: [
    "When a helper ends the program (exit(), err(), or a failed allocation the port gave a failure path, such as a large stack array moved to the heap), the module's version returns instead, with the error beside its value, and its caller checks for that right after the call's statement.",
    "A call inside another call's arguments would let the rest of that statement run first with a value the failed helper never computed: `printf(\"%d\\n\", sum(s))` would log 0 before the module gave up, where the program printed nothing.",
    "So the call is made first, as a statement of its own whose value goes into a new variable declared with the block's others, and the statement uses the variable. C leaves the order of a call's arguments open, so making this one first keeps the program's meaning; a call under `&&`, `||` or `?:`, which may not run at all, is left where it is.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#function-return-values-and-names"],
  headers: [],
  safety: "safe",
  // Read on the text this phase sees (appliesTo reads the program before any phase): the exits it is for are often added by phases 0b and 0c.
  wantedIn: (text) => /\b(?:exit|_exit|_Exit|abort|err|errx|verr|verrx|quick_exit)\s*\(/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const failing = functionsThatEndTheProgram(program);
    if (failing.size === 0) return;
    let taken: Set<string> | undefined;
    // One declaration per block, listing every variable its hoisted calls need.
    const declared = new Map<number, { block: Node; lines: string[] }>();
    for (const { call } of program.callsNamed(failing)) {
      if (!program.isCompiled(call.startIndex)) continue;
      const statement = nestedIn(call);
      // Two such calls in one statement (one inside the other, or side by side) stay: their order matters to the checks.
      if (!statement || descendants(statement, "call_expression").filter((c) => failing.has(calleeName(c) ?? "")).length > 1) continue;
      const fn = program.functions.get(calleeName(call)!)!;
      const type = returnType(fn.node);
      if (type === "void") continue;
      const block = statement.parent!;
      const name = freshName([`${fn.name}_value`, `${fn.name}_result`], (taken ??= new Set(descendants(program.root, "identifier").map((n) => n.text))));
      const indent = indentationAt(source, statement.startIndex);
      ctx.insert(statement.startIndex, `${name} = ${call.text};\n${indent}`);
      ctx.replace(call, name);
      const entry = declared.get(block.id) ?? { block, lines: [] };
      entry.lines.push(`${type}${type.endsWith("*") ? "" : " "}${name};`);
      declared.set(block.id, entry);
    }
    for (const { block, lines } of declared.values()) declareAtTop(ctx, source, block, lines);
  },
});

/**
 * The functions other than main() that can end the process, themselves or through a function
 * they call: the helpers whose calls the exits rules follow with a check.
 */
function functionsThatEndTheProgram(program: ProgramFacts): Set<string> {
  const failing = new Set<string>();
  let fresh = new Set<string>(PROCESS_ENDS);
  while (fresh.size > 0) {
    const found = program.callsNamed(fresh);
    fresh = new Set();
    for (const { call } of found) {
      if (!program.isCompiled(call.startIndex)) continue;
      const caller = enclosingFunctionName(call);
      if (!caller || caller === "main" || failing.has(caller) || !program.functions.has(caller)) continue;
      failing.add(caller);
      fresh.add(caller);
    }
  }
  return failing;
}

/** The expression statement a call sits in as (part of) another call's argument, every operand on the way evaluated; else undefined. */
function nestedIn(call: Node): Node | undefined {
  let insideArguments = false;
  let n: Node = call;
  for (; n.parent && PASSES_THROUGH.has(n.parent.type); n = n.parent) {
    const parent = n.parent;
    if (parent.type === "argument_list") insideArguments = true;
    if (parent.type === "binary_expression" && SHORT_CIRCUIT.has(parent.childForFieldName("operator")?.type ?? "")) return undefined;
  }
  const statement = n.parent;
  if (!insideArguments || statement?.type !== "expression_statement") return undefined;
  return statement.parent?.type === "compound_statement" ? statement : undefined;
}

/** Declarations at the top of a block, after those it already has, so no declaration follows a statement. */
function declareAtTop(ctx: RuleContext, source: string, block: Node, lines: readonly string[]): void {
  const statements = namedChildren(block).filter((c) => c.type !== "comment");
  const first = statements[0];
  let last: Node | undefined;
  for (const s of statements) {
    if (s.type !== "declaration") break;
    last = s;
  }
  const indent = first ? indentationAt(source, first.startIndex) : "\t";
  const text = lines.map((l) => `${indent}${l}`).join("\n");
  if (last) ctx.insert(last.endIndex, `\n${text}`);
  else ctx.insert(block.startIndex + 1, `\n${text}\n`);
}
