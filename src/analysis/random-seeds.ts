// Whether a program's rand() numbers are the same on every run: it never seeds, or seeds only from values that do not change from run to run.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "./program.js";
import { calleeName, callArguments } from "../core/syntax.js";

/** The C library's seeding calls. */
export const SEEDING_FUNCTIONS: ReadonlySet<string> = new Set(["srand", "srandom"]);

/** The C library's drawing calls that share the one generator srand() and srandom() seed. */
export const DRAWING_FUNCTIONS: ReadonlySet<string> = new Set(["rand", "random"]);

/**
 * Sources whose value differs from one run to the next: a seed computed from one of them asks
 * for numbers nobody can predict, not for a sequence the program's output depends on.
 */
const UNREPEATABLE_SOURCES: ReadonlySet<string> = new Set(["time", "clock", "gettimeofday", "clock_gettime", "timespec_get", "getpid", "getppid", "getrandom"]);

/**
 * Whether every seed the program gives its generator is repeatable: no srand()/srandom() at all
 * (the C library then starts as if seeded with 1), or none whose argument calls one of the
 * unrepeatable sources. A seed held in a variable is not traced back: the generator is then kept
 * with whatever value the port computes, which is the program's own behaviour either way.
 */
export function repeatableRandomNumbers(program: ProgramFacts): boolean {
  return program.libraryCallsNamed(SEEDING_FUNCTIONS).every((c) => callArguments(c.call).every((a) => !callsUnrepeatable(a)));
}

function callsUnrepeatable(node: Node): boolean {
  if (node.type === "call_expression" && UNREPEATABLE_SOURCES.has(calleeName(node) ?? "")) return true;
  return node.namedChildren.some((c) => c !== null && callsUnrepeatable(c));
}
