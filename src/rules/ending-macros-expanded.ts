// A macro whose body can end the program (exit(), or a function of the program's that calls it) is expanded where it is used, as the preprocessor would, so that the exit rules see the code and make it an error path.
import type { Node } from "../core/syntax-tree.js";
import { endingMacros } from "../analysis/macro-exits.js";
import { expandMacro, type UsedMacro } from "../analysis/macro-expansion.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { lineStartOf, nextLineStart } from "../core/syntax.js";

export default defineRule({
  id: "ending-macros-expanded",
  summary: "a macro whose body can end the program (CHECK() calling exit(), NEW() calling xmalloc()) is written out where it is used, as the preprocessor expands it, and its #define goes",
  explanation: [
    "The port turns each way the program can end into an error return that init passes on: after a call that can end the program, the port tests the error and leaves the function. It reads the code to do that, and a macro's body is not code until the preprocessor puts it where the macro is used: `#define CHECK(c) do { if (!(c)) exit(1); } while (0)` has its exit() in a #define, and `CHECK(n > 0);` looks like a call of a function that cannot fail.",
    "So each such macro is expanded where it is used, the way the preprocessor does it: the arguments put in for the parameters, a `#c` made the string of the argument's text, `a ## b` pasted, `__VA_ARGS__` the arguments after the named ones (and GNU's `, ## __VA_ARGS__` dropping its comma when there are none). The expansion stays on the line of the use, and the #define gives way to a one-line note and as many blank lines as it had, so every line keeps its number (__LINE__ in the expansion says the program's line).",
    "A `return` in a macro that main() uses ends the program the same way (`#define PUT(k) do { if (put(k)) { drop(); return 1; } } while (0)`): main() becomes init, whose returns must be 0 or a negative errno, so such a macro is written out too and its return ported with the others. The other macros in the expansion are left for the compiler's preprocessor, as they would have been.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/cpp/Macros.html"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => text.includes("define"),
  run(ctx) {
    const macros = endingMacros(ctx.facts.program).filter((m) => m.expandable);
    if (macros.length === 0) return;
    const byName = new Map(macros.map((m) => [m.name, m]));
    for (const m of macros) {
      for (const use of m.uses) ctx.replace({ start: use.start, end: use.end }, expandMacro(m, use.args, byName));
      definitionWrittenOut(ctx, m);
    }
  },
});

/**
 * The #define of a macro written out at every use gives way to a one-line note and as many blank
 * lines as it had, so that every line after it keeps its number (__LINE__ and the map to the
 * program's lines read them).
 */
export function definitionWrittenOut(ctx: RuleContext, m: UsedMacro): void {
  const d = m.definition;
  const range = { start: lineStartOf(ctx.facts.source, d.startIndex), end: definitionEnd(ctx, d) };
  const lines = ctx.facts.source.slice(range.start, range.end).split("\n").length - 1;
  ctx.replace(range, `/* ${m.name}${m.functionLike ? "()" : ""} is written out where it is used. */${"\n".repeat(Math.max(lines, 1))}`);
}

/** Where a #define's lines end, its newline included. */
function definitionEnd(ctx: RuleContext, d: Node): number {
  const { source } = ctx.facts;
  const end = source[d.endIndex - 1] === "\n" ? d.endIndex : nextLineStart(source, d.endIndex);
  return Math.min(end, source.length);
}
