// A label no goto jumps to is removed, the statement it labels kept: gcc's "label defined but not used" warning would stop a clean build.
import { defineRule } from "../core/rule.js";
import { indentationAt, lineStartOf, nextLineStart, startsLine } from "../core/syntax.js";
import { wordOffsets } from "../core/words.js";

/** A line that starts with a label: a word and a colon (not `default:`, not `::`). */
const LABEL_LINE = /^[ \t]*(?!default\b)([A-Za-z_]\w*)[ \t]*:(?!:)/gm;
/** A label after another statement on its line (`x = 1; done: y = 2;`). */
const LABEL_AFTER = /[;{}][ \t]*(?!default\b)[A-Za-z_]\w*[ \t]*:(?![:=])/;

/** The program's macros that jump: the labels their bodies name (`goto fail;`), and whether one jumps to a label it is given (`goto label;`, label a parameter). */
function macroJumps(source: string): { labels: Set<string>; given: boolean } {
  const out = { labels: new Set<string>(), given: false };
  if (!source.includes("goto")) return out;
  for (const m of source.matchAll(/^[ \t]*#[ \t]*define[ \t]+[A-Za-z_]\w*(\([^)]*\))?((?:[^\n]*\\\r?\n)*[^\n]*)/gm)) {
    const parameters: string[] = m[1]?.match(/[A-Za-z_]\w*/g) ?? [];
    for (const g of m[2]!.matchAll(/\bgoto\s+([A-Za-z_]\w*)/g)) {
      if (parameters.includes(g[1]!)) out.given = true;
      else out.labels.add(g[1]!);
    }
  }
  return out;
}

/**
 * Whether the function's text jumps to the label or takes its address: `goto name`, `&&name`, a
 * macro whose body jumps to it, or one that jumps to a label it is given, named here (`CHECK(p, out)`).
 */
function jumpedTo(source: string, name: string, start: number, end: number, macros: ReturnType<typeof macroJumps>): boolean {
  if (macros.labels.has(name)) return true;
  for (const at of wordOffsets(source, name, start, end)) {
    const before = source.slice(Math.max(start, at - 64), at).trimEnd();
    if (/\bgoto$/.test(before) || before.endsWith("&&")) return true;
    if (macros.given && /[(,]$/.test(before)) return true;
  }
  return false;
}

export default defineRule({
  id: "unused-labels-removed",
  summary: "a label that no goto jumps to is removed, and the statement it labels kept",
  explanation: [
    "gcc warns about a label nothing jumps to (\"label defined but not used\", -Wunused-label, among the kernel's default warnings). A program can carry one from a goto it no longer has, and a port can leave one where a goto it rewrote was the label's only use.",
    "A label does nothing by itself: removing it leaves the function doing what it did, and the module builds without the warning. A label whose address is taken (&&label, GCC's computed goto) is used, and stays; so is one a macro of the program jumps to, by its name (`#define FAIL() goto fail`) or by the name it is given (`CHECK(p != NULL, out)` of `#define CHECK(c, label) … goto label`).",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wunused-label", "https://en.cppreference.com/w/c/language/statements#Labels"],
  headers: [],
  safety: "safe",
  // A line that starts with a word and a colon (not `default:`, not `::`) whose word no `goto`
  // names: every other port, its labels all jumped to, is not parsed again.
  wantedIn: (text) => {
    for (const m of text.matchAll(LABEL_LINE)) if (!text.includes(`goto ${m[1]}`)) return true;
    return false;
  },
  run(ctx) {
    const { program, source } = ctx.facts;
    const macros = macroJumps(source);
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name);
      if (!fn) continue;
      const body = source.slice(fn.body.startIndex, fn.body.endIndex);
      if (body.match(LABEL_LINE) === null && !LABEL_AFTER.test(body)) continue;
      for (const labeled of fn.body.descendantsOfType("labeled_statement")) {
        const label = labeled.childForFieldName("label");
        if (!label) continue;
        if (jumpedTo(source, label.text, fn.body.startIndex, fn.body.endIndex, macros)) continue;
        const statement = labeled.namedChildren.find((c) => c.id !== label.id && c.type !== "comment");
        const colon = source.indexOf(":", label.endIndex);
        if (colon < 0) continue;
        // The label alone on its line goes with its line; otherwise the label and the spaces after it.
        const lineStart = lineStartOf(source, label.startIndex);
        const lineEnd = nextLineStart(source, colon);
        const alone = /^[ \t]*$/.test(source.slice(lineStart, label.startIndex)) && /^[ \t]*\r?\n?$/.test(source.slice(colon + 1, lineEnd));
        if (alone && statement && statement.startIndex >= lineEnd) ctx.remove({ start: lineStart, end: lineEnd });
        else if (startsLine(source, label.startIndex) && statement) {
          // `skip:\tt++;` at the start of its line: the statement takes its block's indentation.
          const sibling = (labeled.parent?.namedChildren ?? []).find((c) => c.type !== "labeled_statement" && c.type !== "comment" && startsLine(source, c.startIndex));
          const indent = sibling ? indentationAt(source, sibling.startIndex) : "";
          ctx.replace({ start: lineStart, end: statement.startIndex }, indent);
        } else ctx.remove({ start: label.startIndex, end: statement ? statement.startIndex : colon + 1 });
      }
    }
  },
});
