// The value of an integer constant expression as the compiler folds it: numbers, the program's object-like macros, the C library's limits, sizeof of scalar types, and arithmetic on them.
import type { ProgramFacts } from "./program.js";

/**
 * Constants of the C library's headers that programs size arrays and loops with, with glibc's
 * values on x86-64. The kernel defines most under the same name (INT_MAX, PATH_MAX, NAME_MAX);
 * stdint-limits-to-kernel-limits renames or defines the others (CHAR_BIT, BUFSIZ, FILENAME_MAX).
 * The 64-bit limits are left out: no array or trip count is sized by them.
 */
export const LIBRARY_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ["CHAR_BIT", 8],
  ["SCHAR_MIN", -128],
  ["SCHAR_MAX", 127],
  ["UCHAR_MAX", 255],
  ["SHRT_MIN", -32768],
  ["SHRT_MAX", 32767],
  ["USHRT_MAX", 65535],
  ["INT_MIN", -2147483648],
  ["INT_MAX", 2147483647],
  ["UINT_MAX", 4294967295],
  ["INT8_MIN", -128],
  ["INT8_MAX", 127],
  ["UINT8_MAX", 255],
  ["INT16_MIN", -32768],
  ["INT16_MAX", 32767],
  ["UINT16_MAX", 65535],
  ["INT32_MIN", -2147483648],
  ["INT32_MAX", 2147483647],
  ["UINT32_MAX", 4294967295],
  ["RAND_MAX", 2147483647],
  ["EXIT_SUCCESS", 0],
  ["EXIT_FAILURE", 1],
  ["EOF", -1],
  ["PATH_MAX", 4096],
  ["NAME_MAX", 255],
  ["FILENAME_MAX", 4096],
  ["BUFSIZ", 8192],
  ["LINE_MAX", 2048],
  ["MB_LEN_MAX", 16],
  ["HOST_NAME_MAX", 64],
]);

/** How deep macros may name macros before the expression counts as unknown (a macro that names itself). */
const MACRO_DEPTH = 16;

/**
 * The integer `text` evaluates to, where the compiler could fold it without running the program;
 * undefined for anything else (a variable, a call, a floating value, a macro of the program that
 * is not a constant). A name the program defines as a macro is the program's, even where the C
 * library has one of that name.
 */
export function foldConstant(program: ProgramFacts, text: string): number | undefined {
  let cache = values.get(program);
  if (!cache) values.set(program, (cache = new Map()));
  const macro = (name: string, depth: number): number | undefined => {
    if (cache!.has(name)) return cache!.get(name);
    const definition = macroDefinition(program, name);
    let value: number | undefined;
    if (definition !== undefined) {
      // A trailing comment is not part of the value.
      value = depth < MACRO_DEPTH ? evaluate(definition.replace(/\/\*.*?\*\/|\/\/.*$/g, ""), (n) => macro(n, depth + 1)) : undefined;
    } else if (!program.macros.has(name)) {
      value = LIBRARY_CONSTANTS.get(name);
    }
    cache!.set(name, value);
    return value;
  };
  return evaluate(text, (n) => macro(n, 0));
}

/** Each parse's macro values, evaluated once. */
const values = new WeakMap<ProgramFacts, Map<string, number | undefined>>();

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%()~&|^!]))/y;

/** Precedence of the binary operators this evaluator folds, lowest first. */
const BINARY: ReadonlyMap<string, number> = new Map([
  ["|", 1],
  ["^", 2],
  ["&", 3],
  ["<<", 4],
  [">>", 4],
  ["+", 5],
  ["-", 5],
  ["*", 6],
  ["/", 6],
  ["%", 6],
]);

type Token = { kind: "number"; value: number } | { kind: "name"; text: string } | { kind: "op"; text: string };

function tokens(text: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    at = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: "number", value: m[1].length > 1 && m[1].startsWith("0") && !/^0[xX]/.test(m[1]) ? parseInt(m[1], 8) : Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: "name", text: m[2] });
    else out.push({ kind: "op", text: m[3]! });
  }
  return out;
}

function evaluate(text: string, name: (n: string) => number | undefined): number | undefined {
  const list = tokens(text);
  if (!list || list.length === 0) return undefined;
  let i = 0;
  const peek = () => list[i];
  const isOp = (t: Token | undefined, op: string) => t?.kind === "op" && t.text === op;

  const primary = (): number | undefined => {
    const t = list[i++];
    if (!t) return undefined;
    if (t.kind === "number") return t.value;
    if (t.kind === "name") {
      if (t.text !== "sizeof") return name(t.text);
      // sizeof(type) of a scalar type; sizeof of anything else is not folded here.
      if (!isOp(list[i], "(")) return undefined;
      const close = list.findIndex((x, k) => k > i && isOp(x, ")"));
      if (close < 0) return undefined;
      const type = list.slice(i + 1, close);
      if (!type.every((x) => x.kind === "name" || isOp(x, "*"))) return undefined;
      i = close + 1;
      return scalarTypeSize(type.map((x) => (x.kind === "name" || x.kind === "op" ? x.text : "")).join(" "));
    }
    if (t.text === "(") {
      const v = binary(0);
      if (!isOp(list[i++], ")")) return undefined;
      return v;
    }
    const operand = primary();
    if (operand === undefined) return undefined;
    switch (t.text) {
      case "-":
        return -operand;
      case "+":
        return operand;
      case "~":
        return ~operand;
      case "!":
        return operand === 0 ? 1 : 0;
    }
    return undefined;
  };

  const binary = (min: number): number | undefined => {
    let left = primary();
    for (;;) {
      const t = peek();
      const precedence = t?.kind === "op" ? BINARY.get(t.text) : undefined;
      if (left === undefined || precedence === undefined || precedence < min) return left;
      i++;
      const right = binary(precedence + 1);
      if (right === undefined) return undefined;
      left = foldOperator((t as { text: string }).text, left, right);
    }
  };

  const value = binary(0);
  return i === list.length && value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}

/** A binary operator applied to two integers as C folds it; undefined for a division by zero, a shift out of range or another operator. */
export function foldOperator(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return b === 0 ? undefined : Math.trunc(a / b);
    case "%":
      return b === 0 ? undefined : a % b;
    case "<<":
      return b < 0 || b > 52 ? undefined : a * 2 ** b;
    case ">>":
      return b < 0 || b > 52 ? undefined : Math.floor(a / 2 ** b);
    case "&":
      return Number(BigInt(a) & BigInt(b));
    case "|":
      return Number(BigInt(a) | BigInt(b));
    case "^":
      return Number(BigInt(a) ^ BigInt(b));
  }
  return undefined;
}

/** The number of elements a size gives, when it is constant: a number, or with the program's facts any constant expression. */
export function arrayCount(size: string, program?: ProgramFacts): number | undefined {
  const count = /^\d+$/.test(size) ? Number(size) : program ? foldConstant(program, size) : undefined;
  return count !== undefined && count >= 0 ? count : undefined;
}

/** Sizes of the types whose size does not depend on the program (x86-64, as the kernel is built). */
export const TYPE_SIZES: Record<string, number> = {
  char: 1, bool: 1, _Bool: 1, short: 2, int: 4, long: 8, "long long": 8, float: 4, double: 8, size_t: 8, ssize_t: 8,
  int8_t: 1, uint8_t: 1, int16_t: 2, uint16_t: 2, int32_t: 4, uint32_t: 4, int64_t: 8, uint64_t: 8, intptr_t: 8, uintptr_t: 8,
  u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8,
};

/** The size of a type written out, when it is a scalar or a pointer. */
export function scalarTypeSize(text: string): number | undefined {
  const t = text.replace(/\b(const|volatile|struct|union|enum)\b(?=\s+\*)|\b(const|volatile)\b/g, "").replace(/\s+/g, " ").trim();
  if (t.includes("*")) return 8;
  const plain = t.replace(/^(unsigned|signed) ?/, "").replace(/ int$/, "").trim();
  if (plain === "") return 4;
  return TYPE_SIZES[plain];
}

/**
 * The text after `#define NAME ` on the first line that defines `name` as an object-like macro.
 * The name is compared, never put into a pattern (a program's names can be of any length).
 */
export function macroDefinition(program: ProgramFacts, name: string): string | undefined {
  return objectMacros(program).get(name);
}

/** Each parse's object-like macros: the analyses ask about one text many times. */
const macrosRead = new WeakMap<ProgramFacts, Map<string, string>>();

/** Each object-like macro's text after `#define NAME `, from the first line that defines it, read in one pass over the text. */
function objectMacros(program: ProgramFacts): Map<string, string> {
  let definitions = macrosRead.get(program);
  if (definitions) return definitions;
  definitions = new Map<string, string>();
  for (const m of program.source.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.*)$/gm)) if (!definitions.has(m[1]!)) definitions.set(m[1]!, m[2]!);
  macrosRead.set(program, definitions);
  return definitions;
}
