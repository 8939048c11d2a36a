// An object-like macro whose value is an expression gets parentheses around it (kernel style).
import { defineRule } from "../core/rule.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "macro-values-parenthesized",
  summary: "#define N (int)x becomes #define N ((int)x) (kernel style)",
  explanation: [
    "A macro's value is pasted into the code where the macro is used, and the operators around it then bind to its pieces: with #define N (int)x, N * 2 is fine but sizeof N or N[0] are not what they look like.",
    "Parentheses around the whole value make it one operand wherever it lands; checkpatch asks for them on any macro whose value is more than one token.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#macros-enums-and-rtl"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    for (const def of ctx.facts.program.root.descendantsOfType("preproc_def")) {
      const value = def?.childForFieldName("value");
      if (!value) continue;
      const text = value.text.trim();
      if (isSimple(text)) continue;
      const start = value.startIndex + value.text.indexOf(text);
      // `#define R\x1aX y` (no space after the name, which gcc only warns about) is still an
      // object-like macro: a parenthesis right after the name would make it a function-like one.
      const flush = start === def!.childForFieldName("name")?.endIndex;
      ctx.replace({ start, end: start + text.length }, `${flush ? " " : ""}(${text})`);
    }
  },
});

/** One token, a literal, a call, or one parenthesised group: nothing for operators around it to split. */
function isSimple(text: string): boolean {
  if (/^(?:[A-Za-z_]\w*|[-+]?(?:0[xX][\da-fA-F]+|\d[\w.]*)|"(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*|'(?:[^'\\]|\\.)+')$/.test(text)) return true;
  if (/^\{[\s\S]*\}$/.test(text) || /^do\b/.test(text) || /\\$/.test(text) || /^#/.test(text)) return true;
  const call = /^[A-Za-z_]\w*\s*(?=\()/.exec(text);
  const group = call ? text.slice(call[0].length) : text;
  return group.startsWith("(") && closingParen(group) === group.length - 1;
}

function closingParen(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}
