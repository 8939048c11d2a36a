// A blank line between a block's declarations and its first statement (kernel style).
import { defineRule } from "../core/rule.js";
import type { Node } from "../core/syntax-tree.js";
import { displayColumnAt, isBlankLine, lineStartOf, namedChildren, startsLine } from "../core/syntax.js";
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
        const line = lineStartOf(source, firstCommentOfStatements(source, here, next)?.startIndex ?? next.startIndex);
        if (isBlankLine(source, lineStartOf(source, line - 1))) continue;
        ctx.insert(line, "\n");
      }
    }
  },
});

/**
 * The comments between a declaration and the statement after it that go with the statement (the
 * blank line goes above them). A comment after code on the declaration's line is the declaration's,
 * and so are the lines that continue it: comments at its column on the lines right after it, as a
 * layout writes a trailing comment too long for its line.
 */
function firstCommentOfStatements(source: string, declaration: Node, statement: Node): Node | undefined {
  const comments: Node[] = [];
  for (let c = declaration.nextNamedSibling; c && c.startIndex < statement.startIndex; c = c.nextNamedSibling) if (c.type === "comment") comments.push(c);
  let first = 0;
  for (let i = 0; i < comments.length; i++) {
    if (startsLine(source, comments[i]!.startIndex)) continue;
    first = i + 1;
    const column = displayColumnAt(source, comments[i]!.startIndex);
    while (
      first < comments.length &&
      startsLine(source, comments[first]!.startIndex) &&
      comments[first]!.startPosition.row === comments[first - 1]!.endPosition.row + 1 &&
      displayColumnAt(source, comments[first]!.startIndex) === column
    ) {
      first++;
    }
    i = first - 1;
  }
  return comments[first];
}
