// "%" PRId64 "\n" becomes "%lld\n": the kernel has no <inttypes.h>, and its int64_t is always long long.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { canonicalIntegerType, typeOfExpression } from "./declarations.js";
import { literalContent } from "./printk-formats.js";
import { codeTokens } from "./tokens.js";

const PRI_MACRO = /\bPRI[diouxX](?:8|16|32|64|PTR|MAX|LEAST(?:8|16|32|64)|FAST(?:8|16|32|64))\b/g;

/** The length modifier each width needs for the kernel's types: int8_t…int32_t promote to int, int64_t is long long, uintptr_t is unsigned long. */
const LENGTH: Record<string, string> = {
  "8": "",
  "16": "",
  "32": "",
  "64": "ll",
  PTR: "l",
  // The least- and fast- types are ported to the types glibc makes them on x86-64 (stdint-limits-to-kernel-limits):
  // int_leastN_t is intN_t, int_fast8_t int8_t, and the wider fast types long.
  LEAST8: "",
  LEAST16: "",
  LEAST32: "",
  LEAST64: "ll",
  FAST8: "",
  FAST16: "l",
  FAST32: "l",
  FAST64: "l",
};

export default defineRule({
  id: "inttypes-format-macros-to-literals",
  summary: "PRId64, PRIu32, PRIxPTR and the other <inttypes.h> format macros become the conversion they stand for, written into the format",
  explanation: [
    "The kernel has no <inttypes.h>, so PRId64 and its relatives do not exist in a module.",
    "They are not needed either: the kernel fixes its integer types on every architecture (int64_t and s64 are long long, int32_t is int, uintptr_t is unsigned long), so the conversion for each is always the same: %lld for int64_t, %llu for uint64_t, %d or %u for the 8-, 16- and 32-bit types (which are promoted to int), %lx for uintptr_t.",
    "In userspace on x86-64, PRId64 is \"ld\" because int64_t is long there; in the kernel \"lld\" is the one that matches, with no cast, which is why the macro is replaced by the kernel's spelling and not by its userspace value.",
    "A 64-bit macro is spelled for the argument it prints, read after porting: an int64_t or uint64_t variable is s64 or u64 in the module and takes %lld or %llu, but a `long` or `unsigned long` (a variable, a cast, or a constant that needs 64 bits and has no ll suffix) stays long in the kernel and takes %ld or %lu, which is what userspace's PRId64 meant there; anything else would be a -Wformat warning, and a port builds with none.",
    "A macro that is not part of a format (`printf(\"%s\\n\", PRId64)` prints the macro itself) keeps the text it had in userspace on x86-64 (\"ld\"), since that is what the program printed.",
    "The replacement is merged into the neighbouring string literals, so \"%\" PRId64 \"\\n\" becomes \"%lld\\n\".",
    "The other stdint types print as in userspace: %zu and %zd for size_t and ssize_t work in printk() exactly as in printf().",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-formats.html#integer-types"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!source.includes("PRI")) return;
    for (const token of codeTokens(program.root, source, PRI_MACRO)) {
      const conversion = token.name[3]!;
      const width = token.name.slice(4);
      const length = LENGTH[width];
      if (length === undefined) {
        ctx.report("K2130", `${token.name} has no kernel counterpart: the kernel has no ${width.startsWith("MAX") ? "intmax_t" : "least- or fast- integer types"}`, token, {
          note: `use a fixed-width type and its conversion: %lld for s64, %llu for u64, %d for s32`,
        });
        continue;
      }
      const text = `${width === "64" || width === "LEAST64" ? lengthFor64(token.node, source, token.start) : length}${conversion}`;
      const left = quoteBefore(source, token.start);
      const right = quoteAfter(source, token.end);
      if (left !== undefined && right !== undefined) ctx.replace({ start: left, end: right + 1 }, text);
      else if (left !== undefined) ctx.replace({ start: left, end: token.end }, `${text}"`);
      else if (right !== undefined) ctx.replace({ start: token.start, end: right + 1 }, `"${text}`);
      else ctx.replace(token, `"${text}"`);
    }
  },
});

/** Offset of the closing quote of a string literal that ends just before `offset` (white space between), if any. */
function quoteBefore(source: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(source[i]!)) i--;
  return i >= 0 && source[i] === '"' && source[i - 1] !== "\\" ? i : undefined;
}

/** Offset of the opening quote of a string literal that starts just after `offset`, if any. */
function quoteAfter(source: string, offset: number): number | undefined {
  let i = offset;
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return source[i] === '"' ? i : undefined;
}

/** The format argument's position for each printf-family function that may still be called by its C name here. */
const FORMAT_INDEX: Record<string, number> = { printf: 0, fprintf: 1, dprintf: 1, sprintf: 1, snprintf: 2, asprintf: 1, pr_info: 0, pr_err: 0, pr_warn: 0, printk: 0, scnprintf: 2, sscanf: 1, scanf: 0 };

/**
 * The length modifier for a PRI*64 macro: "l" where the value it prints is a long (or where the
 * macro is printed as a string, which shows userspace's "ld"), "ll" for s64/u64 and anything unknown.
 */
function lengthFor64(node: Node, source: string, start: number): string {
  if (node.type !== "identifier") return "ll";
  let literal: Node = node;
  if (node.parent?.type === "concatenated_string") literal = node.parent;
  const list = literal.parent;
  const call = list?.type === "argument_list" ? list.parent : null;
  if (call?.type !== "call_expression") return "ll";
  const args = callArguments(call);
  const position = args.findIndex((a) => a.id === literal.id);
  const formatAt = FORMAT_INDEX[call.childForFieldName("function")?.text ?? ""];
  // Not the format: the macro's own text is what the program prints.
  if (formatAt === undefined || position !== formatAt) return formatAt === undefined ? "ll" : "l";
  const before = literal.type === "concatenated_string" ? formatTextBefore(literal, start) : "";
  if (before === undefined) return "ll";
  const argument = args[formatAt + 1 + argumentsBefore(before)];
  return argument && isLong(argument) ? "l" : "ll";
}

/** The format's characters up to the macro, the literals' contents joined (undefined where a piece is not a plain literal). */
function formatTextBefore(concatenated: Node, start: number): string | undefined {
  let text = "";
  for (const piece of concatenated.namedChildren) {
    if (!piece || piece.startIndex >= start) break;
    if (piece.type !== "string_literal") return undefined;
    const content = literalContent(piece.text);
    if (content === undefined) return undefined;
    text += content;
  }
  return text;
}

/** How many arguments the conversions in `format` take before the unfinished one at its end (whose `*`s count too). */
function argumentsBefore(format: string): number {
  let count = 0;
  for (const m of format.matchAll(/%(%|[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?(?:hh|h|ll|l|j|z|t|L)?([diouxXcspn])?)/g)) {
    if (m[1] === "%") continue;
    if (m[2] === "*") count++;
    if (m[3] === "*") count++;
    if (m[4]) count++;
  }
  return count;
}

/** Whether an argument is a long or unsigned long in C and stays one in the kernel. */
function isLong(argument: Node): boolean {
  const e = unparenthesize(argument);
  if (e.type === "unary_expression" && /^[-+~]$/.test(e.child(0)?.text ?? "")) return isLong(e.childForFieldName("argument")!);
  if (e.type === "cast_expression") return /^(?:unsigned )?long$/.test(canonicalIntegerType(e.childForFieldName("type")?.text ?? ""));
  if (e.type === "number_literal") {
    const suffix = /[uUlL]*$/.exec(e.text)![0].toLowerCase();
    if (suffix.includes("ll")) return false;
    if (suffix.includes("l")) return true;
    // An unsuffixed constant too big for (unsigned) int is a long on x86-64.
    const digits = e.text.slice(0, e.text.length - suffix.length);
    const value = /^0[xX]/.test(digits) ? BigInt(digits) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : /^\d+$/.test(digits) ? BigInt(digits) : undefined;
    return value !== undefined && value > 0xffffffffn;
  }
  const type = typeOfExpression(e);
  return type !== undefined && type.derivation.length === 0 && /^(?:unsigned )?long$/.test(canonicalIntegerType(type.base));
}
