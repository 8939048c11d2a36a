// A case that runs on into the next gets `fallthrough;`: the kernel builds with -Wimplicit-fallthrough=5, where no comment counts.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { calleeName, descendants, indentationAt, namedChildren, statementCall, unparenthesize } from "../core/syntax.js";

/** Calls that never return, after which a case cannot run on. */
const NO_RETURN = new Set(["exit", "_Exit", "abort", "quick_exit", "err", "errx", "verr", "verrx", "panic", "BUG", "__builtin_unreachable", "__builtin_trap"]);

export default defineRule({
  id: "implicit-fallthrough-marked",
  summary: "a case that runs on into the next one gets fallthrough; before the next label",
  explanation: [
    "When a case of a switch does not end in break, return, goto or continue, control runs on into the next case.",
    "Programs often mean it, and say so in a comment; the kernel builds with -Wimplicit-fallthrough=5, which warns about every such case and reads no comment, only the fallthrough statement (a macro for __attribute__((__fallthrough__)) that <linux/compiler_attributes.h> defines and every module includes).",
    "The statement changes nothing at run time: the case runs on exactly as before, and the compiler knows it is meant.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/deprecated.html#implicit-switch-case-fall-through"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bswitch\b/.test(source),
  run(ctx) {
    const { program, style } = ctx.facts;
    const { root, source } = program;
    for (const m of source.matchAll(/\bswitch\b/g)) {
      if (!program.isCompiled(m.index)) continue;
      const keyword = root.descendantForIndex(m.index, m.index + 6);
      const statement = keyword?.parent;
      if (keyword?.type !== "switch" || statement?.type !== "switch_statement") continue;
      const body = statement.childForFieldName("body");
      if (!body || everyCaseEnds(source.slice(body.startIndex, body.endIndex))) continue;
      const cases = namedChildren(body).filter((c) => c.type === "case_statement");
      // Each label with what runs into it: the case before it in the switch's body, or, for a label
      // inside a block of a case (Duff's device: `case 0: do { … case 3: … } while (…);`), the
      // statement (or the label's case) before it in that block.
      const pairs: Array<{ last: Node | undefined; next: Node; head: Node }> = [];
      for (let i = 0; i + 1 < cases.length; i++) pairs.push({ last: caseStatements(cases[i]!).at(-1), next: cases[i + 1]!, head: cases[i]! });
      for (const inner of cases.length > 0 ? descendants(body, "case_statement") : []) {
        if (inner.parent?.id === body.id || enclosingSwitch(inner)?.id !== statement.id) continue;
        let before = inner.previousNamedSibling;
        while (before?.type === "comment") before = before.previousNamedSibling;
        if (!before) continue;
        pairs.push(before.type === "case_statement" ? { last: caseStatements(before).at(-1), next: inner, head: before } : { last: before, next: inner, head: before });
      }
      for (const { last, next, head } of pairs) {
        if (!last || !mayRunOn(last)) continue;
        const between = source.slice(last.endIndex, next.startIndex);
        // An insertion inside text another rule of this phase replaces would collide with it.
        const free = (at: number) => !ctx.claimed(at, at);
        // The kernel style has the statement take the place of a comment that says the same (checkpatch prefers it).
        const comment = ctx.facts.target.style === "kernel" ? /^([ \t]*)\/[*/][ \t]*(?:-*\s*)?fall(?:s|ing)?[ -]?thr(?:ough|u)\b[^\n]*\n/im.exec(between) : null;
        if (comment && !comment[0].trimEnd().endsWith("\\") && (comment[0].startsWith("//") || comment[0].trimEnd().endsWith("*/"))) {
          const start = last.endIndex + comment.index;
          if (free(start)) ctx.replace({ start, end: start + comment[0].length }, `${comment[1]}fallthrough;\n`);
          continue;
        }
        if (!between.includes("\n")) {
          if (free(next.startIndex)) ctx.insert(next.startIndex, "fallthrough; ");
          continue;
        }
        // On a line of its own after the last statement's line (and after a comment that ends it).
        const lineEnd = source.indexOf("\n", last.endIndex);
        const rest = source.slice(last.endIndex, lineEnd);
        const startsLine = /^[ \t]*$/.test(source.slice(source.lastIndexOf("\n", last.startIndex - 1) + 1, last.startIndex));
        const indent = startsLine ? indentationAt(source, last.startIndex) : indentationAt(source, head.startIndex) + style.indentUnit;
        if (/^[ \t]*(?:\/\/.*|\/\*(?:(?!\*\/).)*\*\/[ \t]*)?\r?$/.test(rest)) {
          if (free(lineEnd + 1)) ctx.insert(lineEnd + 1, `${indent}fallthrough;\n`);
        } else if (free(last.endIndex)) ctx.insert(last.endIndex, `\n${indent}fallthrough;`);
      }
    }
  },
});

/**
 * Text first: whether the text before every case label (comments aside) ends in break, continue,
 * return or goto, or is another label or the switch's brace, so that no case can run on and the
 * tree need not be asked. Anything else (a nested block, a call) goes to the tree.
 */
function everyCaseEnds(body: string): boolean {
  const code = body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (c) => " ".repeat(c.length));
  let from = 0;
  for (const m of code.matchAll(/\b(?:case\b[^:;{}]*|default\s*):/g)) {
    const before = code.slice(from, m.index).trimEnd();
    from = m.index + m[0].length;
    // A terminator counts only as a statement of its own (after ; } : or {), not as the body of an if or an else.
    if (before === "" || /[{:]$/.test(before)) continue;
    if (!/(?:^|[;:{}])\s*(?:break\s*;|continue\s*;|return\b[^;{}]*;|goto\s+\w+\s*;)$/.test(before)) return false;
  }
  return true;
}

/** The statements a case label heads, comments left out. */
function caseStatements(label: Node): Node[] {
  const value = label.childForFieldName("value");
  return namedChildren(label).filter((c) => c.type !== "comment" && c.id !== value?.id);
}

/** Whether control can leave this statement at its end (kept true where it cannot be told). */
function mayRunOn(statement: Node): boolean {
  switch (statement.type) {
    case "break_statement":
    case "continue_statement":
    case "return_statement":
    case "goto_statement":
      return false;
    case "compound_statement": {
      const inner = namedChildren(statement).filter((c) => c.type !== "comment");
      const last = inner.at(-1);
      return last ? mayRunOn(last) : true;
    }
    case "labeled_statement": {
      const inner = namedChildren(statement).filter((c) => c.type !== "comment" && c.type !== "statement_identifier");
      const last = inner.at(-1);
      return last ? mayRunOn(last) : true;
    }
    case "if_statement": {
      const consequence = statement.childForFieldName("consequence");
      const alternative = statement.childForFieldName("alternative");
      if (!alternative) return true;
      const otherwise = alternative.type === "else_clause" ? namedChildren(alternative).find((c) => c.type !== "comment") : alternative;
      return !consequence || !otherwise || mayRunOn(consequence) || mayRunOn(otherwise);
    }
    case "expression_statement": {
      // A fall-through the program already marks (`__attribute__((fallthrough));` parses as an attributed statement).
      if (/^\s*(?:fallthrough|__attribute__\s*\(\(\s*_*fallthrough_*\s*\)\))\s*;$/.test(statement.text)) return false;
      const call = statementCall(statement);
      const name = call ? calleeName(call) : undefined;
      return !(name && NO_RETURN.has(name));
    }
    case "attributed_statement":
      return !/fallthrough/.test(statement.text);
    case "while_statement":
    case "for_statement": {
      // `for (;;)` and `while (1)` without a break end only through return or goto.
      const condition = statement.childForFieldName("condition");
      const forever = statement.type === "for_statement" ? !condition : condition !== null && /^1$/.test(unparenthesize(condition).text.replace(/[()\s]/g, ""));
      return !forever || /\bbreak\b/.test(statement.childForFieldName("body")?.text ?? "");
    }
    default:
      return true;
  }
}

/** The switch a case label belongs to: the nearest one around it. */
function enclosingSwitch(label: Node): Node | undefined {
  for (let n = label.parent; n; n = n.parent) if (n.type === "switch_statement") return n;
  return undefined;
}
