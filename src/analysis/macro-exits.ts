// exit(), abort() or err() inside a #define body: the program ends wherever the macro is used, where no exit plan can see it.
import type { Node } from "../core/syntax-tree.js";
import { functionsThatEnd } from "./exits.js";
import { PROCESS_ENDS } from "./flow/graph.js";
import { macroDefinitions } from "./macro-bodies.js";
import type { ProgramFacts } from "./program.js";

/*
 * The grammar leaves a macro's body as text, and the exit plans read the code, not what the
 * preprocessor makes of it: `#define CHECK(p) do { if (!(p)) exit(1); } while (0)` would keep its
 * exit() in the module, which has none (the build fails). Until the port expands such a macro where
 * it is used, each one that a used macro calls is refused where it stands.
 */

/** A call that ends the program, inside the body of a macro the program uses. */
export interface MacroExit {
  /** The call's name (exit, abort, err, …) and where it is in the file. */
  call: string;
  start: number;
  end: number;
  /** The macro whose body holds it. */
  macro: string;
  /** A function of the program's that can end it (fail(), xmalloc()), not the C library's exit(). */
  helper: boolean;
}

/** The first call in a body of one of the functions that end the program: a whole word, then `(`. */
function firstEndingCall(text: string, names: Iterable<string>): { name: string; index: number } | undefined {
  let first: { name: string; index: number } | undefined;
  for (const name of names) {
    for (let at = text.indexOf(name); at >= 0 && (!first || at < first.index); at = text.indexOf(name, at + 1)) {
      if (at > 0 && /[\w$]/.test(text[at - 1]!)) continue;
      let next = at + name.length;
      while (next < text.length && /\s/.test(text[next]!)) next++;
      if (text[next] === "(" && !/[\w$]/.test(text[at + name.length] ?? "")) {
        first = { name, index: at };
        break;
      }
    }
  }
  return first;
}

/**
 * Each used macro whose body calls exit(), abort(), err() and the like, or one of `ending`: the
 * program's functions that can end it, which the port makes return an error that only a call the
 * exit plans see is checked for.
 */
export function exitsInMacros(program: ProgramFacts, ending: ReadonlySet<string> = new Set()): MacroExit[] {
  const found: MacroExit[] = [];
  const names = [...PROCESS_ENDS, ...ending];
  // What ending-macros-expanded writes out where it is used is code the exit rules see.
  const expanded = new Set(endingMacros(program).flatMap((m) => (m.expandable ? [m.name] : [])));
  for (const d of macroDefinitions(program)) {
    const value = d.childForFieldName("value");
    const name = d.childForFieldName("name")?.text;
    if (!value || !name || !program.isCompiled(d.startIndex) || expanded.has(name)) continue;
    const m = firstEndingCall(value.text, names);
    if (!m) continue;
    // A macro nothing uses ends nothing.
    if (!program.wordsAmong(new Set([name])).some((w) => w.index < d.startIndex || w.index >= d.endIndex)) continue;
    const start = value.startIndex + m.index;
    found.push({ call: m.name, start, end: start + m.name.length, macro: name, helper: ending.has(m.name) });
  }
  return found;
}

/** A macro whose body can end the program, with its uses. */
export interface EndingMacro {
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

const endingFound = new WeakMap<ProgramFacts, EndingMacro[]>();

/**
 * The macros whose bodies can end the program: they call exit(), abort(), err() and the like, a
 * function of the program's that can end it, or another such macro. Only used macros count.
 */
export function endingMacros(program: ProgramFacts): EndingMacro[] {
  const known = endingFound.get(program);
  if (known) return known;
  const out: EndingMacro[] = [];
  endingFound.set(program, out);
  if (!program.source.includes("define")) return out;
  const definitions = macroDefinitions(program).filter((d) => program.isCompiled(d.startIndex));
  if (definitions.length === 0) return out;
  const count = new Map<string, number>();
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (name) count.set(name, (count.get(name) ?? 0) + 1);
  }
  const bodyOf = (d: Node) => d.childForFieldName("value")?.text ?? "";
  const ending = new Set<string>();
  // Names a body ends the program through: called, or for an object-like macro, named.
  const callers: Array<{ name: string; called: boolean }> = [...PROCESS_ENDS, ...functionsThatEnd(program)].map((name) => ({ name, called: true }));
  // To a fixed point: a macro that uses an ending macro ends the program too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of definitions) {
      const name = d.childForFieldName("name")?.text;
      if (!name || ending.has(name)) continue;
      const body = bodyOf(d);
      if (callers.some((c) => mentions(body, c.name, c.called))) {
        ending.add(name);
        callers.push({ name, called: d.type === "preproc_function_def" });
        changed = true;
      }
    }
  }
  const defines = definitions.map((d) => ({ start: d.startIndex, end: d.endIndex }));
  const inDefine = (at: number) => defines.some((r) => at >= r.start && at < r.end);
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (!name || !ending.has(name)) continue;
    const functionLike = d.type === "preproc_function_def";
    const parameters = functionLike ? (d.childForFieldName("parameters")?.text.match(/[A-Za-z_]\w*|\.\.\./g) ?? []).map((p) => (p === "..." ? "__VA_ARGS__" : p)) : [];
    let expandable = count.get(name) === 1;
    const uses: EndingMacro["uses"] = [];
    for (const w of program.wordsAmong(new Set([name]))) {
      if (inDefine(w.index)) continue;
      const id = program.root.descendantForIndex(w.index, w.index + name.length);
      if (id.startIndex !== w.index || (id.type !== "identifier" && id.type !== "type_identifier")) continue;
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
    if (uses.length === 0) continue;
    out.push({ name, definition: d, body: bodyOf(d), functionLike, parameters, uses, expandable });
  }
  return out;
}

/** Whether a body calls `name` (a whole word followed by `(`), or, for an object-like macro, names it at all. */
function mentions(body: string, name: string, asCall: boolean): boolean {
  for (let at = body.indexOf(name); at >= 0; at = body.indexOf(name, at + 1)) {
    if ((at > 0 && /[\w$]/.test(body[at - 1]!)) || /[\w$]/.test(body[at + name.length] ?? "")) continue;
    if (!asCall || /^\s*\(/.test(body.slice(at + name.length))) return true;
  }
  return false;
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
