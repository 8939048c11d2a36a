// How deep a recursion goes where the program's own constants say, and what each level takes of the kernel stack.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, descendants, unparenthesize } from "../core/syntax.js";
import { constantValue } from "./long-loops.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";
import { levelBytes } from "./stack-frames.js";

/*
 * A recursion's depth is read where it is a count the program fixes: a function called from outside
 * its cycle with a constant argument (a literal, a macro, a const local), whose calls of itself all
 * pass that parameter moved by a constant step (`n - 1`, `i + 2`), and whose body compares the
 * parameter with a constant or with a parameter it passes on unchanged (`n == 0`, `i >= len`): the
 * base case. The depth is the distance from the entry value to the nearest such bound, divided by
 * the largest step, which is the fewest levels the recursion can take: a lower bound, as the frame
 * estimate is, so that a recursion refused for its depth overflows the stack for certain. A
 * parameter that halves (`n / 2`, `n >> 1`) gives a logarithmic depth. Anything else (a depth that
 * follows data the program builds, mutual recursion) is unknown.
 */

/** A call between the program's own functions: the identifier naming the callee. */
export interface ProgramCall {
  caller: string;
  callee: string;
  node: Node;
}

export interface RecursionDepth {
  /** Levels the recursion takes at least, from `entry`. */
  levels: number;
  /** The call from outside the cycle that starts it. */
  entry: Node;
  /** The parameter whose value counts the levels, and how: `n falls by 1 from 100000 to 0`. */
  how: string;
  /** That parameter's name. */
  parameter: string;
}

export interface RecursionEstimate {
  /** The least stack one round of the cycle takes: each function's frame once. */
  levelBytes: number;
  /** Where the program's constants bound the depth: the deepest entry. */
  depth?: RecursionDepth;
}

/** What one round of the cycle costs, and how deep the entries into it make it go. */
export function estimateRecursion(program: ProgramFacts, cycle: readonly ProgramCall[], entries: readonly ProgramCall[]): RecursionEstimate {
  const names = [...new Set(cycle.map((c) => c.caller))];
  const functions = names.map((n) => program.functions.get(n)).filter((f): f is FunctionFacts => f !== undefined);
  const bytes = functions.reduce((sum, f) => sum + levelBytes(f, program), 0);
  // Only a function that calls itself, and nothing else in the cycle, has a depth read from its own text.
  if (functions.length !== 1) return { levelBytes: bytes };
  const fn = functions[0]!;
  const selfCalls = cycle.filter((c) => c.caller === fn.name && c.callee === fn.name).map((c) => c.node.parent!);
  let deepest: RecursionDepth | undefined;
  for (const entry of entries) {
    if (entry.callee !== fn.name) continue;
    const depth = depthFrom(program, fn, selfCalls, entry.node);
    if (depth && (!deepest || depth.levels > deepest.levels)) deepest = depth;
  }
  return { levelBytes: bytes, ...(deepest ? { depth: deepest } : {}) };
}

type Step = { kind: "add"; by: number } | { kind: "halve" } | { kind: "same" };

/** How a recursive call passes the parameter on, when it is a constant step from it. */
function stepOf(argument: Node | undefined, parameter: string, program: ProgramFacts): Step | undefined {
  if (!argument) return undefined;
  const a = unparenthesize(argument);
  if (a.type === "identifier") return a.text === parameter ? { kind: "same" } : undefined;
  if (a.type !== "binary_expression") return undefined;
  const op = a.childForFieldName("operator")?.text;
  const left = unparenthesize(a.childForFieldName("left")!);
  const right = unparenthesize(a.childForFieldName("right")!);
  const isParameter = (n: Node) => n.type === "identifier" && n.text === parameter;
  const k = (n: Node) => constantValue(n, program, a);
  if (op === "-" && isParameter(left)) {
    const by = k(right);
    return by !== undefined && by > 0 ? { kind: "add", by: -by } : undefined;
  }
  if (op === "+" && (isParameter(left) || isParameter(right))) {
    const by = k(isParameter(left) ? right : left);
    return by !== undefined && by > 0 ? { kind: "add", by } : undefined;
  }
  if ((op === "/" || op === ">>") && isParameter(left)) {
    const by = k(right);
    return by !== undefined && (op === "/" ? by >= 2 : by >= 1) ? { kind: "halve" } : undefined;
  }
  return undefined;
}

/** The depth one entry call gives, read from the first parameter that counts the levels. */
function depthFrom(program: ProgramFacts, fn: FunctionFacts, selfCalls: readonly Node[], entry: Node): RecursionDepth | undefined {
  const entryArguments = callArguments(entry.parent!);
  const parameters = fn.parameterNames;
  if (entryArguments.length !== parameters.length || selfCalls.length === 0) return undefined;
  const steps = parameters.map((p, i) => selfCalls.map((call) => stepOf(callArguments(call)[i], p, program)));
  const entryValue = (i: number) => constantValue(entryArguments[i], program, entry);
  let best: RecursionDepth | undefined;
  for (const [i, parameter] of parameters.entries()) {
    const mine = steps[i]!;
    if (mine.some((s) => s === undefined || s.kind === "same")) continue;
    const start = entryValue(i);
    if (start === undefined) continue;
    let levels: number | undefined;
    let how: string;
    if (mine.every((s) => s!.kind === "halve")) {
      levels = start > 1 ? Math.floor(Math.log2(start)) + 1 : 1;
      how = `${parameter} halves from ${start}`;
    } else if (mine.every((s) => s!.kind === "add")) {
      const adds = mine.map((s) => (s as { by: number }).by);
      const down = adds.every((by) => by < 0);
      if (!down && !adds.every((by) => by > 0)) continue;
      // Bounds the body compares the parameter with: constants, or parameters passed on unchanged.
      const bounds = boundsOf(fn, parameter, (name) => {
        const j = parameters.indexOf(name);
        return j >= 0 && steps[j]!.every((s) => s?.kind === "same") ? entryValue(j) : undefined;
      }, program);
      const reachable = bounds.filter((b) => (down ? b <= start : b >= start));
      if (reachable.length === 0) continue;
      const stop = down ? Math.max(...reachable) : Math.min(...reachable);
      const step = Math.max(...adds.map(Math.abs));
      levels = Math.floor(Math.abs(start - stop) / step) + 1;
      how = `${parameter} ${down ? "falls" : "rises"} by ${step} a level from ${start} to ${stop}`;
    } else continue;
    // Each counting parameter bounds the depth: the tightest is the estimate.
    if (!best || levels < best.levels) best = { levels, entry, how, parameter };
  }
  return best;
}

/** The values the body compares the parameter with (`n <= 1`, `i == len`, `!n`), as numbers. */
function boundsOf(fn: FunctionFacts, parameter: string, unchanged: (name: string) => number | undefined, program: ProgramFacts): number[] {
  const bounds: number[] = [];
  const value = (n: Node) => {
    const u = unparenthesize(n);
    return (u.type === "identifier" ? unchanged(u.text) : undefined) ?? constantValue(u, program, n);
  };
  for (const e of descendants(fn.body, ["binary_expression", "unary_expression"])) {
    if (e.type === "unary_expression") {
      const argument = e.childForFieldName("argument");
      if (e.childForFieldName("operator")?.text === "!" && argument && unparenthesize(argument).text === parameter) bounds.push(0);
      continue;
    }
    if (!/^(?:[<>]=?|[!=]=)$/.test(e.childForFieldName("operator")?.text ?? "")) continue;
    const left = unparenthesize(e.childForFieldName("left")!);
    const right = unparenthesize(e.childForFieldName("right")!);
    const other = left.type === "identifier" && left.text === parameter ? right : right.type === "identifier" && right.text === parameter ? left : undefined;
    const bound = other ? value(other) : undefined;
    if (bound !== undefined) bounds.push(bound);
  }
  return bounds;
}
