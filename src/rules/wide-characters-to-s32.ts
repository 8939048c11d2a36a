// wchar_t becomes s32 and a wide character constant L'c' the 32-bit U'c': the values the program had, in a kernel built with -fshort-wchar.
import { defineRule } from "../core/rule.js";
import { codeTokens } from "./tokens.js";

export default defineRule({
  id: "wide-characters-to-s32",
  summary: "wchar_t becomes s32 and a wide character constant L'c' becomes U'c'",
  explanation: [
    "On Linux, wchar_t is a signed 32-bit integer and a wide character constant L'c' has the value of c's Unicode code point; both are fixed by the platform's ABI when the program is compiled, not by the locale at run time.",
    "The kernel has no wchar_t of its own for modules, and it builds with -fshort-wchar, which makes L'c' a 16-bit value: a character beyond U+FFFF would lose its upper bits.",
    "So the port writes s32, the kernel's name for the same type, and U'c', the C11 constant that is the code point in 32 bits whatever wchar_t's width; the values the program computes and prints stay the same.",
    "Wide strings, wide-character formats and the functions of <wchar.h> are the locale's business and stay refused.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/character_constant", "https://elixir.bootlin.com/linux/v6.1/source/Makefile"],
  headers: [],
  safety: "safe",
  handles: [],
  appliesTo: (_target, source) => /\bwchar_t\b|\bL'/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!program.macros.has("wchar_t") && !definesType(source, "wchar_t")) {
      for (const token of codeTokens(program.root, source, /\bwchar_t\b/g)) {
        if (program.isCompiled(token.start)) ctx.replace(token, "s32");
      }
    }
    for (const m of source.matchAll(/(?<![\w'])L'/g)) {
      if (!program.isCompiled(m.index)) continue;
      const node = program.root.descendantForIndex(m.index, m.index + 2);
      const literal = node?.type === "char_literal" ? node : node?.parent?.type === "char_literal" ? node.parent : undefined;
      if (literal?.startIndex === m.index) ctx.replace({ start: m.index, end: m.index + 1 }, "U");
    }
  },
});

/** Whether the program declares the type itself (`typedef … wchar_t;`), in which case it is the program's. */
function definesType(source: string, name: string): boolean {
  return new RegExp(`\\btypedef\\b[^;{}]*\\b${name}\\s*;`).test(source);
}
