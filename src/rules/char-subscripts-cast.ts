// count[c] with a plain char c becomes count[(unsigned char)c]: the kernel builds with -Wall, whose -Wchar-subscripts warns about a char index.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { unparenthesize } from "../core/syntax.js";
import { wordOffsets } from "../core/words.js";
import { codeSpans } from "../core/parse.js";
import { typeOfExpression } from "./declarations.js";

export default defineRule({
  id: "char-subscripts-cast",
  summary: "an array index of type plain char gets a cast: (unsigned char) into an array, (int) through a pointer",
  explanation: [
    "Whether plain char is signed is the compiler's choice: on x86 it is, so a byte above 127 (a UTF-8 letter, a Latin-1 one) read into a char is negative, and count[c] reads before the array.",
    "The kernel builds with -Wall, whose -Wchar-subscripts warns about every index of type char for that reason.",
    "Into an array the program declares, a negative index is out of bounds in every run, so in every run where the program is defined the index was 0 to 127 and (unsigned char)c is the same number; for the other bytes it reads the table's upper half, as on a machine whose char is unsigned, instead of memory before it.",
    "Through a pointer, a negative index can be meant (a pointer into the middle of a table), so there the index becomes (int)c, the same value, which says the sign is known.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wchar-subscripts", "https://gcc.gnu.org/onlinedocs/gcc/C-Dialect-Options.html#index-fsigned-char"],
  headers: [],
  safety: "safe",
  appliesTo: (_target, source) => /\bchar\b/.test(source) && source.includes("["),
  run(ctx) {
    const { source } = ctx.facts;
    // The text answers first, read with comments, literals and directives blanked: an index can
    // have type plain char only where it names something a declaration of type char declares, so
    // a program whose indexes name none of those is not parsed again for this rule (it is among
    // the last, and usually finds nothing).
    const code = codeOnly(source);
    const charNames = namesAfterChar(code);
    if (charNames.size === 0) return;
    // Each subscript found from its [ in the code: only the paths to them are read of the tree.
    for (let at = code.indexOf("["); at >= 0; at = code.indexOf("[", at + 1)) {
      if (!mayNameAny(code, at + 1, charNames)) continue;
      const { program } = ctx.facts;
      const open = program.root.descendantForIndex(at, at + 1);
      const subscript = open.type === "[" ? open.parent : null;
      if (subscript?.type !== "subscript_expression") continue;
      const array = subscript.childForFieldName("argument");
      const index = subscript.childForFieldName("index");
      if (!array || !index || !program.isCompiled(index.startIndex)) continue;
      if (!isPlainChar(index)) continue;
      ctx.insert(index.startIndex, isDeclaredArray(array) ? "(unsigned char)" : "(int)");
    }
  },
});

/** The source with everything but code (comments, literals, directive lines) blanked, offsets kept. */
function codeOnly(source: string): string {
  let out = "";
  let last = 0;
  for (const span of codeSpans(source)) {
    out += " ".repeat(span.start - last) + source.slice(span.start, span.end);
    last = span.end;
  }
  return out + " ".repeat(source.length - last);
}

/**
 * The words of each declaration, parameter list or member list a `char` of the code stands in,
 * from that `char` to where its declaration ends (a `;`, or the `)` or `}` that closes around it,
 * or a body's `{`), initializers left out: a declaration whose type is plain char (a variable, a
 * parameter, a member) names what it declares there, so these are all the names that can have
 * that type, and more.
 */
function namesAfterChar(code: string): Set<string> {
  const names = new Set<string>();
  for (const at of wordOffsets(code, "char")) {
    let depth = 0;
    let previous = "";
    // Within an initializer (from a `=` to the next `,` beside it) a word is read, not declared.
    let initializer = false;
    scan: for (let i = at + 4; i < code.length; i++) {
      const c = code[i]!;
      switch (c) {
        case "(":
        case "[":
          depth++;
          break;
        case "{":
          // An initializer's braces are part of the declaration; a function's or a struct's body ends it.
          if (depth === 0 && previous !== "=" && previous !== ",") break scan;
          depth++;
          break;
        case ")":
        case "]":
        case "}":
          if (--depth < 0) break scan;
          break;
        case ";":
          if (depth === 0) break scan;
          break;
        case "=":
          if (depth === 0) initializer = true;
          break;
        case ",":
          if (depth === 0) initializer = false;
          break;
        default:
          if (/[A-Za-z_]/.test(c)) {
            let last = i + 1;
            while (last < code.length && /\w/.test(code[last]!)) last++;
            if (!initializer) names.add(code.slice(i, last));
            i = last - 1;
          }
      }
      if (!/\s/.test(c)) previous = c;
    }
  }
  return names;
}

/**
 * Whether the index that starts at `from` (after its [) may name one of `names`: it names one
 * before its ], or the code cannot tell without the tree (a statement's end or a brace before
 * the ], brackets that do not pair, no ] near). The name that gives an index its type (the
 * variable, the array or pointer it reads through, the member) is always written inside the brackets.
 */
function mayNameAny(code: string, from: number, names: ReadonlySet<string>): boolean {
  let depth = 0;
  // A longer index is left to the tree: each [ is read this far at most, however deep brackets nest.
  const end = Math.min(code.length, from + 256);
  for (let i = from; i < end; i++) {
    const c = code[i]!;
    if (c === "]" && depth === 0) return false;
    if (c === "]" || c === ")") {
      if (depth === 0) return true;
      depth--;
    } else if (c === "[" || c === "(") depth++;
    else if (c === ";" || c === "{" || c === "}") return true;
    else if (/[A-Za-z_]/.test(c)) {
      let last = i + 1;
      while (last < code.length && /\w/.test(code[last]!)) last++;
      if (names.has(code.slice(i, last))) return true;
      i = last - 1;
    } else if (/\d/.test(c)) {
      // A number's suffix (10u, 0x1f) is no name.
      while (i + 1 < code.length && /\w/.test(code[i + 1]!)) i++;
    }
  }
  return true;
}

/** Whether an expression has type plain char: a char variable, parameter or member, or an element of a char array or pointer. */
function isPlainChar(expression: Node): boolean {
  const e = unparenthesize(expression);
  if (!["identifier", "subscript_expression", "pointer_expression", "field_expression"].includes(e.type)) return false;
  const type = typeOfExpression(e);
  return type !== undefined && type.derivation.length === 0 && type.base === "char";
}

/** Whether the subscripted expression is an array the program declares (not a pointer, nor an array parameter, which is one). */
function isDeclaredArray(expression: Node): boolean {
  return typeOfExpression(expression)?.derivation[0] === "array";
}
