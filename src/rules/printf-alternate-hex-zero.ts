// printf("%#x", 0) prints "0" in the C library and "0x0" in the kernel: such conversions are formatted by a module function that leaves the prefix off zero, as the C library does.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";
import { formattedCalls, ignoresZeroFlag } from "./format-conversions.js";

/**
 * How each length modifier's value reaches the helper, cut to the width printf() reads: a cast to
 * its unsigned type, or for h and hh (whose argument arrives as an int) a mask, which sparse does
 * not take for a truncating cast of a constant.
 */
const READ_AS: Record<string, { cast: string } | { mask: string }> = {
  "": { cast: "unsigned int" },
  h: { mask: "0xffff" },
  hh: { mask: "0xff" },
  l: { cast: "unsigned long" },
  ll: { cast: "unsigned long long" },
  z: { cast: "size_t" },
  Z: { cast: "size_t" },
  t: { cast: "unsigned long" },
};

/** For a signed conversion (%.0d), each length modifier's type, to which the argument is cast before the helper widens it. */
const SIGNED_AS: Record<string, string> = { "": "int", h: "short", hh: "signed char", l: "long", ll: "long long", z: "ssize_t", Z: "ssize_t", t: "ptrdiff_t" };

/**
 * What the C library prints for zero where the precision is zero (`%.0d`, `%5.0u`, `%+.0d`): no
 * digits, so only the sign a flag asks for (or the 0 of %#o), padded to the width; the zero flag
 * does nothing once a precision is given.
 */
function zeroWithoutDigits(c: { flags: string; width: string; letter: string }): string {
  const signed = c.letter === "d" || c.letter === "i";
  const body = signed && c.flags.includes("+") ? "+" : signed && c.flags.includes(" ") ? " " : c.letter === "o" && c.flags.includes("#") ? "0" : "";
  const pad = " ".repeat(Math.max(0, Number(c.width || 0) - body.length));
  return c.flags.includes("-") ? body + pad : pad + body;
}

/** The text put before and after the argument: the cast, none where the argument is already cast to that very type, or the mask. */
function readAround(argument: Node, read: { cast: string } | { mask: string }): [before: string, after: string] {
  if ("mask" in read) return ["(", `) & ${read.mask}`];
  const written = argument.type === "cast_expression" ? argument.childForFieldName("type")?.text.replace(/\s+/g, " ").trim() : undefined;
  return written === read.cast ? ["", ""] : [`(${read.cast})(`, ")"];
}

export default defineRule({
  id: "printf-alternate-hex-zero",
  summary: "%#x, %#X and conversions of precision zero (%.0d) go through a module function that prints zero as the C library does: \"0\" and not \"0x0\", nothing and not \"0\"",
  explanation: [
    "The '#' flag asks for the alternate form, which for %x is a 0x prefix. The C standard, and glibc, leave the prefix off when the value is zero: printf(\"%#x\", 0) prints 0. The kernel's vsnprintf() adds it to every value, so the same call logs 0x0, and a table of values that contains a zero comes out different.",
    "Each such conversion is formatted by a small static function of the module's, which prints the value with the conversion as written (width, precision and flags included) where it is not zero, and without the '#' where it is; its text is printed with %s. The argument is evaluated once, as a parameter, after a cast to the type the length modifier reads (unsigned int for %#x; a mask for %#hx and %#hhx), so a wider value is cut as printf() cut it.",
    "A precision of zero (%.0d, %5.0u, %.x) asks for no digit at all for zero: the C library prints only the padding (and a + or space a flag asks for), where the kernel's vsnprintf() always writes at least one digit. Such conversions go through the same function, which is given the C library's text for zero; a signed conversion's argument is cast to its own type first.",
    "%#o needs nothing: the kernel prints a single 0 for zero, as the C library does. Conversions whose width or precision comes from an argument (*) are left as they are.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/io/fprintf", "https://elixir.bootlin.com/linux/v6.1/source/lib/vsprintf.c"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    const taken = wordsOf(source);
    let helper: string | undefined;
    let widest = 0;
    let hexUsed = false;
    let noDigitsUsed = false;
    for (const { conversions } of formattedCalls(program)) {
      for (const c of conversions) {
        const noDigits = c.precision !== undefined && Number(c.precision || 0) === 0 && "diuxXo".includes(c.letter);
        if (!noDigits && (!c.flags.includes("#") || (c.letter !== "x" && c.letter !== "X"))) continue;
        const signed = c.letter === "d" || c.letter === "i";
        const read = signed ? (SIGNED_AS[c.length] ? { cast: SIGNED_AS[c.length]! } : undefined) : READ_AS[c.length];
        if (!read) continue;
        helper ??= freshName(["hex_text"], taken);
        if (noDigits) noDigitsUsed = true;
        else hexUsed = true;
        widest = Math.max(widest, Number(c.width || 0), Number(c.precision || 0));
        const spec = `${c.width}${c.precision === undefined ? "" : `.${c.precision}`}ll${signed ? "d" : c.letter}`;
        // A 0 flag the C library ignores would zero-pad in the kernel's snprintf(): left out.
        const flags = ignoresZeroFlag(c) ? c.flags.replace(/0/g, "") : c.flags;
        // Zero: the conversion without '#' (%#x), or, where the precision is zero, the C library's text itself.
        const zero = noDigits ? zeroWithoutDigits(c) : `%${flags.replace(/#/g, "")}${spec}`;
        ctx.replace({ start: c.start, end: c.end }, "%s");
        // The argument's text stays where it is (other rules may edit inside it): the cast or mask goes around it.
        const [before, after] = readAround(c.argument, read);
        ctx.insert(c.argument.startIndex, `${helper}(${before}`);
        ctx.insert(c.argument.endIndex, `${after}, "%${flags}${spec}", "${zero}").text`);
      }
    }
    if (!helper) return;
    // The comment tells of what this module formats with it.
    const about = !noDigitsUsed
      ? " * %#x as the C library prints it: with the 0x prefix where the value is not zero, and without it\n * for zero, where the kernel's printf() would write 0x0. The text is printed with %s."
      : hexUsed
        ? " * A conversion the kernel's printf() writes differently for zero, as the C library prints it: %#x\n * with the 0x prefix where the value is not zero and without it for zero (not 0x0), %.0d with no\n * digit for zero (not 0). The text is printed with %s."
        : " * %.0d as the C library prints it: no digit for zero, where the kernel's printf() would write 0\n * (the padding and the sign a flag asks for stay). The text is printed with %s.";
    const text = `/*
${about}
 */
struct ${helper} {
\tchar text[${Math.max(32, widest + 24)}];
};

static struct ${helper} ${helper}(unsigned long long value, const char *nonzero, const char *zero)
{
\tstruct ${helper} t;

\tsnprintf(t.text, sizeof(t.text), value ? nonzero : zero, value);
\treturn t;
}
`;
    if (defineBeforeFirstFunction(ctx, text)) ctx.use();
  },
});
