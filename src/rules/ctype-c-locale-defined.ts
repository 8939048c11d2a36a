// A <ctype.h> call whose argument may lie outside ASCII goes through a module function that answers as the C locale does there, evaluating the argument once.
import { valueReferences } from "../analysis/indirect-calls.js";
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { freshName, wordsOf } from "./added-code.js";
import { integerValue } from "./atoi-strtol-to-kstrto.js";
import { defineWhereUsed, type LibraryDefinition } from "./library-definitions.js";

/** The classes and conversions whose kernel answer differs from the C locale's above 127 (isascii() and toascii() do not). */
const LATIN1_FUNCTIONS = ["isalnum", "isalpha", "iscntrl", "isdigit", "isgraph", "islower", "isprint", "ispunct", "isspace", "isupper", "isxdigit", "tolower", "toupper"];

export default defineRule({
  id: "ctype-c-locale-defined",
  summary: "isspace(), isalpha(), toupper() and the other <ctype.h> calls whose argument may be above 127 or EOF go through a module function that answers as the C locale does",
  explanation: [
    "<linux/ctype.h> classifies characters 128 to 255 as Latin-1: isspace(0xA0) and isalpha(0xE9) are true there, toupper(0xE9) gives 0xC9, and EOF (-1) reads as 0xFF, a letter. A C program runs in the \"C\" locale until it calls setlocale(), and there every class is false for those values and toupper() and tolower() return them unchanged.",
    "Where the argument is not a constant from 0 to 127, the call is renamed to a small static function of the module's, c_isspace() for isspace() and so on, that asks the kernel's macro for values from 0 to 127 and gives the C locale's answer for everything else. The argument is a function parameter, so it is evaluated once, as in the program (`isspace(*p++)` stays correct).",
    "Calls with an ASCII constant keep the kernel's macro, which answers the same for them, and so do calls on a variable the same expression has just checked to be from 0 to 127 (`c >= 0 && c <= 127 && isspace(c)`, the module function's own body).",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/include/linux/ctype.h", "https://en.cppreference.com/w/c/string/byte/isspace"],
  headers: ["linux/ctype.h"],
  safety: "safe",
  handles: LATIN1_FUNCTIONS,
  run(ctx) {
    const { program, source } = ctx.facts;
    const taken = wordsOf(source);
    const wrappers = new Map<string, string>();
    for (const { call, callee, name } of program.libraryCallsNamed(new Set(LATIN1_FUNCTIONS))) {
      const args = callArguments(call);
      if (args.length !== 1 || isAsciiConstant(args[0]!) || checkedAscii(call, args[0]!)) continue;
      let wrapper = wrappers.get(name);
      if (!wrapper) {
        wrapper = freshName([`c_${name}`], taken);
        wrappers.set(name, wrapper);
      }
      ctx.replace(callee, wrapper);
    }
    // A class passed as a value (`count_if(s, isdigit)`): the kernel's are macros, or inline
    // functions of a header, so the module's function stands for it, with its type int (*)(int).
    const referencedAt = new Map<string, number[]>();
    for (const { node, name } of valueReferences(program, new Set(LATIN1_FUNCTIONS.filter((n) => !program.functions.has(n) && !program.macros.has(n))))) {
      referencedAt.set(name, [...(referencedAt.get(name) ?? []), node.startIndex]);
      let wrapper = wrappers.get(name);
      if (!wrapper) {
        wrapper = freshName([`c_${name}`], taken);
        wrappers.set(name, wrapper);
      }
      ctx.replace(node, wrapper);
    }
    if (wrappers.size === 0) return;
    const definitions: LibraryDefinition[] = LATIN1_FUNCTIONS.filter((n) => wrappers.has(n)).map((name) => ({ functions: [name], text: wrapperText(name, wrappers.get(name)!), uses: referencedAt.get(name) ?? [] }));
    defineWhereUsed(ctx, definitions);
    ctx.use();
  },
});

function wrapperText(name: string, wrapper: string): string {
  const conversion = name.startsWith("to");
  const body = conversion ? `return c >= 0 && c <= 127 ? ${name}(c) : c;` : `return c >= 0 && c <= 127 && ${name}(c);`;
  const comment = conversion
    ? `/* ${name}() in the C locale: ASCII letters change case, every other value (EOF included) is returned unchanged. */`
    : `/* ${name}() in the C locale: no value above 127, and not EOF, is in the class. */`;
  return `${comment}\nstatic inline int ${wrapper}(int c)\n{\n\t${body}\n}\n`;
}

/** A character or integer constant from 0 to 127, for which the kernel's macros give the C locale's answer. */
function isAsciiConstant(node: Node): boolean {
  const n = unparenthesize(node);
  if (n.type === "char_literal") return !/^'\\(?:x[89a-fA-F]|[2-3][0-7][0-7])/.test(n.text) && /^'(?:[\x00-\x7f]|\\.)/.test(n.text);
  if (n.type === "number_literal") {
    const v = integerValue(n.text);
    return Number.isInteger(v) && v >= 0 && v <= 127;
  }
  return false;
}

/**
 * Whether the call's argument is a variable that the expression around the call has just
 * checked to lie from 0 to 127: `c >= 0 && c <= 127 && isspace(c)` or `c >= 0 && c <= 127 ?
 * toupper(c) : c` (the module function's own body, so that porting a port changes nothing).
 */
function checkedAscii(call: Node, argument: Node): boolean {
  const variable = unparenthesize(argument);
  if (variable.type !== "identifier") return false;
  // The check's text with its white space and parentheses left out, compared whole.
  const checks = (text: string) => text.replace(/[\s()]/g, "") === `${variable.text}>=0&&${variable.text}<=127`;
  const parent = call.parent;
  if (parent?.type === "binary_expression" && parent.childForFieldName("operator")?.type === "&&" && parent.childForFieldName("right")?.id === call.id) {
    return checks(parent.childForFieldName("left")!.text);
  }
  if (parent?.type === "conditional_expression" && parent.childForFieldName("consequence")?.id === call.id) {
    return checks(parent.childForFieldName("condition")!.text);
  }
  return false;
}
