// How a call sits in the program: is its value used, does an expression have side effects, where do new lines go.
import type { Node } from "../core/syntax-tree.js";
import type { CodeStyle } from "../analysis/style.js";
import type { RuleContext } from "../core/rule.js";
import { indentationAt, startsLine } from "../core/syntax.js";
import { freshName } from "./added-code.js";

/** The node that stands for `node` in its surroundings: itself, or the parentheses wrapped around it. */
export function outermost(node: Node): Node {
  let n = node;
  while (n.parent?.type === "parenthesized_expression") n = n.parent;
  return n;
}

/** The expression statement that consists of exactly this expression, if it does. */
export function wholeStatement(expression: Node): Node | undefined {
  const parent = outermost(expression).parent;
  return parent?.type === "expression_statement" ? parent : undefined;
}

/**
 * Whether anything reads the value of `expression`: not when it is a statement of its own, the
 * left of a comma, or cast to void.
 */
export function valueIsUsed(expression: Node): boolean {
  const n = outermost(expression);
  const parent = n.parent;
  if (!parent) return false;
  if (parent.type === "expression_statement") return false;
  if (parent.type === "comma_expression" && parent.childForFieldName("left")?.id === n.id) return false;
  if (parent.type === "cast_expression" && parent.childForFieldName("type")?.text.replace(/\s/g, "") === "void") return false;
  if (parent.type === "for_statement" && parent.childForFieldName("update")?.id === n.id) return false;
  return true;
}

/** Whether evaluating the expression twice could differ from evaluating it once: calls, assignments, ++ and --. */
export function hasSideEffects(expression: Node): boolean {
  if (["call_expression", "assignment_expression", "update_expression"].includes(expression.type)) return true;
  return expression.descendantsOfType(["call_expression", "assignment_expression", "update_expression"]).length > 0;
}

/** Whether the text is a NULL pointer constant as programs write it. */
export function isNullPointer(node: Node): boolean {
  const t = node.text.replace(/[\s()]/g, "");
  return t === "NULL" || t === "0" || t === "(void*)0" || t === "nullptr" || t === "void*0";
}

/** Whether the file defines a function or macro of this name itself, so the name is not the C library's. */
export function isProgramDefined(ctx: RuleContext, name: string): boolean {
  return ctx.facts.program.functions.has(name) || ctx.facts.program.macros.has(name);
}

/**
 * Layout for statements that take the place of one statement: on lines of their own at the
 * statement's indentation when it starts a line, else run together on its line. Statements that
 * replace the body of an if or a loop get braces, so that they stay one statement; the opening
 * brace goes at the end of the line before, as kernel style has it.
 */
export interface StatementLayout {
  /** Where the replacement starts: the statement, or the end of the token before a braced body. */
  from: number;
  /** Opening text (a brace, when the statement was a body), before the first statement. */
  open: string;
  /** Separator before each following statement (a newline and indentation, or a space). */
  next: string;
  /** Separator before a nested body one level deeper. */
  nested: string;
  /** Closing text after the last statement. */
  close: string;
}

export function statementLayout(ctx: RuleContext, statement: Node): StatementLayout {
  const { source, style } = ctx.facts;
  const ownLine = startsLine(source, statement.startIndex);
  const indent = ownLine ? indentationAt(source, statement.startIndex) : "";
  const inBlock = ["compound_statement", "case_statement", "translation_unit", "labeled_statement"].includes(statement.parent?.type ?? "");
  const from = statement.startIndex;
  if (!ownLine) return { from, next: " ", nested: " ", open: inBlock ? "" : "{ ", close: inBlock ? "" : " }" };
  if (inBlock) return { from, next: `\n${indent}`, nested: `\n${indent}${style.indentUnit}`, open: "", close: "" };
  // A body on a line of its own under `if (…)`: `if (…) {`, the body, and `}` under the `if`.
  const before = statement.previousSibling;
  if (!before) return { from, next: `\n${indent}`, nested: `\n${indent}${style.indentUnit}`, open: "{ ", close: " }" };
  const outer = indentationAt(source, before.startIndex);
  return { from: before.endIndex, open: ` {\n${indent}`, next: `\n${indent}`, nested: `\n${indent}${style.indentUnit}`, close: `\n${outer}}` };
}

/**
 * Removes a statement: its whole line when it has the line to itself, else just its text. The body
 * of an if or a loop becomes an empty block, which, unlike a lone `;`, draws no warning.
 */
export function removeStatement(ctx: RuleContext, statement: Node): void {
  const { source } = ctx.facts;
  const inBlock = ["compound_statement", "case_statement", "translation_unit"].includes(statement.parent?.type ?? "");
  if (!inBlock) {
    ctx.replace(statement, "{ }");
    return;
  }
  const lineStart = statement.startIndex - indentationAt(source, statement.startIndex).length;
  const nl = source.indexOf("\n", statement.endIndex);
  const lineEnd = nl === -1 ? source.length : nl + 1;
  if (startsLine(source, statement.startIndex) && /^[ \t\r]*$/.test(source.slice(statement.endIndex, nl === -1 ? source.length : nl))) {
    ctx.remove({ start: lineStart, end: lineEnd });
  } else {
    ctx.remove(statement);
  }
}

/** Puts `lines` where an exit statement was: in its own statement list, or as the braced body of the if or else it stood under. */
export function replaceStatement(ctx: RuleContext, source: string, style: CodeStyle, statement: Node, lines: string[]): void {
  if (lines.length === 1) {
    ctx.replace(statement, lines[0]!);
    return;
  }
  const parent = statement.parent!;
  const own = indentationAt(source, statement.startIndex);
  const onOwnLine = startsLine(source, statement.startIndex);
  if (parent.type === "compound_statement" || parent.type === "case_statement") {
    ctx.replace(statement, lines.join(onOwnLine ? `\n${own}` : " "));
    return;
  }
  const head = parent.type === "if_statement" ? parent.childForFieldName("condition") : parent.type === "else_clause" ? parent.child(0) : null;
  if (head && onOwnLine) {
    const outer = indentationAt(source, head.startIndex);
    ctx.replace({ start: head.endIndex, end: statement.endIndex }, ` {\n${lines.map((l) => `${own}${l}`).join("\n")}\n${outer}}`);
    return;
  }
  void style;
  ctx.replace(statement, `{ ${lines.join(" ")} }`);
}

/**
 * Adds `if (test) <lines>` right after a statement: on the lines below it in a statement list, or,
 * where the statement is the whole body of an if, else or loop, together with it inside new braces.
 */
export function insertCheckAfter(ctx: RuleContext, source: string, style: CodeStyle, statement: Node, test: string, lines: string[]): void {
  const own = indentationAt(source, statement.startIndex);
  const kw = style.keywordSpace;
  const check = (at: string) =>
    lines.length === 1 ? `${at}if${kw}(${test})\n${at}${style.indentUnit}${lines[0]}` : `${at}if${kw}(${test}) {\n${lines.map((l) => `${at}${style.indentUnit}${l}`).join("\n")}\n${at}}`;
  const parent = statement.parent!;
  if (parent.type === "compound_statement" || parent.type === "case_statement") {
    if (!startsLine(source, statement.startIndex)) {
      ctx.insert(statement.endIndex, ` ${check("").replace(/\n\s*/g, " ")}`);
      return;
    }
    // More code after it on its line (`b = pop(); a = pop();`) moves to a line of its own under
    // the check, which would otherwise seem to guard it (gcc's -Wmisleading-indentation).
    const gap = /^[ \t]*/.exec(source.slice(statement.endIndex))![0].length;
    const next = statement.endIndex + gap;
    const more = next < source.length && !/[\r\n]/.test(source[next]!) && !source.startsWith("//", next) && !source.startsWith("/*", next);
    if (more) ctx.replace({ start: statement.endIndex, end: next }, `\n${check(own)}\n${own}`);
    else ctx.insert(statement.endIndex, `\n${check(own)}`);
    return;
  }
  const before = statement.previousSibling;
  if (startsLine(source, statement.startIndex) && before) {
    const outer = indentationAt(source, before.startIndex);
    ctx.insert(before.endIndex, " {");
    ctx.insert(statement.endIndex, `\n${check(own)}\n${outer}}`);
    return;
  }
  ctx.insert(statement.startIndex, "{ ");
  ctx.insert(statement.endIndex, ` ${check("").replace(/\n\s*/g, " ")} }`);
}

/**
 * A call that shares a condition with another that can fail (`solve(a) || solve(b)`) is checked
 * where it is made: the call goes into a GNU C statement expression that keeps its value, tests the
 * failure, and gives the value on (`({ __auto_type result = solve(a); if (exit_error) return
 * exit_error; result; })`). A return or a goto may leave a statement expression; the call's own
 * text stays as it is, between two insertions.
 */
export function insertCheckInExpression(ctx: RuleContext, call: Node, test: string, lines: string[]): void {
  const taken = new Set(call.text.match(/[A-Za-z_]\w*/g) ?? []);
  const value = freshName(["result", "value"], taken);
  ctx.insert(call.startIndex, `({ __auto_type ${value} = `);
  ctx.insert(call.endIndex, `; if (${test}) { ${lines.join(" ")} } ${value}; })`);
}

/**
 * A call in the condition of an if or a loop cannot be followed by a statement; its check goes
 * where the condition leads instead: at the start of each arm of the if (adding an else), or at the
 * start of the loop's body and right after the loop. Nothing runs between the condition and the check.
 */
export function insertCheckInArms(ctx: RuleContext, source: string, style: CodeStyle, statement: Node, test: string, lines: string[]): void {
  const outer = indentationAt(source, statement.startIndex);
  const inner = outer + style.indentUnit;
  const kw = style.keywordSpace;
  const check = (at: string) =>
    lines.length === 1 ? `${at}if${kw}(${test})\n${at}${style.indentUnit}${lines[0]}` : `${at}if${kw}(${test}) {\n${lines.map((l) => `${at}${style.indentUnit}${l}`).join("\n")}\n${at}}`;
  /** The check first in an arm: inside its braces, or in new ones around a single statement. */
  const atStart = (arm: Node, head: Node, closing: string) => {
    if (arm.type === "compound_statement") {
      const first = arm.namedChildren.find((c) => c && c.type !== "comment");
      const at = first && startsLine(source, first.startIndex) ? indentationAt(source, first.startIndex) : inner;
      ctx.insert(arm.startIndex + 1, `\n${check(at)}`);
      if (closing) ctx.insert(arm.endIndex, closing);
      return;
    }
    const own = startsLine(source, arm.startIndex) ? indentationAt(source, arm.startIndex) : inner;
    ctx.insert(head.endIndex, ` {\n${check(own)}${startsLine(source, arm.startIndex) ? "" : `\n${own}`}`);
    ctx.insert(arm.endIndex, `\n${outer}}${closing}`);
  };
  const field = (name: string) => statement.childForFieldName(name);
  if (statement.type === "if_statement") {
    const consequence = field("consequence")!;
    const alternative = field("alternative");
    const elseBody = alternative?.namedChildren.find((c) => c && c.type !== "comment") ?? null;
    const elseArm = alternative ? "" : ` else {\n${check(inner)}\n${outer}}`;
    atStart(consequence, field("condition")!, elseArm);
    if (alternative && elseBody) atStart(elseBody, alternative.child(0)!, "");
    return;
  }
  // A loop: its body, then what follows it.
  const body = field("body")!;
  const head = statement.type === "do_statement" ? statement.child(0)! : body.previousSibling!;
  atStart(body, head, "");
  insertCheckAfter(ctx, source, style, statement, test, lines);
}

/**
 * An exit taken inside `c ? x : (exit(n), 0)`: `if (!c) <lines>` goes before the statement, which
 * keeps only x.
 */
export function hoistExit(
  ctx: RuleContext,
  source: string,
  style: CodeStyle,
  hoist: { statement: Node; conditional: Node; condition: Node; whenTrue: boolean; keep: Node },
  lines: string[],
): void {
  const at = indentationAt(source, hoist.statement.startIndex);
  const c = hoist.condition.text;
  const test = hoist.whenTrue ? c : /^[A-Za-z_]\w*$/.test(c) ? `!${c}` : `!(${c})`;
  const kw = style.keywordSpace;
  const check = lines.length === 1 ? `if${kw}(${test})\n${at}${style.indentUnit}${lines[0]}` : `if${kw}(${test}) {\n${lines.map((l) => `${at}${style.indentUnit}${l}`).join("\n")}\n${at}}`;
  ctx.insert(hoist.statement.startIndex, `${check}\n${at}`);
  ctx.replace(hoist.conditional, hoist.keep.text);
}
