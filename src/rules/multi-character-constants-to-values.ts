// 'ab' and u'🍌' become the values gcc gives them ('ab' is 0x6162): gcc warns about such constants, and the kernel's build is to have no warnings.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "multi-character-constants-to-values",
  summary: "a character constant of more than one character ('ab', u'🍌') becomes the integer gcc makes of it",
  explanation: [
    "A character constant holds one character; C leaves the value of one with more (a multi-character constant such as 'RIFF', or a character that takes more than one byte or code unit, such as '🍌') to the compiler, and gcc warns about it (-Wmultichar, or \"character constant too long for its type\") in every build, the kernel's included.",
    "gcc's value is fixed and documented: a plain constant packs its bytes into an int, the first byte highest, keeping the last four; a u'…', U'…' or L'…' constant keeps its last code unit.",
    "The port writes that value (with a cast where the type is not int, or where the bytes set int's sign bit) and keeps the constant in a comment beside it, so the module computes what the program did and builds without the warning.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/cpp/Implementation-defined-behavior.html", "https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wmultichar"],
  headers: [],
  safety: "safe",
  handles: [],
  appliesTo: (_target, source) => /'(?:[^'\\\n]|\\.){2,}'|'[^\0-\x7f]'/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const m of source.matchAll(/(?<![\w'])(u8|[uUL])?'((?:[^'\\\n]|\\.)*)'/g)) {
      if (!program.isCompiled(m.index)) continue;
      const node = program.root.descendantForIndex(m.index, m.index + m[0].length);
      const inTree = (node?.type === "char_literal" && node.startIndex === m.index && node.endIndex === m.index + m[0].length) || (node?.parent?.type === "char_literal" && node.parent.startIndex === m.index);
      const inMacro = node?.type === "preproc_arg" && !openInMacroBody(source.slice(node.startIndex, m.index));
      if (!inTree && !inMacro) continue;
      const prefix = m[1] ?? "";
      if (prefix === "u8") continue;
      const value = constantValue(prefix, m[2]!);
      if (value === undefined) continue;
      const comment = m[0].includes("*/") ? "" : ` /* ${m[0]} */`;
      ctx.replace({ start: m.index, end: m.index + m[0].length }, `${value}${comment}`);
    }
  },
});

/** gcc's value for a constant with more than one unit, as C text; undefined for one unit (nothing to change) or an escape it does not know. */
export function constantValue(prefix: string, body: string): string | undefined {
  const units = codeUnits(prefix, body);
  if (!units || units.length < 2) return undefined;
  const hex = (v: number) => `0x${v.toString(16)}`;
  if (prefix === "") {
    // The bytes packed into an int, first byte highest; what does not fit falls off the top.
    const v = units.reduce((acc, b) => ((acc << 8) | (b & 0xff)) >>> 0, 0);
    return v >= 0x80000000 ? `(int)${hex(v)}` : hex(v);
  }
  const last = units.at(-1)!;
  return prefix === "u" ? `(u16)${hex(last & 0xffff)}` : `(u32)${hex(last >>> 0)}`;
}

/** The code units of a constant's text: bytes (UTF-8) for a plain one, UTF-16 units for u'…', code points for U'…' and L'…'. */
export function codeUnits(prefix: string, body: string): number[] | undefined {
  const units: number[] = [];
  const character = (cp: number) => {
    if (prefix === "") units.push(...new TextEncoder().encode(String.fromCodePoint(cp)));
    else if (prefix === "u" && cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
    else units.push(cp);
  };
  const simple: Record<string, number> = { "'": 39, '"': 34, "?": 63, "\\": 92, a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, e: 27 };
  const chars = [...body];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== "\\") {
      character(c.codePointAt(0)!);
      continue;
    }
    const rest = chars.slice(i + 1).join("");
    let e: RegExpExecArray | null;
    if ((e = /^[0-7]{1,3}/.exec(rest))) units.push(parseInt(e[0], 8));
    else if ((e = /^x[0-9a-fA-F]+/.exec(rest))) units.push(parseInt(e[0].slice(1), 16));
    else if ((e = /^u[0-9a-fA-F]{4}|^U[0-9a-fA-F]{8}/.exec(rest))) character(parseInt(e[0].slice(1), 16));
    else if (rest[0] !== undefined && simple[rest[0]] !== undefined) {
      units.push(simple[rest[0]]!);
      e = [rest[0]] as unknown as RegExpExecArray;
    } else return undefined;
    i += [...e[0]].length;
  }
  return units;
}

/** Whether a macro body's text up to a point leaves a string or a comment open there. */
function openInMacroBody(before: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "/" && (before[i + 1] === "/" || before[i + 1] === "*")) return true;
  }
  return quote !== undefined;
}
