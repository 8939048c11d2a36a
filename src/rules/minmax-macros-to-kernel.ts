// The program's own MIN()/MAX() macros give way to the kernel's min()/max() (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { nextLineStart, lineStartOf } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";
import { wordsAmong } from "../core/words.js";

export default defineRule({
  id: "minmax-macros-to-kernel",
  summary: "a program's #define MIN(a, b) ((a) < (b) ? (a) : (b)) (and MAX) is removed and its uses call min() (max()) (kernel style)",
  explanation: [
    "The classic MIN and MAX macros paste each argument in twice, so MIN(i++, n) increments i twice; checkpatch flags the reuse.",
    "The kernel's min() and max() (linux/minmax.h) evaluate each argument once, and also refuse, at compile time, to compare values of different types, where C's conversions would silently turn -1 into a huge unsigned number. So the program's definitions go and its uses call the kernel's; should the program compare mixed types, the build says where, and min_t(type, a, b) states which type is meant.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/minmax.h"],
  // linux/minmax.h comes with linux/module.h (through linux/kernel.h); this phase adds no headers.
  headers: [],
  safety: "review",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!/#\s*define\s+\w+\s*\(/.test(source)) return;
    const renamed = new Map<string, string>();
    for (const def of program.root.descendantsOfType("preproc_function_def")) {
      const kind = def && minMaxKind(def);
      if (!def || !kind) continue;
      const name = def.childForFieldName("name")!.text;
      renamed.set(name, kind);
      // A definition alone in its `#ifndef NAME` guard goes with the guard (the guard would keep
      // nothing, and the #undef written above it would leave the name undefined).
      const guard = def.parent;
      const guarded =
        guard?.type === "preproc_ifdef" && guard.child(0)?.type === "#ifndef" && guard.childForFieldName("name")?.text === name && guard.namedChildren.filter((c) => c && c.type !== "comment").length === 2;
      const outer = guarded ? guard : def;
      // (A definition's node ends after its newline; a guard's ends at "#endif".)
      ctx.remove({ start: lineStartOf(source, outer.startIndex), end: source[outer.endIndex] === "\n" ? outer.endIndex + 1 : outer.endIndex });
      // An `#undef NAME` right above it, made to clear the kernel's own MIN/MAX, goes with it.
      const before = outer.previousNamedSibling;
      if (before?.type === "preproc_call" && /^#\s*undef\s+(\w+)\s*$/.exec(before.text.trim())?.[1] === name) {
        ctx.remove({ start: lineStartOf(source, before.startIndex), end: nextLineStart(source, before.endIndex - 1) });
      }
    }
    if (renamed.size === 0) return;
    for (const call of program.root.descendantsOfType("call_expression")) {
      const fn = call?.childForFieldName("function");
      const to = fn && renamed.get(fn.text);
      if (fn && to) ctx.replace(fn, to);
    }
    const macros = new Set(renamed.keys());
    for (const body of program.root.descendantsOfType("preproc_arg")) {
      if (!body || body.parent?.type === "preproc_function_def" && renamed.has(body.parent.childForFieldName("name")!.text)) continue;
      // A use is the name called: an opening parenthesis after it, blanks between.
      for (const { word, index } of wordsAmong(body.text, macros)) {
        if (!/^\s*\(/.test(body.text.slice(index + word.length))) continue;
        const start = body.startIndex + index;
        ctx.replace({ start, end: start + word.length }, renamed.get(word)!);
      }
    }
  },
});

/** "min" or "max" when the macro is exactly the two-argument ternary. */
function minMaxKind(def: Node): "min" | "max" | undefined {
  const params = def.childForFieldName("parameters")?.namedChildren.map((p) => p?.text) ?? [];
  const body = def.childForFieldName("value")?.text.replace(/\s+/g, "");
  if (params.length !== 2 || !body) return undefined;
  const [a, b] = params as [string, string];
  const m = /^\(?\(?(\w+)\)?([<>]=?)\(?(\w+)\)?\?\(?(\w+)\)?:\(?(\w+)\)?\)?$/.exec(body);
  if (!m) return undefined;
  const [, x, op, y, yes, no] = m;
  if (!((x === a && y === b) || (x === b && y === a)) || !((yes === a && no === b) || (yes === b && no === a))) return undefined;
  // x < y ? x : y is the minimum; x > y ? x : y the maximum (and the mirrored forms).
  const picksLeft = yes === x;
  const less = op!.startsWith("<");
  return less === picksLeft ? "min" : "max";
}
