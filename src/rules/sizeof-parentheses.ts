// `sizeof *p` becomes `sizeof(*p)` in the kernel style.
import { defineRule } from "../core/rule.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "sizeof-parentheses",
  summary: "sizeof x becomes sizeof(x) (kernel style)",
  explanation: [
    "C lets sizeof take an expression without parentheses, and the article's program writes sizeof *ex. The kernel's coding style always writes sizeof(*ex), as if sizeof were a function, and checkpatch warns about the bare form; the value is the same."
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#spaces"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    for (const s of ctx.facts.program.root.descendantsOfType("sizeof_expression")) {
      const value = s?.childForFieldName("value");
      if (!s || !value || value.type === "parenthesized_expression") continue;
      // Only the space after sizeof and the parentheses change; the operand stays as it is.
      ctx.replace({ start: s.startIndex + "sizeof".length, end: value.startIndex }, "(");
      ctx.insert(value.endIndex, ")");
    }
  },
});
