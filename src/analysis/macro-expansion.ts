// Macros written out where they are used, as the preprocessor does: their uses found in the code, their arguments read, their bodies filled in.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "./program.js";
import { macroDefinitions } from "./macro-bodies.js";

/** A macro of the program's that is used, with its uses. */
export interface UsedMacro {
  name: string;
  definition: Node;
  /** The body as written (backslash-newlines and all). */
  body: string;
  functionLike: boolean;
  /** Parameter names in order; `...` is __VA_ARGS__. */
  parameters: string[];
  /** Each use outside #define bodies: its text range (the name through the `)`), and the arguments' texts. */
  uses: Array<{ start: number; end: number; args: string[] | undefined }>;
  /** Whether every use could be read (each a call with its parentheses closed) and the name is defined once. */
  expandable: boolean;
}

/**
 * The macro a #define makes, with its uses in the code: the mentions of its name that `isUse` takes
 * for code (by default, names the tree reads as identifiers outside #define bodies, so mentions
 * in comments and strings are not uses). Undefined where nothing uses it, unless `unused` asks
 * for it all the same (a macro other macros' bodies use). `definedTimes`: how many #defines the
 * name has (one alone is expandable).
 */
export function usedMacro(program: ProgramFacts, d: Node, definedTimes: number, isUse: (offset: number, length: number) => boolean, unused = false): UsedMacro | undefined {
  const name = d.childForFieldName("name")?.text;
  if (!name) return undefined;
  const functionLike = d.type === "preproc_function_def";
  const parameters = macroParameters(d);
  let expandable = definedTimes === 1;
  const uses: UsedMacro["uses"] = [];
  for (const w of program.wordsAmong(new Set([name]))) {
    if (!isUse(w.index, name.length)) continue;
    if (!functionLike) {
      uses.push({ start: w.index, end: w.index + name.length, args: undefined });
      continue;
    }
    const call = argumentsAt(program.source, w.index + name.length);
    if (!call) {
      expandable = false;
      continue;
    }
    uses.push({ start: w.index, end: call.end, args: call.args });
  }
  if (uses.length === 0 && !unused) return undefined;
  return { name, definition: d, body: d.childForFieldName("value")?.text ?? "", functionLike, parameters, uses, expandable };
}

/** A #define's parameter names in order, `...` as __VA_ARGS__ (none for an object-like macro). */
function macroParameters(d: Node): string[] {
  if (d.type !== "preproc_function_def") return [];
  return (d.childForFieldName("parameters")?.text.match(/[A-Za-z_]\w*|\.\.\./g) ?? []).map((p) => (p === "..." ? "__VA_ARGS__" : p));
}

/** How many of the #defines define each name: a name defined once is the one whose body a use expands to. */
export function definitionCounts(definitions: readonly Node[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (name) count.set(name, (count.get(name) ?? 0) + 1);
  }
  return count;
}

/** A mention the tree reads as a name (an identifier or a type's), outside the #defines: a use of a macro in code the grammar reads. */
export function identifierOutside(program: ProgramFacts, definitions: readonly Node[]): (offset: number, length: number) => boolean {
  const inDefine = insideDefinitions(definitions);
  return (offset, length) => {
    if (inDefine(offset)) return false;
    const id = program.root.descendantForIndex(offset, offset + length);
    return id.startIndex === offset && (id.type === "identifier" || id.type === "type_identifier");
  };
}

/** Whether an offset falls inside one of the #defines (their uses there are the preprocessor's to expand). */
function insideDefinitions(definitions: readonly Node[]): (offset: number) => boolean {
  const ranges = definitions.map((d) => ({ start: d.startIndex, end: d.endIndex }));
  return (at) => ranges.some((r) => at >= r.start && at < r.end);
}

/**
 * An expression's text with the uses of the program's function-like macros in it written out, as
 * the preprocessor would (`NELEMS(words)` as `(sizeof(words) / sizeof((words)[0]))`): what a
 * question about the expression (is it a constant?) has to read. Object-like macros stay names.
 */
export function functionMacrosExpanded(program: ProgramFacts, text: string): string {
  if (!text.includes("(")) return text;
  let macros = functionMacrosOf.get(program);
  if (!macros) {
    macros = new Map();
    const definitions = macroDefinitions(program).filter((d) => d.type === "preproc_function_def" && program.isCompiled(d.startIndex));
    const count = definitionCounts(definitions);
    for (const d of definitions) {
      const name = d.childForFieldName("name")?.text;
      if (!name || count.get(name) !== 1) continue;
      macros.set(name, { name, definition: d, body: d.childForFieldName("value")?.text ?? "", functionLike: true, parameters: macroParameters(d), uses: [], expandable: true });
    }
    functionMacrosOf.set(program, macros);
  }
  return macros.size === 0 ? text : expandText(text, macros, 0);
}
const functionMacrosOf = new WeakMap<ProgramFacts, Map<string, UsedMacro>>();

/** Past this depth an expansion is left as it is: a macro that expands into itself. */
const MAX_DEPTH = 16;

/**
 * The body with the arguments in, on one line, then read again for the macros of `byName` it
 * uses, as the preprocessor rescans a replacement: `#define DBG(...) LOG(1, __VA_ARGS__)` gives
 * LOG the arguments DBG was given. The macro itself is not expanded again inside its own
 * expansion; macros not in `byName` are left for the compiler's preprocessor.
 */
export function expandMacro(m: UsedMacro, args: readonly string[] | undefined, byName: ReadonlyMap<string, UsedMacro>, depth = 0): string {
  const body = m.body.replace(/[ \t]*\\\r?\n\s*/g, " ").replace(/\s*\r?\n\s*/g, " ").trim();
  const values = new Map<string, string>();
  if (args) {
    m.parameters.forEach((p, i) => {
      if (p === "__VA_ARGS__") values.set(p, args.slice(i).join(", "));
      else values.set(p, args[i] ?? "");
    });
  }
  const variadicEmpty = m.parameters.includes("__VA_ARGS__") && (values.get("__VA_ARGS__") ?? "") === "";
  let out = "";
  const tokens = tokenize(body);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === "#" && i + 1 < tokens.length && values.has(tokens[i + 1]!.trim())) {
      out += stringize(values.get(tokens[++i]!.trim())!);
      continue;
    }
    if (t === "##") {
      // `, ## __VA_ARGS__`: GNU's comma that goes with no variadic arguments.
      if (variadicEmpty && tokens[i + 1]?.trim() === "__VA_ARGS__" && /,\s*$/.test(out)) {
        out = out.replace(/,\s*$/, "");
        i++;
        continue;
      }
      out = out.replace(/\s+$/, "");
      while (tokens[i + 1] !== undefined && /^\s+$/.test(tokens[i + 1]!)) i++;
      const next = tokens[i + 1];
      if (next !== undefined) {
        // `, ## __VA_ARGS__` with arguments: the comma and the first of them, a space apart as they were written.
        if (next === "__VA_ARGS__" && out.endsWith(",")) out += " ";
        out += values.get(next) ?? next;
        i++;
      }
      continue;
    }
    // An argument is put in as written; the macros of `byName` in it are expanded with the rest
    // below, its other macros left to the compiler's preprocessor.
    out += values.get(t) ?? t;
  }
  if (depth >= MAX_DEPTH) return out;
  const others = new Map(byName);
  others.delete(m.name);
  return expandText(out, others, depth + 1);
}

/** The macros of `byName` used in a text (a replacement, read again): expanded in it. */
function expandText(text: string, byName: ReadonlyMap<string, UsedMacro>, depth: number): string {
  const tokens = tokenize(text);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const inner = byName.get(tokens[i]!);
    const call = inner && depth < MAX_DEPTH ? (inner.functionLike ? macroCallAt(tokens, i + 1) : { args: undefined, next: i + 1 }) : undefined;
    if (inner && call) {
      out += expandMacro(inner, call.args, byName, depth + 1);
      i = call.next - 1;
    } else out += tokens[i];
  }
  return out;
}

/** `#x`: the argument's text as a string literal, its quotes and backslashes escaped, runs of white space one space. */
function stringize(text: string): string {
  return `"${text.trim().replace(/\s+/g, " ").replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The arguments of a macro call whose `(` follows `from` (white space between): their texts, and the offset after the `)`. */
function argumentsAt(source: string, from: number): { args: string[]; end: number } | undefined {
  // A call's arguments end well within this much text; one that does not is not read.
  const tokens = tokenize(source.slice(from, from + 65536));
  const call = macroCallAt(tokens, 0);
  return call ? { args: call.args, end: from + tokens.slice(0, call.next).join("").length } : undefined;
}

/** C's tokens, as far as macro expansion needs them: names, string and character literals whole, `##`, white space, and single characters. */
export function tokenize(text: string): string[] {
  return text.match(/[A-Za-z_]\w*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|##|\s+|\d[\w.]*|[^\s]/g) ?? [];
}

/** The arguments of a call whose `(` is the next token but for white space (their texts, trimmed), and the token after its `)`. */
export function macroCallAt(tokens: readonly string[], from: number): { args: string[]; next: number } | undefined {
  let i = from;
  while (i < tokens.length && /^\s+$/.test(tokens[i]!)) i++;
  if (tokens[i] !== "(") return undefined;
  const args: string[] = [];
  let depth = 0;
  let current = "";
  for (i++; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0 && t === ")") {
      args.push(current.trim());
      return { args: args.length === 1 && args[0] === "" ? [] : args, next: i + 1 };
    }
    if (depth === 0 && t === ",") {
      args.push(current.trim());
      current = "";
      continue;
    }
    if (t === "(" || t === "[" || t === "{") depth++;
    if (t === ")" || t === "]" || t === "}") depth--;
    current += t;
  }
  return undefined;
}

/** Per program: its function-like macros, each with the parameters its body reads through (macroDereferences()). */
const dereferencesOf = new WeakMap<ProgramFacts, Map<string, ReadonlySet<number>>>();

/**
 * The program's function-like macros with the parameters whose argument the body reads through:
 * `#define AT(p, i) ((p)[i])` reads through its first, as `p->x`, `*p` and `*(p)` would. A use of
 * such a macro dereferences that argument where the macro stands, which the tree (a call to it)
 * does not show. A macro defined more than once is left out: which body a use gets is the preprocessor's.
 */
export function macroDereferences(program: ProgramFacts): ReadonlyMap<string, ReadonlySet<number>> {
  const known = dereferencesOf.get(program);
  if (known) return known;
  const out = new Map<string, ReadonlySet<number>>();
  const definitions = macroDefinitions(program).filter((d) => d.type === "preproc_function_def");
  const count = definitionCounts(definitions);
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (!name || count.get(name) !== 1) continue;
    const parameters = macroParameters(d);
    const tokens = tokenize(d.childForFieldName("value")?.text ?? "").filter((t) => !/^\s+$/.test(t));
    const through = new Set<number>();
    tokens.forEach((t, k) => {
      const i = parameters.indexOf(t);
      if (i < 0) return;
      // `p` or `(p)`, then what comes after it and before it.
      const wrapped = tokens[k - 1] === "(" && tokens[k + 1] === ")";
      const after = wrapped ? k + 2 : k + 1;
      const before = wrapped ? k - 2 : k - 1;
      const subscripted = tokens[after] === "[" || (tokens[after] === "-" && tokens[after + 1] === ">");
      // A unary `*`: not after a name, a number or a `)`, which would make it a product.
      const starred = tokens[before] === "*" && !/^(?:[A-Za-z_\d]|\))/.test(tokens[before - 1] ?? "(");
      if (subscripted || starred) through.add(i);
    });
    out.set(name, through);
  }
  dereferencesOf.set(program, out);
  return out;
}

/**
 * The program's function-like macros whose bodies only compute (`#define CELL(t, i) ((t)[i])`): no
 * call, no assignment, no `++` or `--` in them. A use of one changes nothing, as a call might.
 * A macro defined more than once is left out.
 */
export function effectFreeMacros(program: ProgramFacts): ReadonlySet<string> {
  const known = effectFreeOf.get(program);
  if (known) return known;
  const out = new Set<string>();
  const definitions = macroDefinitions(program).filter((d) => d.type === "preproc_function_def");
  const count = definitionCounts(definitions);
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (!name || count.get(name) !== 1) continue;
    const tokens = tokenize(d.childForFieldName("value")?.text ?? "").filter((t) => !/^\s+$/.test(t));
    const effect = tokens.some((t, k) => {
      const next = tokens[k + 1];
      if (/^[A-Za-z_]/.test(t) && next === "(" && t !== "sizeof") return true;
      if ((t === "+" || t === "-") && next === t) return true;
      return t === "=" && next !== "=" && !["=", "!", "<", ">"].includes(tokens[k - 1] ?? "");
    });
    if (!effect) out.add(name);
  }
  effectFreeOf.set(program, out);
  return out;
}

const effectFreeOf = new WeakMap<ProgramFacts, ReadonlySet<string>>();
