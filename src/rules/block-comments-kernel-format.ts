// Block comments that span lines take the kernel's shape: /* alone, a * on each line, */ alone (kernel style).
import { defineRule } from "../core/rule.js";
import { indentationAt } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";
import { KERNEL_LAYOUT } from "../core/layout.js";
import { isLicenceComment, kernelBlockComment } from "../core/comment-shape.js";

const WIDTH = Number(KERNEL_LAYOUT.ColumnLimit);

export default defineRule({
  id: "block-comments-kernel-format",
  summary: "a /* … */ comment over several lines (or too long for one) gets /* and */ on lines of their own and * before each line (kernel style)",
  explanation: [
    "The kernel writes a comment of more than one line with the opening /* on a line of its own, each line of text starting with \" * \", and the closing */ alone on the last line, so that the comment stands out as a block; checkpatch warns about any other shape.",
    "The text is kept word for word; lines too long for 80 columns are wrapped by the layout that follows, and a comment the layout itself breaks over several lines (a trailing comment that no longer fits once the code before it is indented with tabs) is given the same shape after it.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#commenting"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { source } = ctx.facts;
    for (const c of ctx.facts.program.root.descendantsOfType("comment")) {
      if (!c || !c.text.startsWith("/*")) continue;
      const indent = indentationAt(source, c.startIndex);
      const multiLine = c.text.includes("\n");
      if (!multiLine && indent.replace(/\t/g, "        ").length + c.text.length <= WIDTH) continue;
      if (isLicenceComment(c.text)) continue;
      const shaped = kernelBlockComment(c.text, indent);
      if (shaped === undefined) continue;
      ctx.replace(c, shaped);
    }
  },
});
