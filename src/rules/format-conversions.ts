// The conversions of a printf-family call's literal format, each with the source range of its text and the argument it prints.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "../analysis/program.js";
import { callArguments, namedChildren, unparenthesize } from "../core/syntax.js";
import { isPriMacro } from "./printk-formats.js";

/** The format argument's position in each printf-family function of the C library. */
export const FORMAT_POSITION: Readonly<Record<string, number>> = { printf: 0, fprintf: 1, dprintf: 1, sprintf: 1, snprintf: 2, asprintf: 1 };

export interface Conversion {
  /** The conversion's text in the source, from '%' to its letter. */
  start: number;
  end: number;
  flags: string;
  /** Width and precision as written (a number, or absent); conversions with '*' are not listed. */
  width: string;
  precision: string | undefined;
  length: string;
  letter: string;
  /** The argument it prints. */
  argument: Node;
}

const CONVERSION = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|z|Z|t)?([A-Za-z%])/y;

/**
 * Every conversion of the call's format, where the format is one string literal or several, with
 * <inttypes.h> macros among them ("%" PRIu8 " %#x"), and the arguments can be matched to it;
 * undefined otherwise. A conversion that takes its width or precision from an argument ('*')
 * counts that argument and is left out, and so is one a macro completes: it has no one range of
 * the source to edit.
 */
export function formatConversions(call: Node, name: string): Conversion[] | undefined {
  const position = FORMAT_POSITION[name];
  if (position === undefined) return undefined;
  const args = callArguments(call);
  const format = args[position] && unparenthesize(args[position]!);
  if (!format) return undefined;
  const pieces = format.type === "concatenated_string" ? namedChildren(format) : [format];
  // The format's characters, each with its offset in the source; a macro's stand for its conversion letter, at none (-1).
  let text = "";
  const offsets: number[] = [];
  for (const p of pieces) {
    if (isPriMacro(p)) {
      // PRIu8, PRId64: its conversion letter is the one after PRI.
      text += p.text[3];
      offsets.push(-1);
      continue;
    }
    if (p.type !== "string_literal" || !p.text.startsWith('"')) return undefined;
    text += p.text.slice(1, -1);
    for (let k = 1; k < p.text.length - 1; k++) offsets.push(p.startIndex + k);
  }
  const conversions: Conversion[] = [];
  let next = position + 1;
  for (let i = text.indexOf("%"); i !== -1; i = text.indexOf("%", i)) {
    CONVERSION.lastIndex = i;
    const m = CONVERSION.exec(text);
    if (!m) return undefined;
    const from = i;
    i += m[0].length;
    const [, flags, width, precision, length, letter] = m;
    if (letter === "%") continue;
    const starred = (width === "*" ? 1 : 0) + (precision === "*" ? 1 : 0);
    next += starred;
    const argument = args[next++];
    if (!argument) return undefined;
    const start = offsets[from]!;
    const end = offsets[i - 1]!;
    // In one literal: every character where the one before it was.
    if (starred > 0 || start < 0 || end - start !== i - 1 - from) continue;
    conversions.push({ start, end: end + 1, flags: flags!, width: width ?? "", precision, length: length ?? "", letter: letter!, argument });
  }
  return next === args.length ? conversions : undefined;
}

/** The printf-family calls of the program that the C library prints, with their conversions. */
export function formattedCalls(program: ProgramFacts): Array<{ call: Node; conversions: Conversion[] }> {
  const calls = program.libraryCallsNamed(new Set(Object.keys(FORMAT_POSITION)));
  return calls.flatMap(({ call, name }) => {
    const conversions = formatConversions(call, name);
    return conversions ? [{ call, conversions }] : [];
  });
}

/**
 * Whether the C library ignores the conversion's `0` flag: beside `-` (the field is left-justified,
 * padded with spaces on the right), and for an integer conversion with a precision (the precision
 * says how many digits, and spaces pad the rest). The kernel's vsnprintf() zero-pads the latter all
 * the same, and gcc's format check warns about both.
 */
export function ignoresZeroFlag(c: Pick<Conversion, "flags" | "precision" | "letter">): boolean {
  return c.flags.includes("0") && (c.flags.includes("-") || (c.precision !== undefined && "diouxX".includes(c.letter)));
}
