// strtol() and friends become kstrto*(), which returns an error and writes the number through a pointer.
import type { Node } from "../core/syntax-tree.js";
import { ERRNO_SETTING_CONVERSIONS, moduleErrno } from "../analysis/module-errno.js";
import { defineRule, type Facts, type RuleContext } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { canonicalIntegerType, typeOfExpression } from "./declarations.js";
import { hasSideEffects, isNullPointer, outermost, statementLayout, wholeStatement } from "./statements.js";

interface Conversion {
  /** Whether the C function returns a signed number. */
  signed: boolean;
  /** The kernel's prefix parser with the same shape, for calls kstrto*() cannot take. */
  simple: string;
  /** The C function's result type, for the suggestion. */
  type: string;
}

const CONVERSIONS: Record<string, Conversion> = {
  strtol: { signed: true, simple: "simple_strtol", type: "long" },
  strtoll: { signed: true, simple: "simple_strtoll", type: "long long" },
  strtoul: { signed: false, simple: "simple_strtoul", type: "unsigned long" },
  strtoull: { signed: false, simple: "simple_strtoull", type: "unsigned long long" },
  // intmax_t and uintmax_t are long and unsigned long in the x86-64 C library.
  strtoimax: { signed: true, simple: "simple_strtol", type: "intmax_t" },
  strtoumax: { signed: false, simple: "simple_strtoul", type: "uintmax_t" },
};

/** The kstrto*() function that writes each integer type, by the type's canonical spelling. */
const KSTRTO: Record<string, { fn: string; signed: boolean }> = {
  int: { fn: "kstrtoint", signed: true },
  "unsigned int": { fn: "kstrtouint", signed: false },
  long: { fn: "kstrtol", signed: true },
  "unsigned long": { fn: "kstrtoul", signed: false },
  "long long": { fn: "kstrtoll", signed: true },
  "unsigned long long": { fn: "kstrtoull", signed: false },
  short: { fn: "kstrtos16", signed: true },
  "unsigned short": { fn: "kstrtou16", signed: false },
  "signed char": { fn: "kstrtos8", signed: true },
  "unsigned char": { fn: "kstrtou8", signed: false },
  int8_t: { fn: "kstrtos8", signed: true },
  s8: { fn: "kstrtos8", signed: true },
  uint8_t: { fn: "kstrtou8", signed: false },
  u8: { fn: "kstrtou8", signed: false },
  int16_t: { fn: "kstrtos16", signed: true },
  s16: { fn: "kstrtos16", signed: true },
  uint16_t: { fn: "kstrtou16", signed: false },
  u16: { fn: "kstrtou16", signed: false },
  int32_t: { fn: "kstrtos32", signed: true },
  s32: { fn: "kstrtos32", signed: true },
  uint32_t: { fn: "kstrtou32", signed: false },
  u32: { fn: "kstrtou32", signed: false },
  int64_t: { fn: "kstrtos64", signed: true },
  s64: { fn: "kstrtos64", signed: true },
  uint64_t: { fn: "kstrtou64", signed: false },
  u64: { fn: "kstrtou64", signed: false },
};

/** Per parse, the strto*() functions some call keeps in its C form: atoi-atol-defined defines them in the module. */
export const keptInC = new WeakMap<Facts, Set<string>>();

export default defineRule({
  id: "atoi-strtol-to-kstrto",
  summary: "strtol() (strtoimax() included) and its relatives become the kstrto*() of the variable's type, with a check that stores 0 when it fails",
  explanation: [
    "The kernel parses numbers with kstrtoint(), kstrtol(), kstrtoul() and the other kstrto*() functions (one per type, chosen from the variable the result goes to). They write the number through a pointer and return 0, -EINVAL for text that is not a number, or -ERANGE for a number the type cannot hold; the return is marked __must_check, so it has to be looked at.",
    "A statement `long n = strtol(s, NULL, 10);` becomes the call and a check that sets the variable to 0 when the call fails: 0 is what strtol() returns for text with no number in it, so the program's own checks after the call still see what they expect. (atoi(), atol() and atoll() are not ported this way: they have no way to report an error, so the module defines them as the C library does, atoi-atol-defined.)",
    "kstrto*() is stricter than the C functions, and it is worth knowing where: it does not skip leading white space, so the port hands it the text after skip_spaces(), which skips what isspace() does (a string literal that starts with something else needs no call); it rejects trailing characters (\"12abc\" fails, where strtol() gives 12), except one final newline; it fails on overflow instead of clamping to LONG_MAX; the unsigned ones reject a minus sign where strtoul() wraps \"-1\" around to ULONG_MAX; and bases stop at 16 (0 still detects 0x and 0 prefixes).",
    "Where the result is used inside an expression, an end pointer is asked for, or the base is above 16, there is no variable to hand to kstrto*(), and the kernel's prefix parsers (simple_strtol() and its siblings, which it deprecates) read otherwise than the C functions: no leading white space, no + sign, no clamping on overflow. Those calls stay as the program wrote them, and the module defines strtol() (and each sibling the program calls) with the C library's rules, the definition atoi() gets too (atoi-atol-defined): white space, one sign, the 0x and 0 prefixes, bases up to 36, the end pointer after the last digit, and the type's limit on overflow.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/core-api/kernel-api.html#c.kstrtoint",
    "https://docs.kernel.org/core-api/kernel-api.html#c.kstrtol",
    "https://docs.kernel.org/process/deprecated.html#simple-strtol-simple-strtoll-simple-strtoul-simple-strtoull",
  ],
  headers: ["linux/kstrtox.h", "linux/string.h"],
  safety: "review",
  calls: Object.keys(CONVERSIONS),
  rewrite({ call, callee, name }, ctx) {
    const conversion = CONVERSIONS[name]!;
    // A program that reads errno keeps the C library's functions, defined in the module (errno-to-module-variable).
    if (ERRNO_SETTING_CONVERSIONS.has(name) && moduleErrno(ctx.facts.program, ctx.facts.flow, undefined, ctx.facts.names.init, ctx.facts.portabilityChecked)) return;
    const args = callArguments(call);
    const text = args[0];
    const base = args[2];
    if (!text || !base || args.length !== 3) return;
    if (base && base.type === "number_literal" && integerValue(base.text) > 16) {
      keepInC(ctx, call, callee, name, conversion, `base ${base.text} is above the kernel parsers' 16`);
      return;
    }
    if (!isNullPointer(args[1]!)) {
      keepInC(ctx, call, callee, name, conversion, "it asks for the end pointer, which kstrto*() does not give");
      return;
    }
    const target = destination(call);
    if (typeof target === "string") {
      keepInC(ctx, call, callee, name, conversion, target);
      return;
    }
    const kstrto = KSTRTO[target.type];
    if (!kstrto) {
      keepInC(ctx, call, callee, name, conversion, `no kstrto*() writes a ${target.type}`);
      return;
    }
    // kstrto*() fails where strtol() reads a prefix ("12abc"), wraps ("-1" into unsigned) or clamps:
    // only text known to be a plain decimal number the type holds reads the same in both.
    if (!plainDecimal(text, base, kstrto.signed)) {
      keepInC(ctx, call, callee, name, conversion, "kstrto*() cannot be shown to read this text as the C function does");
      return;
    }
    if (conversion.signed && !kstrto.signed) {
      ctx.report("K2112", `${name}() stored in an ${target.type}: ${kstrto.fn}() rejects a minus sign`, callee, {
        note: `in C a negative number wrapped around to a large ${target.type}; in the port it fails and the variable is set to 0`,
      });
    }
    const layout = statementLayout(ctx, target.statement);
    const ifWord = `if${ctx.facts.style.keywordSpace}(`;
    const tail = `, &${target.lvalue}))${layout.nested}${target.lvalue} = 0;`;
    const skip = mayStartWithSpace(text);
    const open = skip ? "skip_spaces(" : "";
    const close = skip ? ")" : "";
    if (target.kind === "declaration") {
      ctx.replace({ start: target.name.endIndex, end: text.startIndex }, `;${layout.next}${ifWord}${kstrto.fn}(${open}`);
    } else {
      ctx.replace({ start: layout.from, end: text.startIndex }, `${layout.open}${ifWord}${kstrto.fn}(${open}`);
    }
    ctx.replace({ start: text.endIndex, end: base.startIndex }, `${close}, `);
    ctx.replace({ start: base.endIndex, end: target.statement.endIndex }, `${tail}${target.kind === "declaration" ? "" : layout.close}`);
  },
});

type Destination = {
  kind: "declaration" | "assignment";
  /** The statement the call is the whole value of. */
  statement: Node;
  /** The declared name (declarations only). */
  name: Node;
  /** The variable as C text, for &lvalue and lvalue = 0. */
  lvalue: string;
  /** Its integer type, canonically spelled. */
  type: string;
};

/** The variable the call's result is stored into by a whole statement, or why there is none. */
function destination(call: Node): Destination | string {
  const value = outermost(call);
  const parent = value.parent;
  if (parent?.type === "init_declarator" && parent.childForFieldName("value")?.id === value.id) {
    const declaration = parent.parent!;
    const name = parent.childForFieldName("declarator");
    const declarators = declaration.children.filter((_, i) => declaration.fieldNameForChild(i) === "declarator");
    if (declaration.type !== "declaration" || declarators.length !== 1 || name?.type !== "identifier") {
      return "the declaration has more than one variable, so its own statement is needed";
    }
    if (!["compound_statement", "case_statement"].includes(declaration.parent?.type ?? "")) return "the declaration is not a statement in a block";
    if (declaration.namedChildren.some((c) => c?.type === "type_qualifier" && c.text === "const")) return "the variable is const, and kstrto*() writes to it";
    return { kind: "declaration", statement: declaration, name, lvalue: name.text, type: canonicalIntegerType(declaration.childForFieldName("type")!.text) };
  }
  if (parent?.type === "assignment_expression" && parent.childForFieldName("operator")?.type === "=" && parent.childForFieldName("right")?.id === value.id) {
    const statement = wholeStatement(parent);
    const left = parent.childForFieldName("left")!;
    if (!statement) return "the assignment is part of a larger expression";
    if (hasSideEffects(left)) return "the variable it is stored in has side effects and would be written twice";
    const type = typeOfExpression(left);
    if (!type || type.derivation.length > 0) return "kernelize cannot see the type of the variable it is stored in";
    if (type.isConst) return "the variable is const";
    return { kind: "assignment", statement, name: left, lvalue: left.text, type: canonicalIntegerType(type.base) };
  }
  return "its result is used inside an expression, so there is no variable to hand to kstrto*()";
}

/** A string literal holding a decimal number alone (a sign only where the type has one) of at most 9 digits, parsed in base 10. */
function plainDecimal(text: Node, base: Node, signed: boolean): boolean {
  if (text.type !== "string_literal" || base.text !== "10") return false;
  const content = text.text.slice(1, -1);
  return (signed ? /^[+-]?\d{1,9}$/ : /^\+?\d{1,9}$/).test(content);
}

/**
 * The call as the program wrote it, for the module's own definition of the C function (made by
 * atoi-atol-defined). In a macro body, whose calls land wherever the macro is used, the kernel's
 * prefix parser stands in, with a warning.
 */
function keepInC(ctx: RuleContext, call: Node, callee: Node, name: string, conversion: Conversion, reason: string): void {
  if (ctx.facts.macroBodiesOf) {
    toSimple(ctx, call, callee, name, conversion, reason);
    return;
  }
  let kept = keptInC.get(ctx.facts);
  if (!kept) keptInC.set(ctx.facts, (kept = new Set()));
  kept.add(name);
  ctx.use();
}

/** The kernel's prefix parser in place of the C function, keeping the call where it is. */
function toSimple(ctx: RuleContext, call: Node, callee: Node, name: string, conversion: Conversion, reason: string): void {
  ctx.replace(callee, conversion.simple);
  const text = callArguments(call)[0]!;
  if (mayStartWithSpace(text)) {
    ctx.insert(text.startIndex, "skip_spaces(");
    ctx.insert(text.endIndex, ")");
  }
  ctx.report("K2110", `${name}() becomes ${conversion.simple}(), which ignores overflow: ${reason}`, callee, {
    note:
      reason.startsWith("it asks for the end pointer")
        ? `when the whole string is the number, use kstrto*() instead and check its error; simple_strto*() is deprecated`
        : `store the result on its own, as in \`${conversion.type} n = ${name}(…);\`, and kernelize writes kstrto*() with its error check`,
  });
}

/**
 * Whether the text may start with white space, which the C functions skip (isspace()) and the
 * kernel's parsers do not: anything but a string literal whose first character is visibly not a space.
 */
function mayStartWithSpace(text: Node): boolean {
  if (text.type !== "string_literal") return true;
  const first = /^(?:u8|[LuU])?"(\\.|[^"\\])?/.exec(text.text)?.[1];
  return first !== undefined && /^(?:\s|\\[tnvfr]|\\[0-7]|\\x)/.test(first);
}

/** The value of a C integer literal: decimal, 0x hexadecimal or 0 octal, suffixes ignored. */
export function integerValue(literal: string): number {
  const t = literal.replace(/[uUlL]+$/, "");
  if (/^0[xX]/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return Number.parseInt(t, 8);
  return Number.parseInt(t, 10);
}
