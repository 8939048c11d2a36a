// wchar_t becomes s32 and a wide character constant L'c' its code point (0x732b /* L'猫' */): the values the program had, in a kernel built with -fshort-wchar.
import { defineRule } from "../core/rule.js";
import { codeUnits } from "./multi-character-constants-to-values.js";
import { codeTokens } from "./tokens.js";

export default defineRule({
  id: "wide-characters-to-s32",
  summary: "wchar_t becomes s32 and a wide character constant L'c' becomes its code point, the constant kept in a comment",
  explanation: [
    "On Linux, wchar_t is a signed 32-bit integer and a wide character constant L'c' has the value of c's Unicode code point; both are fixed by the platform's ABI when the program is compiled, not by the locale at run time.",
    "The kernel has no wchar_t of its own for modules, and it builds with -fshort-wchar, which makes L'c' a 16-bit value: a character beyond U+FFFF would lose its upper bits.",
    "So the port writes s32, the kernel's name for the same type, and the code point itself in place of L'c', with the constant in a comment beside it; the values the program computes and prints stay the same.",
    "(C11's U'c' would say the same, but sparse, which the kernel's C=1 and C=2 builds run, does not know that prefix.)",
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
    for (const m of source.matchAll(/(?<![\w'])L'((?:[^'\\\n]|\\.)*)'/g)) {
      if (!program.isCompiled(m.index)) continue;
      const node = program.root.descendantForIndex(m.index, m.index + 2);
      const literal = node?.type === "char_literal" ? node : node?.parent?.type === "char_literal" ? node.parent : undefined;
      if (literal?.startIndex !== m.index) continue;
      // One code point; a constant of several is multi-character-constants-to-values' to write.
      const units = codeUnits("L", m[1]!);
      if (units?.length !== 1) continue;
      const comment = m[0].includes("*/") ? "" : ` /* ${m[0]} */`;
      ctx.replace({ start: m.index, end: m.index + m[0].length }, `0x${units[0]!.toString(16)}${comment}`);
    }
  },
});

/** Whether the program declares the type itself (`typedef … wchar_t;`), in which case it is the program's. */
function definesType(source: string, name: string): boolean {
  return [...source.matchAll(/\btypedef\b[^;{}]*\b(\w+)\s*;/g)].some((m) => m[1] === name);
}
