// err() and exit() inside helper functions become error returns, which main() (the module's init) passes on.
import type { FlowHelperPlan } from "../analysis/exits.js";
import type { FailingHelper, HelperExit, Propagation } from "../analysis/failing-helpers.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import type { Node } from "../core/syntax-tree.js";
import { indentationAt, lineStartOf, startsLine, statementsOf } from "../core/syntax.js";
import { insertCheckAfter, insertCheckInArms, insertCheckInExpression, replaceStatement } from "./statements.js";
import { wholeLines, withNewline } from "./text.js";

export default defineRule({
  id: "exits-to-error-returns",
  summary: "err()/exit() in a helper becomes pr_err() and a return of its failure value; void helpers return int",
  explanation: [
    "A helper that calls err() or exit() ends the whole program when something fails; a module cannot end anything, and must hand the failure back to whoever called it, up to its init function, which returns it to insmod.",
    "So each exit in a helper prints its message with pr_err() (err() added the program's name and a newline; the kernel log needs the newline in the format) and returns the helper's failure value: NULL for a helper that returns a pointer, false for one that returns bool.",
    "A helper that returned nothing now returns int: 0 when it succeeded, a negative errno when it failed (-ENOMEM when only an allocation could fail, -EINVAL otherwise), the kernel's own convention. A helper that calls one of these now checks it and returns its own failure value, and so on up to main(), which checks the call and takes the unified exit, so whatever main() holds is released.",
    "The failure travels beside the helper's own return value, in a file-scope variable (exit_error) that the caller tests after the call. Where an exit may end the program with success (exit(0) from a helper, a quit command, or exit(status) with a status known only at run time), that variable holds 0 for the success, so a flag beside it (program_ended) says that the program has ended: each caller tests the flag, and init returns the variable, 0 or the negative errno, as the process would have exited.",
    "A call in the condition of an if or a loop is tested at the start of each way the condition leads. Where two calls that can fail share a condition (`if (solve(r, c + 1) || solve(r + 1, c))`), that would come too late: the second call would already have run after the first failed, where the program had ended. Each such call is tested where it is made instead, inside a GNU C statement expression that keeps its value, tests the failure, leaves the function if it failed, and otherwise gives the value to the condition: `({ __auto_type result = solve(r, c + 1); if (exit_error) { return 0; } result; })`. The kernel is built as GNU C, where a return or a goto may leave such an expression.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#function-return-values-and-names", "https://docs.kernel.org/core-api/printk-basics.html"],
  headers: ["linux/printk.h", "linux/errno.h"],
  safety: "review",
  topics: ["init-returns-negative-errno", "pr-macros-over-printk"],
  run(ctx) {
    const flowPlan = ctx.facts.flowHelperPlan;
    if (flowPlan) {
      rewriteFlowHelpers(ctx, flowPlan);
      return;
    }
    for (const helper of ctx.facts.helperPlan.helpers.values()) rewriteHelper(ctx, helper);
  },
});

/**
 * Helpers as the flow graph reads them: each exit, at any depth, records its negative errno in one
 * file-scope variable and returns the helper's failure value; each call of a failing helper is
 * followed by a check of that variable that returns in turn, releasing what the caller holds.
 */
function rewriteFlowHelpers(ctx: RuleContext, plan: FlowHelperPlan): void {
  for (const p of plan.problems) ctx.report(p.code, p.message, p.node, p.note ? { note: p.note } : {});
  if (plan.problems.length > 0 || plan.helpers.size === 0) return;
  const { source, style } = ctx.facts;
  // Before the first definition that reads or sets it: a helper, or main() defined above its helpers.
  const users = [...plan.helpers.values()].map((h) => h.fn.node);
  const main = ctx.facts.program.main;
  if (main) users.push(main.node);
  const first = users.sort((a, b) => a.startIndex - b.startIndex)[0]!;
  const at = paragraphStartOf(source, first);
  ctx.insert(
    at,
    plan.ended
      ? `/* Set by an exit() that became a return: the program has ended. */\nstatic bool ${plan.ended};\n/* How it ended: 0 for success, or a negative errno. */\nstatic int ${plan.channel};\n\n`
      : `/* The negative errno of the last exit that became an error return; 0 while none failed. */\nstatic int ${plan.channel};\n\n`,
  );
  const test = plan.ended ?? plan.channel;
  for (const helper of plan.helpers.values()) {
    const back = helper.failureReturn ? `return ${helper.failureReturn};` : "return;";
    for (const site of helper.sites) {
      const lines: string[] = [];
      if (site.message) lines.push(`pr_err(${messageWithNewline(site.message)});`);
      for (const r of site.release) lines.push(`${r.releaser}(${r.path});`);
      if (site.kind === "exit") {
        for (const f of site.folded ?? []) ctx.remove(wholeLines(source, f));
        if (site.value !== "0") lines.push(`${plan.channel} = ${site.value ?? `-${site.errno}`};`);
        if (plan.ended) lines.push(`${plan.ended} = true;`);
        // The last statement of a void function returns by itself (checkpatch: "void function return statements are not generally useful").
        if (helper.failureReturn || !endsBody(helper.fn.body, site.statement)) lines.push(back);
        replaceStatement(ctx, source, style, site.statement, lines);
      } else {
        lines.push(back);
        if (site.inCondition) insertCheckInArms(ctx, source, style, site.statement, test, lines);
        else if (site.inExpression) insertCheckInExpression(ctx, site.call, test, lines);
        else insertCheckAfter(ctx, source, style, site.statement, test, lines);
      }
    }
  }
}

/** Whether `statement` is the last statement of `body` itself (not of a block inside it). */
function endsBody(body: Node, statement: Node): boolean {
  return statement.parent?.id === body.id && statementsOf(body).at(-1)?.id === statement.id;
}

/** The start of the line a definition starts on, taking in the comment lines directly above it. */
function paragraphStartOf(source: string, node: Node): number {
  let start = lineStartOf(source, node.startIndex);
  for (let prev = node.previousNamedSibling; prev?.type === "comment"; prev = prev.previousNamedSibling) {
    if (lineStartOf(source, prev.endIndex) !== lineStartOf(source, start - 1)) break;
    start = lineStartOf(source, prev.startIndex);
  }
  return start;
}

function rewriteHelper(ctx: RuleContext, helper: FailingHelper): void {
  const { source, style } = ctx.facts;
  const { fn } = helper;
  if (helper.style.kind === "status") {
    const type = fn.node.childForFieldName("type");
    if (type) ctx.replace(type, "int");
    // Its prototypes say so too (one in a header of a program of several files as well), or the
    // definition would conflict with them.
    for (const prototypeType of prototypeTypes(ctx.facts.program.root, fn.name)) ctx.replace(prototypeType, "int");
    for (const r of helper.bareReturns) ctx.replace(r, "return 0;");
    const last = statementsOf(fn.body).at(-1);
    if (last?.type !== "return_statement") {
      const close = fn.body.endIndex - 1;
      const indent = indentationAt(source, close) + style.indentUnit;
      if (startsLine(source, close)) ctx.insert(lineStartOf(source, close), `${indent}return 0;\n`);
      else ctx.insert(close, " return 0; ");
    }
  }
  for (const exit of helper.exits) rewriteExit(ctx, helper, exit);
  for (const p of helper.propagations) rewritePropagation(ctx, helper, p);
}

/**
 * The return types of the file-scope prototypes of a function (`void name(…);`, at top level or in
 * a preprocessor block such as an include guard), each declaring that one function alone.
 */
function prototypeTypes(root: Node, name: string): Node[] {
  const found: Node[] = [];
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type.startsWith("preproc_if") || child.type === "preproc_else" || child.type === "preproc_elif") visit(child);
      if (child.type !== "declaration") continue;
      const declarators = child.childrenForFieldName("declarator");
      const d = declarators[0];
      if (declarators.length !== 1 || d?.type !== "function_declarator" || d.childForFieldName("declarator")?.text !== name) continue;
      const type = child.childForFieldName("type");
      if (type?.text === "void") found.push(type);
    }
  };
  visit(root);
  return found;
}

/** A call of a helper that can fail, whose failure this helper now returns to its own caller. */
function rewritePropagation(ctx: RuleContext, helper: FailingHelper, p: Propagation): void {
  const { source, style } = ctx.facts;
  const indent = indentationAt(source, p.statement.startIndex);
  const failure = helper.style.kind === "status" ? `-${p.callee.errno}` : helper.style.failure;
  const bail = `${indent}${style.indentUnit}return ${failure};`;
  const kw = style.keywordSpace;
  if (p.callee.style.kind === "pointer") ctx.insert(p.statement.endIndex, `\n${indent}if${kw}(!${p.variable})\n${bail}`);
  else if (p.callee.style.kind === "bool") ctx.replace(p.statement, `if${kw}(!${p.call.text})\n${bail}`);
  else ctx.replace(p.statement, `if${kw}(${p.call.text})\n${bail}`);
}

function rewriteExit(ctx: RuleContext, helper: FailingHelper, exit: HelperExit): void {
  const { source, style } = ctx.facts;
  const ifIndent = indentationAt(source, exit.ifStatement.startIndex);
  const inner = ifIndent + style.indentUnit;
  const failure = helper.style.kind === "status" ? `-${exit.errno}` : helper.style.failure;
  const report = exit.message ? `pr_err(${messageWithNewline(exit.message)});` : undefined;
  if (exit.consequence.type === "compound_statement") {
    for (const s of exit.folded) ctx.remove(wholeLines(source, s));
    const at = indentationAt(source, exit.exitStatement.startIndex);
    ctx.replace(exit.exitStatement, report ? `${report}\n${at}return ${failure};` : `return ${failure};`);
  } else {
    const body = report ? `${inner}${report}\n${inner}return ${failure};` : `${inner}return ${failure};`;
    ctx.replace({ start: exit.condition.endIndex, end: exit.consequence.endIndex }, ` {\n${body}\n${ifIndent}}`);
  }
}

/** err()'s format and arguments as pr_err()'s, with the newline err() printed itself. */
function messageWithNewline(args: readonly Node[]): string {
  const [format, ...rest] = args;
  return [withNewline(format!), ...rest.map((a) => a.text)].join(", ");
}
