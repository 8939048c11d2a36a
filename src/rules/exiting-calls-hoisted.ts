// A call that can end the program, inside a larger statement (printf's argument), moves to a statement of its own first, so that its failure is checked before the rest of the statement runs.
import type { Node } from "../core/syntax-tree.js";
import { functionsThatEnd } from "../analysis/exits.js";
import { PROCESS_ENDS_CALLED } from "../analysis/flow/graph.js";
import { effectFreeMacros } from "../analysis/macro-expansion.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { calleeName, indentationAt, nextLineStart, statementsOf, unparenthesize } from "../core/syntax.js";
import { freshName, wordsOf } from "./added-code.js";
import { returnType } from "./stack-arrays-to-kmalloc.js";
import { statementLayout } from "./statements.js";

export default defineRule({
  id: "exiting-calls-hoisted",
  summary: "a call of a function that can end the program, inside another call (`printf(\"%d\\n\", eval(s));`, `return box(eval(s));`), is made first, in a statement of its own, its value kept in a variable",
  explanation: [
    "In the program, a function that calls exit() ends everything the moment it fails: in `printf(\"%s = %d\\n\", s, eval(s));`, a failing eval() means the line is never printed.",
    "In the module that function returns instead, with its failure recorded, and the failure is checked after the statement that called it, so whatever else the statement does would still happen: the line would be printed, with a value that means nothing, before init gives up.",
    "So the call is made first, in a statement of its own (`eval_result = eval(s);`), and the statement uses the value it kept; the check of the failure then comes between the two, and the rest of the statement runs only when the call succeeded, as in the program.",
    "Two such calls in the condition of an if or a switch (`if (find(a) == find(b))`) are made the same way, just before the statement: its condition runs once, before anything else of it, so each failure is checked before the other call and before either branch runs.",
    "The variable is declared with the function's other declarations, with the type the function returns. This is done only where the rest of the statement calls or changes nothing else, so that no order C defines changes; a statement with other side effects beside such calls is left as it is.",
    "A call in an arm of a conditional (`printf(\"%d\\n\", n > 0 ? parse(s) : 0);`, or after && or ||) runs only where its condition says, so the whole conditional is made first instead (`parse_result = n > 0 ? parse(s) : 0;`), and checked before the outer call runs.",
    "So is a call whose value divides (`return a / gcd(a, b) * b;`): where it failed, its value is the function's failure value, 0, and a division by zero traps in the kernel (a divide error, an oops) before any check could run.",
    "Two or more such calls in one statement (`printf(\"%d %d\\n\", parse(a), parse(b));`, or `sum = pop() + pop();`, where the second must not run once the first has failed) are made in the order they are written, each checked before the next: C leaves the order in which a call's arguments are evaluated to the compiler, so this order is one the program could already have had, and where the first fails the second is not made, as when the program ended there.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/eval_order"],
  headers: [],
  safety: "safe",
  // Not for a file that already is a module. Asked of the text this phase reads: the phases before
  // it write exits of their own (an allocation the port added fails by exit()).
  appliesTo: (_target, source) => !/\bmodule_init\s*\(/.test(source),
  wantedIn: (text) => PROCESS_ENDS_CALLED.test(text),
  run(ctx) {
    const { program, source, style } = ctx.facts;
    const ending = functionsThatEnd(program);
    if (ending.size === 0) return;
    const taken = wordsOf(source);
    const quiet = source.includes("#") ? effectFreeMacros(program) : new Set<string>();
    // The variables each function gets, declared once per function after its own declarations.
    const declared = new Map<Node, string[]>();
    const byStatement = new Map<number, { statement: Node; scope: Node; calls: Node[] }>();
    for (const { call } of program.callsNamed(ending)) {
      if (!program.isCompiled(call.startIndex)) continue;
      const site = hoistingSiteOf(call);
      if (site) (byStatement.get(site.statement.id) ?? byStatement.set(site.statement.id, { ...site, calls: [] }).get(site.statement.id)!).calls.push(call);
    }
    for (const { statement, scope, calls: found } of byStatement.values()) {
      // A call in an arm of ?: or after && or || inside another call's arguments
      // (`printf("%d\n", c ? parse(s) : 0);`) runs only where its condition says: the whole
      // conditional is made first instead, so that its value is checked before the outer call runs.
      const byNode = new Map<number, { node: Node; call: Node }>();
      for (const call of found) {
        const node = conditionalOwner(call, scope) ?? call;
        if (!byNode.has(node.id)) byNode.set(node.id, { node, call });
      }
      const all = [...byNode.values()].map((t) => t.node);
      const callOf = new Map([...byNode.values()].map((t) => [t.node.id, t.call]));
      // One inside another's arguments (`return box(checked(v));`) is made first; the outer one,
      // which runs after it, stays in the statement, whose own check follows it.
      const contains = (outer: Node) => all.some((inner) => inner !== outer && inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex);
      const calls = all.filter((c) => !(contains(c) && scope.id === statement.id && isStatementValue(c, statement)));
      // Several in one statement: made in the order they are written (C leaves their order to the compiler).
      calls.sort((a, b) => a.startIndex - b.startIndex);
      // One inside another's arguments, deeper in the statement, moves with it: not split here.
      if (calls.some((c, i) => i > 0 && c.startIndex < calls[i - 1]!.endIndex)) continue;
      if (!needsHoisting(calls, scope, quiet)) continue;
      const fn = program.functions.enclosing(calls[0]!.startIndex)?.node;
      const callees = calls.map((c) => program.functions.get(calleeName(callOf.get(c.id) ?? c) ?? ""));
      if (!fn || callees.some((c) => !c || returnType(c.node) === "void" || returnType(c.node) === "")) continue;
      const layout = statementLayout(ctx, statement);
      const made: string[] = [];
      calls.forEach((call, i) => {
        const callee = callees[i]!;
        // `a && f(x)` is 0 or 1 whatever f() returns.
        const type = call.type === "binary_expression" ? "int" : returnType(callee.node);
        const name = freshName([`${callee.name}_result`, `${callee.name}_value`], taken);
        declared.set(fn, [...(declared.get(fn) ?? []), `${type}${type.endsWith("*") ? "" : " "}${name};`]);
        made.push(`${name} = ${call.text};${layout.next}`);
        ctx.replace(call, name);
      });
      ctx.replace({ start: layout.from, end: statement.startIndex }, `${layout.open}${made.join("")}`);
      if (layout.close) ctx.insert(statement.endIndex, layout.close);
    }
    for (const [fn, declarations] of declared) declareFirst(ctx, source, style.indentUnit, fn, declarations);
  },
});

/**
 * The outermost conditional a call runs inside an arm of (`c ? f(x) : 0`, `a && f(x)`), below the
 * call whose arguments hold it; undefined where there is none, or no call around it.
 */
function conditionalOwner(call: Node, statement: Node): Node | undefined {
  let owner: Node | undefined;
  for (let child = call, n = call.parent; n && n.id !== statement.id; child = n, n = n.parent) {
    if (n.type === "call_expression") return owner;
    const inArm =
      (n.type === "conditional_expression" && n.childForFieldName("condition")?.id !== child.id) ||
      (n.type === "binary_expression" && ["&&", "||"].includes(n.childForFieldName("operator")?.text ?? "") && n.childForFieldName("right")?.id === child.id);
    if (inArm) owner = n;
  }
  return undefined;
}

/** Whether the call is all the statement computes: `return f(…);`, `f(…);` or `x = f(…);`. */
function isStatementValue(call: Node, statement: Node): boolean {
  let value = statement.namedChild(0);
  if (value && unparenthesize(value).type === "assignment_expression") value = unparenthesize(value).childForFieldName("right");
  return value !== null && value !== undefined && unparenthesize(value).id === call.id;
}

/**
 * The statement the call is part of, directly (not through a nested block), and the part of it
 * that computes with the call: an expression or return statement whole, or the condition of an if
 * or a switch (`if (find(a) == find(b))`), which runs once, before anything else of the statement,
 * so that calls made just before the statement run where they did. An if that is an else's body
 * is left alone.
 */
function hoistingSiteOf(call: Node): { statement: Node; scope: Node } | undefined {
  for (let child: Node = call, n = call.parent; n; child = n, n = n.parent) {
    if (n.type === "expression_statement" || n.type === "return_statement") return { statement: n, scope: n };
    if ((n.type === "if_statement" || n.type === "switch_statement") && n.childForFieldName("condition")?.id === child.id) {
      return n.parent?.type === "else_clause" ? undefined : { statement: n, scope: child };
    }
    if (n.type.endsWith("_statement") || n.type === "declaration" || n.type === "function_definition" || n.type === "init_declarator") return undefined;
  }
  return undefined;
}

const SIDE_EFFECTS = new Set(["call_expression", "assignment_expression", "update_expression"]);

/**
 * Whether the calls must be made before the rest of their statement: for each, some call it is an argument of
 * (at any depth) would run after it, and moving it first changes nothing else. The call must run
 * whenever the statement does (not in an arm of ?:, after && or ||, or in a comma's operands), and
 * nothing else in the statement may call or change anything, apart from the calls and the assignment
 * that take its value.
 */
function needsHoisting(calls: readonly Node[], scope: Node, quiet: ReadonlySet<string>): boolean {
  const ancestors = new Set<number>();
  const ids = new Set(calls.map((c) => c.id));
  for (const call of calls) {
    let outerCall = false;
    let divisor = false;
    for (let child = call, n = call.parent; n && n.id !== scope.id; child = n, n = n.parent) {
      if (n.type === "conditional_expression" || n.type === "comma_expression") return false;
      if (n.type === "binary_expression" && ["&&", "||"].includes(n.childForFieldName("operator")?.text ?? "")) return false;
      if (n.type === "call_expression") outerCall = true;
      // A divisor (`return a / gcd(a, b) * b;`): the failed call's 0 would trap (a divide error, an oops) before any check.
      if ((n.type === "binary_expression" || n.type === "assignment_expression") && /^[/%]=?$/.test(n.childForFieldName("operator")?.text ?? "") && n.childForFieldName("right")?.id === child.id) divisor = true;
      // Its value read through (`*slot(k) = v`, `find(k)->n++`): the failed call's NULL would be written or read before any check.
      if (readThrough(n, child)) divisor = true;
      ancestors.add(n.id);
    }
    // Alone, a call checked after its statement stops it in time; with another such call in the
    // statement, each must be checked before the next one runs (`sum = pop() + pop();`).
    if (!outerCall && !divisor && calls.length === 1) return false;
  }
  const pure = (n: Node): boolean => {
    if (ids.has(n.id)) return true;
    // A use of the program's macro that only computes (`CELL(t, i)` for `((t)[i])`) changes nothing.
    if (n.type === "call_expression" && quiet.has(calleeName(n) ?? "")) return n.namedChildren.every((c) => c === null || pure(c));
    if (SIDE_EFFECTS.has(n.type) && !ancestors.has(n.id)) return false;
    if (n.type === "assignment_expression" && unparenthesize(n.childForFieldName("left")!).descendantsOfType(["call_expression", "assignment_expression", "update_expression"]).some((d) => d && !calls.some((c) => d.startIndex >= c.startIndex && d.endIndex <= c.endIndex))) return false;
    for (let i = 0; i < n.namedChildCount; i++) if (!pure(n.namedChild(i)!)) return false;
    return true;
  };
  return pure(scope);
}

/** Whether `parent` reads through the pointer `child` computes: `*child`, `child->m`, `child[i]`. */
function readThrough(parent: Node, child: Node): boolean {
  if (parent.type === "pointer_expression") return parent.childForFieldName("operator")?.text === "*";
  if (parent.type === "field_expression") return parent.childForFieldName("operator")?.text === "->" && parent.childForFieldName("argument")?.id === child.id;
  return parent.type === "subscript_expression" && parent.childForFieldName("argument")?.id === child.id;
}

/** The declarations, after the function body's own (or first in it, with a blank line after them). */
function declareFirst(ctx: RuleContext, source: string, indentUnit: string, fn: Node, declarations: string[]): void {
  const body = fn.childForFieldName("body")!;
  // A body on one line (`{ push(pop() + pop()); }`): the declarations open it, on that line.
  if (!source.slice(body.startIndex, body.endIndex).includes("\n")) {
    ctx.insert(body.startIndex + 1, ` ${declarations.join(" ")}`);
    return;
  }
  const statements = statementsOf(body);
  let last: Node | undefined;
  for (const s of statements) {
    if (s.type !== "declaration") break;
    last = s;
  }
  if (last) {
    const indent = indentationAt(source, last.startIndex);
    ctx.insert(nextLineStart(source, last.endIndex - 1), declarations.map((d) => `${indent}${d}\n`).join(""));
    return;
  }
  const first = statements[0];
  const indent = first ? indentationAt(source, first.startIndex) : indentUnit;
  ctx.insert(nextLineStart(source, body.startIndex), `${declarations.map((d) => `${indent}${d}\n`).join("")}\n`);
}
