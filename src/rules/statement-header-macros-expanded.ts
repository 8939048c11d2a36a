// A macro that stands for a statement's head (`#define FOR(i, a, b) for (int i = (a); i < (b); i++)`) is written out where it is used, so that the program can be read as C before the preprocessor has run.
import type { Node } from "../core/syntax-tree.js";
import { macroDefinitions } from "../analysis/macro-bodies.js";
import { definitionCounts, expandMacro, macroCallAt, tokenize, usedMacro, type UsedMacro } from "../analysis/macro-expansion.js";
import { codeSpans, readableStatementMacros } from "../core/parse.js";
import type { ProgramFacts } from "../analysis/program.js";
import { defineRule } from "../core/rule.js";
import { hasWord } from "../core/words.js";
import { definitionWrittenOut } from "./ending-macros-expanded.js";

export default defineRule({
  id: "statement-header-macros-expanded",
  summary: "a macro that stands for the head of a loop or a test (FOR(i, 0, n), rep(i, n), forever) is written out where it is used, as the preprocessor expands it",
  explanation: [
    "Programs written for speed of typing, contest solutions above all, name their loops with macros: `#define FOR(i, a, b) for (int i = (a); i < (b); i++)` and then `FOR(i, 0, n) sum += v[i];`. The compiler sees the loop only after its preprocessor has replaced the macro; read as C before that, `FOR(i, 0, n)` is a call with a statement after it, which is no C at all, and kernelize reads the program as C to port it (its loops, its exits, what each path holds).",
    "So each use of such a macro is replaced by what the preprocessor makes of it, on the use's line: the arguments put in for the parameters (`for (int i = (0); i < (n); i++)`), and a macro of the same kind inside it written out too (`#define rep(i, n) FOR(i, 0, n)`). The module then has the loop in its text, as a kernel reader would write it. The #define gives way to a one-line note and as many blank lines as it had, so every line keeps its number.",
    "A macro counts as a statement's head when its body is nothing but heads: `for (…)`, `while (…)`, `if (…)`, `switch (…)`, `else`, or uses of other such macros. A name with room for the keyword (`for_each_node(n, head)`, `unless(c)`) is read as the loop or the test it stands for without being written out, and stays as the program has it; a name defined twice (under #ifdef) or a use whose parentheses cannot be read is left as it is too.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/cpp/Macros.html"],
  headers: [],
  safety: "safe",
  repairsSyntax: true,
  wantedIn: (text) => /#[ \t]*define[ \t]+[A-Za-z_]\w*(?:\([^)]*\))?[ \t]+(?:for|while|if|switch)\b/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const macros = statementHeaderMacros(program).filter((m) => m.expandable);
    // A head macro whose name has room for the keyword is read by the grammar as that statement
    // already (grammarView: `FOREACH(…)` as `while  (…)`), and stays as the program wrote it.
    const readable = readableStatementMacros(source);
    const used = macros.filter((m) => m.uses.length > 0 && !readable.has(m.name));
    if (used.length === 0) return;
    // Every head macro is written out inside another's expansion (rep() of FOR()), used directly or not.
    const byName = new Map(macros.map((m) => [m.name, m]));
    const replaced = new Set(used.map((m) => m.definition.id));
    const kept = macroDefinitions(program).filter((d) => !replaced.has(d.id));
    for (const m of used) {
      for (const use of m.uses) ctx.replace({ start: use.start, end: use.end }, expandMacro(m, use.args, byName));
      // A #define the bodies of the macros that stay still name is kept for them.
      if (!kept.some((d) => hasWord(d.childForFieldName("value")?.text ?? "", m.name))) definitionWrittenOut(ctx, m);
    }
  },
});

/** The keywords a statement's head starts with, each followed by a parenthesized part. */
const HEAD_KEYWORDS: ReadonlySet<string> = new Set(["for", "while", "if", "switch"]);

/**
 * The macros whose bodies are nothing but statement heads (with their uses, none for one only
 * other macros use), or uses of other such macros (to a
 * fixed point: `#define rep(i, n) FOR(i, 0, n)`).
 */
export function statementHeaderMacros(program: ProgramFacts): UsedMacro[] {
  const definitions = macroDefinitions(program).filter((d) => program.isCompiled(d.startIndex));
  const count = definitionCounts(definitions);
  const heads = new Map<string, boolean>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of definitions) {
      const name = d.childForFieldName("name")?.text;
      if (!name || heads.has(name) || !onlyHeads(d, heads)) continue;
      heads.set(name, d.type === "preproc_function_def");
      changed = true;
    }
  }
  if (heads.size === 0) return [];
  // The grammar cannot read the statements these macros head, so the tree is no guide to their
  // uses: a use is the name in code (not in a comment, a literal or a directive's line).
  const spans = codeSpans(program.source);
  const inCode = (offset: number) => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo < spans.length && spans[lo]!.start <= offset;
  };
  const out: UsedMacro[] = [];
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (!name || !heads.has(name)) continue;
    const used = usedMacro(program, d, count.get(name) ?? 0, inCode, true);
    if (used) out.push(used);
  }
  return out;
}

/** Whether a #define's body is one or more statement heads; `known`: the head macros found so far, and whether each takes arguments. */
function onlyHeads(d: Node, known: ReadonlyMap<string, boolean>): boolean {
  const body = (d.childForFieldName("value")?.text ?? "").replace(/\\\r?\n/g, " ");
  const tokens = tokenize(body).filter((t) => !/^\s+$/.test(t));
  if (tokens.length === 0) return false;
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i]!;
    if (t === "else") {
      i++;
      continue;
    }
    const macro = known.get(t);
    if (HEAD_KEYWORDS.has(t) || macro === true) {
      const call = macroCallAt(tokens, i + 1);
      if (!call) return false;
      i = call.next;
      continue;
    }
    if (macro === false) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}
