// <stdalign.h>, <stdnoreturn.h> and <uchar.h> are names for C11's own keywords and types: alignof becomes _Alignof, noreturn _Noreturn, char16_t u16.
import { defineRule } from "../core/rule.js";
import { codeTokens } from "./tokens.js";

/** Each header's names, and what the kernel build (gcc, -std=gnu11, no C library) calls them. */
const SPELLINGS: Record<string, Record<string, string>> = {
  "stdalign.h": { alignof: "_Alignof", alignas: "_Alignas" },
  // Removed, as _Noreturn is: see the explanation.
  "stdnoreturn.h": { noreturn: "" },
  // char16_t is uint_least16_t and char32_t uint_least32_t: unsigned short and unsigned int on Linux, as u16 and u32 are.
  "uchar.h": { char16_t: "u16", char32_t: "u32" },
};

export const C11_KEYWORD_HEADERS = Object.keys(SPELLINGS);

export default defineRule({
  id: "c11-header-macros-to-keywords",
  summary: "alignof and alignas become _Alignof and _Alignas, char16_t and char32_t u16 and u32; noreturn and _Noreturn go",
  explanation: [
    "C11's <stdalign.h> and <stdnoreturn.h> only define lower-case names for keywords the compiler has anyway (alignof is _Alignof, alignas _Alignas, noreturn _Noreturn), and <uchar.h>'s char16_t and char32_t are the unsigned 16- and 32-bit integer types.",
    "The kernel builds modules with -std=gnu11 and none of those headers, so the port writes the keywords themselves and the kernel's u16 and u32, which are the same types (the kernel style writes __alignof__ and __aligned(), the spellings kernel code uses).",
    "noreturn and _Noreturn go: a function that never returns ends the program with exit(), and in a module every exit becomes an error return, so the function does return after all (the kernel's only functions that do not return are the ones that stop the machine).",
    "<uchar.h>'s conversion functions (mbrtoc16() and the like) depend on the C library's locale, which a module does not have.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/_Alignof", "https://elixir.bootlin.com/linux/v6.1/source/include/uapi/asm-generic/int-ll64.h"],
  headers: [],
  safety: "safe",
  handles: [],
  run(ctx) {
    const { program, source } = ctx.facts;
    const spelling: Record<string, string> = {};
    for (const include of program.includes) {
      if (include.system && SPELLINGS[include.path]) Object.assign(spelling, SPELLINGS[include.path]);
    }
    if (/\b_Noreturn\b/.test(source)) spelling._Noreturn = "";
    // The kernel style writes the kernel's own spellings, which checkpatch knows (it calls _Alignof CamelCase).
    if (ctx.facts.target.style === "kernel") {
      if (spelling.alignof) spelling.alignof = "__alignof__";
      if (spelling.alignas) spelling.alignas = "__aligned";
    }
    const names = Object.keys(spelling).filter((n) => !program.macros.has(n));
    if (names.length === 0) return;
    const pattern = new RegExp(`\\b(?:${names.join("|")})\\b`, "g");
    const seen = new Set<number>();
    // A word that goes takes the space after it along.
    const rename = (start: number, end: number, name: string) => {
      const to = spelling[name]!;
      ctx.replace({ start, end: to ? end : end + (/^[ \t]*/.exec(source.slice(end))?.[0].length ?? 0) }, to);
    };
    for (const token of codeTokens(program.root, source, pattern)) {
      seen.add(token.start);
      if (program.isCompiled(token.start)) rename(token.start, token.end, token.name);
    }
    // The grammar knows these words as keywords itself (`alignof (T)`, `noreturn` as a qualifier).
    for (const m of source.matchAll(pattern)) {
      if (seen.has(m.index) || !program.isCompiled(m.index)) continue;
      const node = program.root.descendantForIndex(m.index, m.index + m[0].length);
      if (node && !node.isNamed && node.text === m[0] && node.startIndex === m.index) rename(m.index, m.index + m[0].length, m[0]);
    }
  },
});
