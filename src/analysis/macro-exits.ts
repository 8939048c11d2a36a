// exit(), abort() or err() inside a #define body: the program ends wherever the macro is used, where no exit plan can see it.
import type { Node } from "../core/syntax-tree.js";
import { functionsThatEnd } from "./exits.js";
import { PROCESS_ENDS } from "./flow/graph.js";
import { macroDefinitions } from "./macro-bodies.js";
import { definitionCounts, identifierOutside, usedMacro, type UsedMacro } from "./macro-expansion.js";
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
export type EndingMacro = UsedMacro;

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
  const count = definitionCounts(definitions);
  const bodyOf = (d: Node) => d.childForFieldName("value")?.text ?? "";
  const ending = new Set<string>();
  // A `return` in a macro main() uses ends the program there too (`#define PUT(k) do { if (put(k))
  // return 1; } while (0)`): main()'s returns become init's, which the exit rules read in code.
  const main = program.main?.node;
  // Names a body ends the program through: called, or for an object-like macro, named.
  const callers: Array<{ name: string; called: boolean }> = [...PROCESS_ENDS, ...functionsThatEnd(program)].map((name) => ({ name, called: true }));
  for (const d of main ? definitions : []) {
    const name = d.childForFieldName("name")?.text;
    if (!name || ending.has(name) || !mentions(bodyOf(d), "return", false)) continue;
    if (!program.wordsAmong(new Set([name])).some((w) => w.index > main!.startIndex && w.index < main!.endIndex)) continue;
    ending.add(name);
    callers.push({ name, called: d.type === "preproc_function_def" });
  }
  // To a fixed point: a macro that uses an ending macro ends the program too, and so does a
  // function whose body uses one (`if (!q) DIE("oom");`), which the code alone does not show until
  // the macro is written out: a macro that calls that function (`#define MK(v) mk(v)`) ends it too.
  const endingFunctions = new Set(callers.map((c) => c.name));
  const functions = program.functions.names().filter((f) => !endingFunctions.has(f));
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
    if (ending.size === 0) break;
    for (const f of functions) {
      if (endingFunctions.has(f)) continue;
      const fn = program.functions.get(f)!;
      const body = program.source.slice(fn.body.startIndex, fn.body.endIndex);
      if (callers.some((c) => mentions(body, c.name, c.called))) {
        endingFunctions.add(f);
        callers.push({ name: f, called: true });
        changed = true;
      }
    }
  }
  const isUse = identifierOutside(program, definitions);
  for (const d of definitions) {
    const name = d.childForFieldName("name")?.text;
    if (!name || !ending.has(name)) continue;
    // One only other ending macros use (`#define PANIC() abort()` in ENSURE()) is written out inside theirs.
    const inOther = definitions.some((o) => o.id !== d.id && ending.has(o.childForFieldName("name")?.text ?? "") && mentions(bodyOf(o), name, d.type === "preproc_function_def"));
    const used = usedMacro(program, d, count.get(name) ?? 0, isUse, inOther);
    if (used) out.push(used);
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
