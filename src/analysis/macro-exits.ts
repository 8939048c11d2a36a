// exit(), abort() or err() inside a #define body: the program ends wherever the macro is used, where no exit plan can see it.
import { hasWord } from "../core/words.js";
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
}

/** The first word-bounded name followed by `(` in a body, among the fixed set of calls that end the program. */
const ENDING_CALL = new RegExp(`(?<![\\w$])(${[...PROCESS_ENDS].join("|")})\\s*\\(`);

export function exitsInMacros(program: ProgramFacts): MacroExit[] {
  const found: MacroExit[] = [];
  for (const d of macroDefinitions(program)) {
    const value = d.childForFieldName("value");
    const name = d.childForFieldName("name")?.text;
    if (!value || !name || !program.isCompiled(d.startIndex)) continue;
    const m = ENDING_CALL.exec(value.text);
    if (!m) continue;
    // A macro nothing uses ends nothing.
    const rest = program.source.slice(0, d.startIndex) + " " + program.source.slice(d.endIndex);
    if (!hasWord(rest, name)) continue;
    const start = value.startIndex + m.index;
    found.push({ call: m[1]!, start, end: start + m[1]!.length, macro: name });
  }
  return found;
}
