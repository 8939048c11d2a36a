// printf("%d", strlen(s)): an integer argument wider or narrower than its conversion reads is cast to the conversion's type, which is what the C library printed and what the kernel's format check asks for.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "../analysis/program.js";
import { calleeName, unparenthesize } from "../core/syntax.js";
import { defineRule } from "../core/rule.js";
import { canonicalIntegerType, typeOfExpression } from "./declarations.js";
import { formattedCalls } from "./format-conversions.js";

/** An integer type as a format check sees it: its rank (int 1, long 2, long long 3) and whether it is unsigned. */
interface IntegerType {
  rank: 1 | 2 | 3;
  unsigned: boolean;
}

const INT: IntegerType = { rank: 1, unsigned: false };

/** The integer types by their canonical spelling, and the typedefs a module sees (the kernel's: int64_t is long long there). */
const NAMED: ReadonlyMap<string, IntegerType> = new Map([
  ...["char", "signed char", "unsigned char", "short", "unsigned short", "int", "_Bool", "bool"].map((t) => [t, INT] as const),
  ["unsigned int", { rank: 1, unsigned: true }],
  ["long", { rank: 2, unsigned: false }],
  ["unsigned long", { rank: 2, unsigned: true }],
  ["long long", { rank: 3, unsigned: false }],
  ["unsigned long long", { rank: 3, unsigned: true }],
  ...["int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "s8", "u8", "s16", "u16", "s32", "pid_t", "wchar_t"].map((t) => [t, INT] as const),
  ...["uint32_t", "u32"].map((t) => [t, { rank: 1, unsigned: true }] as const),
  ...["size_t", "uintptr_t", "uintmax_t"].map((t) => [t, { rank: 2, unsigned: true }] as const),
  ...["ssize_t", "ptrdiff_t", "intptr_t", "time_t", "off_t", "clock_t", "long int"].map((t) => [t, { rank: 2, unsigned: false }] as const),
  ...["int64_t", "s64"].map((t) => [t, { rank: 3, unsigned: false }] as const),
  ...["uint64_t", "u64"].map((t) => [t, { rank: 3, unsigned: true }] as const),
]);

/** What the C library's functions return, where a program prints it. */
const RETURNS: ReadonlyMap<string, string> = new Map([
  ...["strlen", "strnlen", "strspn", "strcspn", "strftime", "fwrite", "fread"].map((f) => [f, "size_t"] as const),
  ...["labs", "atol", "strtol"].map((f) => [f, "long"] as const),
  ...["llabs", "atoll", "strtoll"].map((f) => [f, "long long"] as const),
  ["strtoul", "unsigned long"],
  ["strtoull", "unsigned long long"],
  ...["abs", "atoi", "rand", "toupper", "tolower", "strcmp", "strncmp", "memcmp", "putchar", "puts", "printf", "sprintf", "snprintf"].map((f) => [f, "int"] as const),
]);

/** The type each length modifier makes a conversion read, signed and unsigned, as the cast writes it. */
const READS: Readonly<Record<string, { type: IntegerType; signed: string; unsigned: string }>> = {
  "": { type: INT, signed: "int", unsigned: "unsigned int" },
  hh: { type: INT, signed: "signed char", unsigned: "unsigned char" },
  h: { type: INT, signed: "short", unsigned: "unsigned short" },
  l: { type: { rank: 2, unsigned: false }, signed: "long", unsigned: "unsigned long" },
  ll: { type: { rank: 3, unsigned: false }, signed: "long long", unsigned: "unsigned long long" },
  z: { type: { rank: 2, unsigned: true }, signed: "ssize_t", unsigned: "size_t" },
  t: { type: { rank: 2, unsigned: false }, signed: "ptrdiff_t", unsigned: "ptrdiff_t" },
};

/**
 * The integer type of an expression after the integer promotions, where the file says it: a
 * declared variable or member, a cast, a constant, sizeof, a call of a known function, and
 * arithmetic on those; undefined for anything else (a pointer, a float, an unknown typedef).
 */
export function integerType(e: Node, program: ProgramFacts): IntegerType | undefined {
  const n = unparenthesize(e);
  switch (n.type) {
    case "number_literal":
      return constantType(n.text);
    case "char_literal":
      return INT;
    case "sizeof_expression":
    case "alignof_expression":
      return NAMED.get("size_t");
    case "cast_expression":
      return named(n.childForFieldName("type")?.text ?? "");
    case "identifier":
    case "field_expression":
    case "subscript_expression":
    case "pointer_expression": {
      if (n.type === "identifier" && /^(?:true|false)$/.test(n.text)) return INT;
      const type = typeOfExpression(n);
      return type && type.derivation.length === 0 ? named(type.base) : undefined;
    }
    case "call_expression": {
      const callee = calleeName(n);
      if (!callee) return undefined;
      const fn = program.functions.get(callee);
      if (fn) return fn.returnsPointer ? undefined : named(fn.returnType);
      const returned = RETURNS.get(callee);
      return returned ? NAMED.get(returned) : undefined;
    }
    case "unary_expression": {
      const op = n.childForFieldName("operator")?.text;
      if (op === "!") return INT;
      const inner = integerType(n.childForFieldName("argument")!, program);
      return op === "-" || op === "+" || op === "~" ? inner : undefined;
    }
    case "binary_expression": {
      const op = n.childForFieldName("operator")?.text ?? "";
      if (["==", "!=", "<", ">", "<=", ">=", "&&", "||"].includes(op)) return INT;
      const left = integerType(n.childForFieldName("left")!, program);
      if (op === "<<" || op === ">>") return left;
      const right = integerType(n.childForFieldName("right")!, program);
      return left && right && ["+", "-", "*", "/", "%", "&", "|", "^"].includes(op) ? usualConversion(left, right) : undefined;
    }
    case "conditional_expression": {
      const a = integerType(n.childForFieldName("consequence")!, program);
      const b = integerType(n.childForFieldName("alternative")!, program);
      return a && b ? usualConversion(a, b) : undefined;
    }
    case "comma_expression":
      return integerType(n.childForFieldName("right")!, program);
    case "assignment_expression":
      return integerType(n.childForFieldName("left")!, program);
    default:
      return undefined;
  }
}

/** A type name as written (`unsigned long int`, `size_t`, `const long`), as an integer type. */
function named(text: string): IntegerType | undefined {
  const words = text.replace(/\b(?:const|volatile|register|static|signed(?=\s+(?:char|short|int|long)))\b/g, " ").trim();
  if (/^enum\b/.test(words)) return INT;
  return NAMED.get(canonicalIntegerType(words)) ?? NAMED.get(words.replace(/\s+/g, " "));
}

/** An integer constant's type, from its suffix and value, as C gives it (decimal: int, long; others may be unsigned). */
function constantType(text: string): IntegerType | undefined {
  if (/[.eEpP]/.test(text) && !/^0[xX]/.test(text)) return undefined;
  if (/^0[xX][\da-fA-F]*[pP.]/.test(text)) return undefined;
  const suffix = /[uUlL]*$/.exec(text)![0].toLowerCase();
  const digits = text.slice(0, text.length - suffix.length).replace(/'/g, "");
  let value: bigint;
  try {
    value = /^0[xX]/.test(digits) ? BigInt(digits) : /^0[bB]/.test(digits) ? BigInt(digits) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  } catch {
    return undefined;
  }
  const decimal = /^[1-9]/.test(digits) || digits === "0";
  const unsigned = suffix.includes("u");
  const fits = (bits: bigint, asUnsigned: boolean) => value < (asUnsigned ? 1n << bits : 1n << (bits - 1n));
  const ranks: Array<1 | 2 | 3> = suffix.includes("ll") ? [3] : suffix.includes("l") ? [2, 3] : [1, 2, 3];
  for (const rank of ranks) {
    const bits = rank === 1 ? 32n : 64n;
    if (unsigned) {
      if (fits(bits, true)) return { rank, unsigned: true };
    } else if (fits(bits, false)) return { rank, unsigned: false };
    else if (!decimal && fits(bits, true)) return { rank, unsigned: true };
  }
  return undefined;
}

/** C's usual arithmetic conversions on two promoted integer types (LP64: a long holds every unsigned int). */
function usualConversion(a: IntegerType, b: IntegerType): IntegerType {
  if (a.rank === b.rank) return { rank: a.rank, unsigned: a.unsigned || b.unsigned };
  const [high, low] = a.rank > b.rank ? [a, b] : [b, a];
  // A signed wider type holds every value of an unsigned narrower one, except long long an unsigned long (both 64 bits).
  return !high.unsigned && low.unsigned && low.rank === 2 ? { rank: high.rank, unsigned: true } : high;
}

/** Expressions a cast before them applies to whole: `(int)strlen(s)`, `(int)sizeof(x)`, `(long)v[i]`. */
const BINDS_TIGHTER = new Set(["identifier", "call_expression", "subscript_expression", "field_expression", "number_literal", "char_literal", "sizeof_expression"]);

export default defineRule({
  id: "format-argument-types-matched",
  summary: "an integer argument of another width than its conversion reads, printf(\"%d\", strlen(s)), is cast to the conversion's type: pr_info(\"%d\", (int)strlen(s))",
  explanation: [
    "printf() takes its arguments without their types: a conversion says what to read, and on x86-64 %d reads the low 32 bits of whatever was passed, so printf(\"%d\", strlen(s)) prints the length as an int and programs get away with it.",
    "printk() is declared with the format attribute, and the kernel builds with -Wformat: the same call is a warning in every module build, and kernelize holds a port to building without one.",
    "Where the file says the argument's type (a declared variable or member, a cast, a constant, sizeof, a known library function, one of the program's own, or arithmetic on those) and it is an integer of another size than the conversion reads (int, long or long long, with size_t and ptrdiff_t as long), the argument is cast to the type the conversion reads: the value printed is the one the C library printed, since reading the low bits of a wider argument is what the cast does.",
    "A difference of signedness alone is left as it is: the kernel's build does not warn about it and both print the same bits. Conversions another rule formats (%#x) and those whose width comes from an argument (*) are left too.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-formats.html#integer-types", "https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wformat"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program } = ctx.facts;
    for (const { conversions } of formattedCalls(program)) {
      for (const c of conversions) {
        if (!/^[diouxXc]$/.test(c.letter) || (c.flags.includes("#") && (c.letter === "x" || c.letter === "X"))) continue;
        const reads = READS[c.letter === "c" ? "" : c.length];
        const type = reads && integerType(c.argument, program);
        if (!reads || !type || type.rank === reads.type.rank) continue;
        const cast = c.letter === "d" || c.letter === "i" || c.letter === "c" ? reads.signed : reads.unsigned;
        // The argument's text stays where it is (other rules may edit inside it): the cast goes
        // before it, around it where it is an operation a cast would bind into.
        if (BINDS_TIGHTER.has(unparenthesize(c.argument).type) || c.argument.type === "parenthesized_expression") ctx.insert(c.argument.startIndex, `(${cast})`);
        else {
          ctx.insert(c.argument.startIndex, `(${cast})(`);
          ctx.insert(c.argument.endIndex, ")");
        }
      }
    }
  },
});
