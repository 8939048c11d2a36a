// Helper functions that end the process on failure (err(), exit()), and how each can report the failure instead.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, isPlainStringLiteral, statementCall, statementsOf, unparenthesize } from "../core/syntax.js";
import type { AnalysisProblem } from "./problems.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";
import { acquisitionOf, type Errno, releaseOf, type ResourceModel, testedVariable } from "./resources.js";
import { errnoSavedAroundExit, isErrnoOnlyMessage } from "./errno-text.js";
import { isNullLiteral } from "./ownership.js";

/** How a helper reports failure once it cannot end the process: by its return value. */
export type FailureStyle =
  /** `void f()` becomes `int f()`: 0 on success, a negative errno on failure. */
  | { kind: "status"; failure: string }
  /** `T *f()` returns NULL on failure. */
  | { kind: "pointer"; failure: "NULL" }
  /** `bool f()` returns false on failure. */
  | { kind: "bool"; failure: "false" };

export interface HelperExit {
  ifStatement: Node;
  condition: Node;
  consequence: Node;
  /** `err(…);`, `errx(…);` or `exit(n);` */
  exitStatement: Node;
  exitCall: Node;
  /** err()/errx(): the format and its arguments; undefined for exit(). */
  message: Node[] | undefined;
  /** errno save/restore statements around cleanup, which the error return makes unnecessary. */
  folded: Node[];
  errno: Errno;
}

/** A call in a helper of another helper that can fail: the failure is passed on to the helper's caller. */
export interface Propagation {
  statement: Node;
  call: Node;
  callee: FailingHelper;
  /** The variable a pointer helper's result goes into. */
  variable: string | undefined;
}

export interface FailingHelper {
  name: string;
  fn: FunctionFacts;
  style: FailureStyle;
  exits: HelperExit[];
  /** Calls of helpers that can fail, whose failure this one now returns. */
  propagations: Propagation[];
  /** What callers report when it fails: ENOMEM when every exit is an allocation failure. */
  errno: Errno;
  /** `return;` statements of a void helper, which must now return 0. */
  bareReturns: Node[];
}

export interface HelperExitPlan {
  helpers: Map<string, FailingHelper>;
  /** err()/exit() calls the plan turns into returns. */
  handledCalls: Set<number>;
  /** Calls of failing helpers inside helpers, which pass the failure on. */
  propagatedCalls: Set<number>;
  consumedErrno: Set<number>;
  problems: AnalysisProblem[];
}

const HELPER_EXITS = new Set(["err", "errx", "exit", "_exit", "_Exit", "quick_exit"]);

/**
 * A helper qualifies when each of its exits is a checked failure at the top level of its body,
 * holding no memory it allocated, and it returns void, a pointer or a bool.
 */
export function planHelperExits(program: ProgramFacts, model: ResourceModel): HelperExitPlan {
  const helpers = new Map<string, FailingHelper>();
  const handledCalls = new Set<number>();
  const consumedErrno = new Set<number>();
  const problems: AnalysisProblem[] = [];
  const byFunction = new Map<string, Node[]>();
  for (const { call } of program.callsNamed(HELPER_EXITS)) {
    const fn = program.functions.enclosing(call.startIndex)?.name;
    if (!fn || fn === "main") continue;
    byFunction.set(fn, [...(byFunction.get(fn) ?? []), call]);
  }
  for (const [name, calls] of byFunction) {
    const fn = program.functions.get(name);
    if (!fn) continue;
    const style = failureStyle(fn);
    if (!style) {
      for (const call of calls) {
        problems.push({
          code: "K1008",
          node: call,
          message: `${calleeName(call)}() in ${name}(), which returns ${fn.returnType}, cannot become an error return`,
          note: "kernelize turns exits into error returns in functions that return void, a pointer or a bool; return a status from this one, or exit from main()",
        });
      }
      continue;
    }
    const exits: HelperExit[] = [];
    const statements = statementsOf(fn.body);
    let live: string[] = [];
    // Members given an allocation (`r->buf = malloc(n);`): what they hold went to the caller's struct, but a test of one is a test of an allocation.
    const members = new Set<string>();
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i]!;
      const acquired = acquisitionOf(statement, model.allocators);
      if (acquired) live = [...live.filter((v) => v !== acquired.variable), acquired.variable];
      const member = memberAcquisition(statement, model);
      if (member) members.add(member);
      const released = releaseOf(statement, model.releasers);
      if (released) live = live.filter((v) => v !== released.variable);
      if (statement.type !== "if_statement") continue;
      const exit = helperExit(statement, live, model, problems, consumedErrno, name, members);
      if (exit) exits.push(exit);
    }
    const placed = new Set(exits.map((e) => e.exitCall.id));
    let complete = true;
    for (const call of calls) {
      if (placed.has(call.id) || problems.some((p) => p.node.id === call.id)) continue;
      complete = false;
      problems.push({
        code: "K1008",
        node: call,
        message: `${calleeName(call)}() here cannot become an error return yet`,
        note: "kernelize turns `if (failed) err(…);` at the top level of a function into an error return; move the check there",
      });
    }
    if (!complete || exits.length !== calls.length) continue;
    for (const e of exits) handledCalls.add(e.exitCall.id);
    const errno: Errno = exits.every((e) => e.errno === "ENOMEM") ? "ENOMEM" : "EINVAL";
    const bareReturns = style.kind === "status" ? descendants(fn.body, "return_statement").filter((r) => r.namedChildCount === 0) : [];
    helpers.set(name, { name, fn, style: style.kind === "status" ? { kind: "status", failure: `-${errno}` } : style, exits, propagations: [], errno, bareReturns });
  }

  // A helper that calls one that can fail now fails too, and so on up to main(): to a fixed point.
  const propagatedCalls = new Set<number>();
  for (let changed = helpers.size > 0; changed; ) {
    changed = false;
    for (const name of program.functions.names()) {
      if (name === "main") continue;
      const fn = program.functions.get(name);
      if (!fn) continue;
      const found = propagationsIn(fn, helpers, model, problems);
      const known = helpers.get(name);
      const fresh = found.filter((p) => !propagatedCalls.has(p.call.id));
      if (fresh.length === 0) continue;
      const style = failureStyle(fn);
      if (!style) {
        for (const p of fresh) {
          propagatedCalls.add(p.call.id);
          problems.push({
            code: "K1008",
            node: p.call,
            message: `${p.callee.name}() can fail now, and ${name}(), which returns ${fn.returnType}, cannot pass the failure on`,
            note: "kernelize passes failures on through functions that return void, a pointer or a bool",
          });
        }
        continue;
      }
      for (const p of fresh) propagatedCalls.add(p.call.id);
      if (known) known.propagations.push(...fresh);
      else {
        const errno: Errno = fresh.every((p) => p.callee.errno === "ENOMEM") ? "ENOMEM" : "EINVAL";
        const bareReturns = style.kind === "status" ? descendants(fn.body, "return_statement").filter((r) => r.namedChildCount === 0) : [];
        helpers.set(name, { name, fn, style: style.kind === "status" ? { kind: "status", failure: `-${errno}` } : style, exits: [], propagations: fresh, errno, bareReturns });
      }
      changed = true;
    }
  }
  return { helpers, handledCalls, propagatedCalls, consumedErrno, problems };
}

/**
 * Top-level statements of `fn` that call a failing helper without checking it: `f(args);` or
 * `x = f(args);` not followed by a check of x. Holding memory there is refused, as for exits.
 */
function propagationsIn(fn: FunctionFacts, helpers: Map<string, FailingHelper>, model: ResourceModel, problems: AnalysisProblem[]): Propagation[] {
  if (helpers.size === 0) return [];
  const found: Propagation[] = [];
  const statements = statementsOf(fn.body);
  let live: string[] = [];
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i]!;
    const call = helperCallOf(statement, helpers);
    const next = statements[i + 1];
    const checked = call?.variable !== undefined && next?.type === "if_statement" && testedVariable(next.childForFieldName("condition")) === call.variable;
    if (call && !checked) {
      const held = live.filter((v) => v !== call.variable);
      if (held.length > 0) {
        problems.push({
          code: "K1005",
          node: call.call,
          message: `${call.callee.name}() can fail now, and ${fn.name}() holds ${held.join(", ")} here`,
          note: `release ${held.join(", ")} before calling ${call.callee.name}(), or check its result and release them on failure`,
        });
      } else found.push({ statement, ...call });
    }
    const acquired = acquisitionOf(statement, model.allocators);
    if (acquired) live = [...live.filter((v) => v !== acquired.variable), acquired.variable];
    const released = releaseOf(statement, model.releasers);
    if (released) live = live.filter((v) => v !== released.variable);
  }
  return found;
}

/** `f(args);` of a status or bool helper, or `T *x = f(args);` / `x = f(args);` of a pointer helper. */
export function helperCallOf(statement: Node, helpers: ReadonlyMap<string, FailingHelper>): { call: Node; callee: FailingHelper; variable: string | undefined } | undefined {
  const direct = statementCall(statement);
  const directHelper = direct ? helpers.get(calleeName(direct) ?? "") : undefined;
  if (direct && directHelper && directHelper.style.kind !== "pointer") return { call: direct, callee: directHelper, variable: undefined };
  let value: Node | null | undefined;
  let variable: string | undefined;
  if (statement.type === "declaration") {
    const init = statement.namedChildren.find((c) => c?.type === "init_declarator");
    value = init?.childForFieldName("value");
    variable = declaratorName(init?.childForFieldName("declarator") ?? null)?.text;
  } else if (statement.type === "expression_statement" && statement.namedChild(0)?.type === "assignment_expression") {
    const assignment = statement.namedChild(0)!;
    value = assignment.childForFieldName("right");
    const left = assignment.childForFieldName("left");
    variable = left?.type === "identifier" ? left.text : undefined;
  }
  const unwrapped = value ? unparenthesize(value) : undefined;
  const call = unwrapped?.type === "call_expression" ? unwrapped : undefined;
  const helper = call ? helpers.get(calleeName(call) ?? "") : undefined;
  return call && helper && helper.style.kind === "pointer" && variable ? { call, callee: helper, variable } : undefined;
}

/**
 * How a helper's failure reaches its caller in the statement-order plan: NULL for a pointer, false
 * for a bool, a status for void. Not where the helper already returns that value itself (`if (k ==
 * 0) return NULL;`): there it means something else, and a caller could not tell a failure from it
 * (the flow graph's plan passes the failure beside the value instead).
 */
function failureStyle(fn: FunctionFacts): FailureStyle | undefined {
  const returnsItself = (failure: (value: Node) => boolean) =>
    descendants(fn.body, "return_statement").some((r) => {
      const value = r.namedChildren.find((c) => c.type !== "comment");
      return value !== undefined && failure(value);
    });
  if (fn.returnsPointer) return returnsItself(isNullLiteral) ? undefined : { kind: "pointer", failure: "NULL" };
  if (fn.returnType === "void") return { kind: "status", failure: "-EINVAL" };
  if (fn.returnType === "bool" || fn.returnType === "_Bool") return returnsItself((v) => /^(?:false|0)$/.test(unparenthesize(v).text)) ? undefined : { kind: "bool", failure: "false" };
  return undefined;
}

function helperExit(
  statement: Node,
  live: string[],
  model: ResourceModel,
  problems: AnalysisProblem[],
  consumedErrno: Set<number>,
  fnName: string,
  members: ReadonlySet<string> = new Set(),
): HelperExit | undefined {
  const condition = statement.childForFieldName("condition");
  const consequence = statement.childForFieldName("consequence");
  if (!condition || !consequence || statement.childForFieldName("alternative")) return undefined;
  const body = consequence.type === "compound_statement" ? statementsOf(consequence) : [consequence];
  const exitStatement = body.at(-1);
  const exitCall = exitStatement ? statementCall(exitStatement) : undefined;
  const name = exitCall ? calleeName(exitCall) : undefined;
  if (!exitStatement || !exitCall || !name || !HELPER_EXITS.has(name)) return undefined;

  const folded: Node[] = [];
  const saved = errnoSavedAroundExit(body);
  if (saved) {
    folded.push(saved.save, saved.restore);
    for (const id of saved.errno) consumedErrno.add(id.id);
  }
  // What the block releases itself stays; what it leaves to the process's exit would leak.
  const releasedHere = new Set(body.flatMap((s) => releaseOf(s, model.releasers)?.variable ?? []));
  const tested = testedVariable(condition);
  const leaked = live.filter((v) => v !== tested && !releasedHere.has(v));
  if (leaked.length > 0) {
    problems.push({
      code: "K1005",
      node: exitCall,
      message: `this exit in ${fnName}() leaves ${leaked.join(", ")} to the process's exit, which a module does not have`,
      note: `free ${leaked.join(", ")} before ${name}(), so that returning instead of exiting leaks nothing`,
    });
    return undefined;
  }
  let message: Node[] | undefined;
  if (name === "err" || name === "errx") {
    const args = callArguments(exitCall);
    const format = args[1];
    if (!format || (!isPlainStringLiteral(format) && !isErrnoOnlyMessage(exitCall, format))) {
      problems.push({ code: "K1007", node: exitCall, message: `${name}() without a literal message cannot become pr_err()`, note: "give it a string literal as its message" });
      return undefined;
    }
    message = args.slice(1);
  }
  const testedMember = testedVariable(condition, true);
  const allocationFailure = (tested !== undefined && live.includes(tested)) || (testedMember !== undefined && members.has(testedMember));
  const call = descendants(condition, "call_expression")[0];
  const callee = call ? calleeName(call) : undefined;
  const errno: Errno = allocationFailure || (callee && model.failureCause.get(callee) === "ENOMEM") ? "ENOMEM" : "EINVAL";
  return { ifStatement: statement, condition, consequence, exitStatement, exitCall, message, folded, errno };
}

/** The member an expression statement gives an allocation: `r->buf = malloc(n);`, `s.name = strdup(t);`, as `r->buf` without spaces. */
function memberAcquisition(statement: Node, model: ResourceModel): string | undefined {
  const expr = statement.type === "expression_statement" ? statement.namedChild(0) : null;
  if (expr?.type !== "assignment_expression" || expr.childForFieldName("operator")?.text !== "=") return undefined;
  const left = expr.childForFieldName("left");
  const right = expr.childForFieldName("right");
  if (left?.type !== "field_expression" || !right) return undefined;
  let value = unparenthesize(right);
  while (value.type === "cast_expression") value = unparenthesize(value.childForFieldName("value") ?? value);
  const callee = value.type === "call_expression" ? calleeName(value) : undefined;
  return callee !== undefined && model.allocators.has(callee) ? left.text.replace(/\s+/g, "") : undefined;
}

