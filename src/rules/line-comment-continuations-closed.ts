// A `//` comment that a backslash continues onto the next line becomes a block comment: the kernel builds with -Wall, whose -Wcomment warns about it.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "line-comment-continuations-closed",
  summary: "a // comment ending in a backslash becomes a /* */ comment over the same lines",
  explanation: [
    "A backslash at the end of a line joins the next line to it before the compiler reads any comment, so a // comment that ends in one (ASCII art often does) goes on over the next line, whatever that line says.",
    "The kernel builds with -Wall, whose -Wcomment warns about it.",
    "The comment becomes a block comment over exactly the same lines: what was commented out stays commented out, and nothing else changes.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wcomment"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\/\/[^\n]*\\\r?\n/.test(source),
  run(ctx) {
    const { program } = ctx.facts;
    const { root, source } = program;
    let after = 0;
    for (const m of source.matchAll(/\/\/[^\n]*\\\r?\n/g)) {
      if (m.index < after || !program.isCompiled(m.index)) continue;
      const comment = root.descendantForIndex(m.index, m.index + 2);
      if (comment?.type !== "comment" || comment.startIndex !== m.index) continue;
      after = comment.endIndex;
      const text = comment.text;
      // A block comment cannot hold */, and gcc warns about /* inside one.
      if (!/\\\r?\n/.test(text) || text.includes("*/") || text.slice(2).includes("/*")) continue;
      ctx.replace({ start: comment.startIndex, end: comment.startIndex + 2 }, "/*");
      ctx.insert(comment.endIndex, text.endsWith("\\") ? "\n */" : " */");
    }
  },
});
