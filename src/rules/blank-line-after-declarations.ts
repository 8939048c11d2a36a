// A blank line between a block's declarations and its first statement (kernel style).
import { defineRule } from "../core/rule.js";
import { isBlankLine, lineStartOf, namedChildren, startsLine } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "blank-line-after-declarations",
  summary: "a blank line separates a block's declarations from the statements after them (kernel style)",
  explanation: [
    "Kernel code puts the variables a block declares first, then a blank line, then what the block does, so that a reader sees at a glance what the function works with; checkpatch warns about a declaration followed directly by a statement.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { source } = ctx.facts;
    for (const block of ctx.facts.program.root.descendantsOfType("compound_statement")) {
      if (!block) continue;
      const items = namedChildren(block).filter((n) => n.type !== "comment");
      for (let i = 0; i + 1 < items.length; i++) {
        const here = items[i]!;
        const next = items[i + 1]!;
        if (here.type !== "declaration" || next.type === "declaration" || next.type.startsWith("preproc")) continue;
        if (!startsLine(source, next.startIndex)) {
          // `{ char c = *p; *p-- = *q; }` on one line: the layout puts each on a line of its own,
          // and the blank line goes between them now, or porting the module again would add it.
          if (!source.slice(here.endIndex, next.startIndex).includes("\n") && /^[ \t]*$/.test(source.slice(here.endIndex, next.startIndex))) ctx.insert(next.startIndex, "\n\n");
          continue;
        }
        // The first line of the next statement, or of a comment right above it.
        let line = lineStartOf(source, next.startIndex);
        for (let c = next.previousNamedSibling; c && c.type === "comment" && c.startIndex > here.endIndex; c = c.previousNamedSibling) line = lineStartOf(source, c.startIndex);
        if (isBlankLine(source, lineStartOf(source, line - 1))) continue;
        ctx.insert(line, "\n");
      }
    }
  },
});
