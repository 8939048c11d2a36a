// The bodies of the program's #define macros as C the call rules can read: each one parsed on its own, wrapped where it needs a function around it, with a map back to the file.
import type { Node, SyntaxTree as Tree } from "../core/syntax-tree.js";
import type { ProgramFacts } from "./program.js";

/** One macro body in the shadow text: where it sits there and in the file. */
export interface MacroBody {
  /** The #define's value (preproc_arg) in the file. */
  start: number;
  end: number;
  /** Where the same characters start in the shadow text. */
  shadowStart: number;
  /** For each stringified parameter (`#a`), the file offset of its name and of its `#`: code put before the one goes before the other. */
  stringified: Map<number, number>;
}

export interface MacroBodies {
  /** C text holding every body that calls something, each in a function of its own (or at file scope, for a body that is a definition). */
  text: string;
  bodies: MacroBody[];
}

/** A name followed by a parenthesis: the only bodies worth parsing. One word character before it is enough, and keeps the test linear on a long body. */
const CALL_SHAPE = /\w\s*\(/;

/**
 * The tree-sitter grammar leaves a macro's body as text (preproc_arg). Each body with a call in it
 * is made parseable without moving a character: a backslash before a newline becomes a space, `##`
 * becomes `__` (so `fun_##name` reads as one name) and the `#` of a stringified parameter a space
 * (`puts( #a )` reads as `puts(  a )`). A body that is a statement or an expression goes in
 * `void _N(void) { … ; }`; one that only parses at file scope (a function definition) goes as it
 * is; one that parses neither way is left out, so that no rule edits text it cannot read.
 */
export function macroBodies(program: ProgramFacts, parse: (text: string) => Tree): MacroBodies | undefined {
  const candidates: Array<{ node: Node; text: string }> = [];
  for (const d of macroDefinitions(program)) {
    {
      const value = d.childForFieldName("value");
      if (!value || !CALL_SHAPE.test(value.text) || !program.isCompiled(d.startIndex)) continue;
      const text = value.text
        .replace(/\\(?=\r?\n)/g, " ")
        .replace(/##/g, "__")
        .replace(/#(?=\s*[A-Za-z_])/g, " ");
      candidates.push({ node: value, text });
    }
  }
  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => a.node.startIndex - b.node.startIndex);

  let text = "";
  const bodies: MacroBody[] = [];
  candidates.forEach((c, i) => {
    const wrapped = { before: `void _${i}(void)\n{\n`, after: "\n;\n}\n" };
    const bare = { before: "", after: "\n" };
    const form = [wrapped, bare].find((f) => parsesCleanly(parse, `${f.before}${c.text}${f.after}`));
    if (!form) return;
    const stringified = new Map<number, number>();
    for (const m of c.node.text.matchAll(/(?<!#)#(?!#)(\s*)(?=[A-Za-z_])/g)) stringified.set(c.node.startIndex + m.index + m[0].length, c.node.startIndex + m.index);
    bodies.push({ start: c.node.startIndex, end: c.node.endIndex, shadowStart: text.length + form.before.length, stringified });
    text += `${form.before}${c.text}${form.after}`;
  });
  return bodies.length > 0 ? { text, bodies } : undefined;
}

/**
 * Every #define of the tree (preproc_def and preproc_function_def), found from the text: each
 * starts with the grammar's `#define` token, so the tree is asked only where the text has one,
 * rather than walked whole.
 */
export function macroDefinitions(program: ProgramFacts): Node[] {
  const found: Node[] = [];
  const seen = new Set<number>();
  for (const m of program.source.matchAll(/#[ \t]*define/g)) {
    for (let n: Node | null = program.root.descendantForIndex(m.index); n; n = n.parent) {
      if (n.startIndex !== m.index) break;
      if ((n.type === "preproc_def" || n.type === "preproc_function_def") && !seen.has(n.id)) {
        seen.add(n.id);
        found.push(n);
        break;
      }
    }
  }
  return found;
}

function parsesCleanly(parse: (text: string) => Tree, text: string): boolean {
  const tree = parse(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/**
 * The file offset of a shadow offset inside one of the bodies (its end included), or undefined
 * elsewhere. A start at a stringified name is the start of `#name`, the expression it is.
 */
export function fileOffset(shadow: MacroBodies, offset: number, isStart = false): number | undefined {
  for (const b of shadow.bodies) {
    if (offset < b.shadowStart || offset > b.shadowStart + (b.end - b.start)) continue;
    const at = b.start + (offset - b.shadowStart);
    return isStart ? (b.stringified.get(at) ?? at) : at;
  }
  return undefined;
}

/** A macro whose body is one call: the function (or macro) it calls, and for each of the call's arguments the macro parameter it is (-1: none). */
export interface MacroCall {
  callee: string;
  parameters: readonly number[];
}

/**
 * The program's macros whose body is one call, in parentheses or behind casts, and the function
 * (or macro) each calls: `#define NEW(T) ((T *)xmalloc(sizeof(T)))` calls xmalloc, `#define
 * DROP(p) free(p)` calls free with its parameter 0. A use of such a macro does what that call does.
 * Read once per parse.
 */
export function macroCalls(program: ProgramFacts): ReadonlyMap<string, MacroCall> {
  let known = callsOf.get(program);
  if (!known) {
    const found = new Map<string, MacroCall>();
    if (program.source.includes("define")) {
      for (const d of macroDefinitions(program)) {
        const name = d.childForFieldName("name")?.text;
        const body = d.childForFieldName("value")?.text;
        const call = body === undefined ? undefined : soleCall(body);
        if (!name || !call || call.callee === name) continue;
        const params = d.type === "preproc_function_def" ? (d.childForFieldName("parameters")?.namedChildren ?? []).map((p) => p.text) : [];
        found.set(name, { callee: call.callee, parameters: call.args.map((a) => params.indexOf(a.replace(/^\(\s*(.*?)\s*\)$/, "$1"))) });
      }
    }
    callsOf.set(program, (known = found));
  }
  return known;
}

const callsOf = new WeakMap<ProgramFacts, ReadonlyMap<string, MacroCall>>();

/** The call a macro body is when it is that one call, in parentheses or behind casts (`((T *)xmalloc(sizeof(T)))` is xmalloc), with its arguments' text. */
function soleCall(body: string): { callee: string; args: string[] } | undefined {
  let text = body.replace(/\\\r?\n/g, " ").trim();
  for (;;) {
    const cast = /^\(\s*(?:const\s+|struct\s+|unsigned\s+|signed\s+)*[A-Za-z_]\w*[\s*]*\)\s*/.exec(text);
    if (cast) {
      text = text.slice(cast[0].length);
      continue;
    }
    if (text.startsWith("(") && closing(text, 0) === text.length - 1) {
      text = text.slice(1, -1).trim();
      continue;
    }
    break;
  }
  const call = /^([A-Za-z_]\w*)\s*\(/.exec(text);
  if (!call || closing(text, call[0].length - 1) !== text.length - 1) return undefined;
  // The arguments, split at the commas outside parentheses.
  const args: string[] = [];
  let depth = 0;
  let from = call[0].length;
  for (let i = from; i < text.length - 1; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      args.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = text.slice(from, text.length - 1).trim();
  if (last || args.length > 0) args.push(last);
  return { callee: call[1]!, args };
}

/** Where the parenthesis at `open` closes, or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}
