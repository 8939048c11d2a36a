// exit(), abort() or err() inside a #define body: the program ends wherever the macro is used, where no exit plan can see it.
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
  for (const d of macroDefinitions(program)) {
    const value = d.childForFieldName("value");
    const name = d.childForFieldName("name")?.text;
    if (!value || !name || !program.isCompiled(d.startIndex)) continue;
    const m = firstEndingCall(value.text, names);
    if (!m) continue;
    // A macro nothing uses ends nothing.
    if (!program.wordsAmong(new Set([name])).some((w) => w.index < d.startIndex || w.index >= d.endIndex)) continue;
    const start = value.startIndex + m.index;
    found.push({ call: m.name, start, end: start + m.name.length, macro: name, helper: ending.has(m.name) });
  }
  return found;
}
