// A macro whose body can end the program (exit(), or a function of the program's that calls it) is expanded where it is used, as the preprocessor would, so that the exit rules see the code and make it an error path.
import type { Node } from "../core/syntax-tree.js";
import { endingMacros, type EndingMacro, macroCallAt, tokenize } from "../analysis/macro-exits.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { lineStartOf, nextLineStart } from "../core/syntax.js";

export default defineRule({
  id: "ending-macros-expanded",
  summary: "a macro whose body can end the program (CHECK() calling exit(), NEW() calling xmalloc()) is written out where it is used, as the preprocessor expands it, and its #define goes",
  explanation: [
    "The port turns each way the program can end into an error return that init passes on: after a call that can end the program, the port tests the error and leaves the function. It reads the code to do that, and a macro's body is not code until the preprocessor puts it where the macro is used: `#define CHECK(c) do { if (!(c)) exit(1); } while (0)` has its exit() in a #define, and `CHECK(n > 0);` looks like a call of a function that cannot fail.",
    "So each such macro is expanded where it is used, the way the preprocessor does it: the arguments put in for the parameters, a `#c` made the string of the argument's text, `a ## b` pasted, `__VA_ARGS__` the arguments after the named ones (and GNU's `, ## __VA_ARGS__` dropping its comma when there are none). The expansion stays on the line of the use, and the #define gives way to a one-line note and as many blank lines as it had, so every line keeps its number (__LINE__ in the expansion says the program's line).",
    "The other macros in the expansion are left for the compiler's preprocessor, as they would have been.",
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
      for (const use of m.uses) ctx.replace({ start: use.start, end: use.end }, expand(m, use.args, byName, 0));
      // The #define's lines stay, as a note, so that every line after it keeps its number (__LINE__ and the map to the program's lines read them).
      const d = m.definition;
      const range = { start: lineStartOf(ctx.facts.source, d.startIndex), end: definitionEnd(ctx, d) };
      const lines = ctx.facts.source.slice(range.start, range.end).split("\n").length - 1;
      ctx.replace(range, `/* ${m.name}${m.functionLike ? "()" : ""} is written out where it is used. */${"\n".repeat(Math.max(lines, 1))}`);
    }
  },
});

/** Where a #define's lines end, its newline included. */
function definitionEnd(ctx: RuleContext, d: Node): number {
  const { source } = ctx.facts;
  const end = source[d.endIndex - 1] === "\n" ? d.endIndex : nextLineStart(source, d.endIndex);
  return Math.min(end, source.length);
}

/** Past this depth an expansion is left as it is: a macro that expands into itself. */
const MAX_DEPTH = 16;

/**
 * The body with the arguments in, on one line, then read again for the ending macros it uses, as
 * the preprocessor rescans a replacement: `#define DBG(...) LOG(1, __VA_ARGS__)` gives LOG the
 * arguments DBG was given. The macro itself is not expanded again inside its own expansion.
 */
function expand(m: EndingMacro, args: readonly string[] | undefined, byName: ReadonlyMap<string, EndingMacro>, depth: number): string {
  const body = m.body.replace(/[ \t]*\\\r?\n\s*/g, " ").replace(/\s*\r?\n\s*/g, " ").trim();
  const values = new Map<string, string>();
  if (args) {
    m.parameters.forEach((p, i) => {
      if (p === "__VA_ARGS__") values.set(p, args.slice(i).join(", "));
      else values.set(p, args[i] ?? "");
    });
  }
  const variadicEmpty = m.parameters.includes("__VA_ARGS__") && (values.get("__VA_ARGS__") ?? "") === "";
  let out = "";
  const tokens = tokenize(body);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "#" && i + 1 < tokens.length && values.has(tokens[i + 1]!.trim())) {
      out += stringize(values.get(tokens[++i]!.trim())!);
      continue;
    }
    if (t === "##") {
      // `, ## __VA_ARGS__`: GNU's comma that goes with no variadic arguments.
      if (variadicEmpty && tokens[i + 1]?.trim() === "__VA_ARGS__" && /,\s*$/.test(out)) {
        out = out.replace(/,\s*$/, "");
        i++;
        continue;
      }
      out = out.replace(/\s+$/, "");
      while (tokens[i + 1] !== undefined && /^\s+$/.test(tokens[i + 1]!)) i++;
      const next = tokens[i + 1];
      if (next !== undefined) {
        // `, ## __VA_ARGS__` with arguments: the comma and the first of them, a space apart as they were written.
        if (next === "__VA_ARGS__" && out.endsWith(",")) out += " ";
        out += values.get(next) ?? next;
        i++;
      }
      continue;
    }
    // An argument is put in as written; the ending macros in it are expanded with the rest below,
    // its other macros left to the compiler's preprocessor.
    out += values.get(t) ?? t;
  }
  if (depth >= MAX_DEPTH) return out;
  const others = new Map(byName);
  others.delete(m.name);
  return expandText(out, others, depth + 1);
}

/** The ending macros used in a text (a replacement, read again): expanded in it. */
function expandText(text: string, byName: ReadonlyMap<string, EndingMacro>, depth: number): string {
  const tokens = tokenize(text);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const inner = byName.get(tokens[i]!);
    const call = inner && depth < MAX_DEPTH ? (inner.functionLike ? macroCallAt(tokens, i + 1) : { args: undefined, next: i + 1 }) : undefined;
    if (inner && call) {
      out += expand(inner, call.args, byName, depth + 1);
      i = call.next - 1;
    } else out += tokens[i];
  }
  return out;
}

/** `#x`: the argument's text as a string literal, its quotes and backslashes escaped, runs of white space one space. */
function stringize(text: string): string {
  return `"${text.trim().replace(/\s+/g, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

