// Where a program reads errno itself, and whether a module-local errno can hold what it would: every call that sets it must be one the port defines.
import type { Node } from "../core/syntax-tree.js";
import { calleeName, declaratorName, unparenthesize } from "../core/syntax.js";
import type { FlowGraphs } from "./flow/graph.js";
import { type Lattice, solveFunction, type Transfer } from "./flow/solve.js";
import { accessPath, callOf, isNullLiteral, resultPath, valuePath } from "./ownership.js";
import { errnoTextOf } from "./errno-texts.js";
import { functionsUsedAsValues } from "./indirect-calls.js";
import { macroDefinitions } from "./macro-bodies.js";
import type { ProgramFacts } from "./program.js";

/** The strto*() family: the port defines them, with the C library's ERANGE and EINVAL, where errno is module-local. */
export const ERRNO_SETTING_CONVERSIONS: ReadonlySet<string> = new Set(["strtol", "strtoll", "strtoul", "strtoull", "strtoimax", "strtoumax"]);

/**
 * Calls that set errno in the C library on a path a program can go on from (an allocation's
 * failure) with a value the port does not reproduce; a program that calls one keeps its refusal.
 */
const UNMODELLED_SETTERS: ReadonlySet<string> = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc", "posix_memalign", "strtod", "strtof", "strtold"]);

/** The values the strtol() family the port defines leaves in errno, with the 0 it starts at. */
const MODELLED_ERRNO_VALUES: ReadonlySet<string> = new Set(["0", "EINVAL", "ERANGE"]);

export interface ModuleErrno {
  /** Each `errno` the program's compiled code mentions (identifiers and macro bodies), as text ranges. */
  uses: Array<{ start: number; end: number }>;
  /**
   * The errno names the module's errno can hold (MODELLED_ERRNO_VALUES and each constant the
   * program stores, `errno = ENOMEM;`), or undefined where the program stores something else
   * (`errno = saved;`): any value, then.
   */
  values: ReadonlySet<string> | undefined;
}

/**
 * The program's own uses of errno, when a variable of the module's can stand for it: the program
 * mentions errno (outside the save/restore the exits engine folds away, `consumed`), and no read
 * of it can see a value the port does not reproduce. A program that also allocates qualifies when
 * the flow shows that no allocation can have failed between the last store to errno (`errno = 0;`
 * before a strtol()) and each read: a failed malloc() sets ENOMEM, which kmalloc() does not.
 */
export function moduleErrno(program: ProgramFacts, graphs: FlowGraphs, consumed: ReadonlySet<number> = new Set(), init?: string, verified = false): ModuleErrno | undefined {
  const { source, root } = program;
  if (!source.includes("errno")) return undefined;
  const uses: ModuleErrno["uses"] = [];
  const reads: Node[] = [];
  let inMacro = false;
  let values: Set<string> | undefined = new Set(MODELLED_ERRNO_VALUES);
  for (const m of source.matchAll(/\berrno\b/g)) {
    if (!program.isCompiled(m.index)) continue;
    const node = root.descendantForIndex(m.index, m.index + 5);
    if (node?.type === "identifier" && node.startIndex === m.index && node.endIndex === m.index + 5) {
      if (consumed.has(node.id)) continue;
      const parent = node.parent;
      if (parent?.type === "assignment_expression" && parent.childForFieldName("left")?.id === node.id) {
        const value = parent.childForFieldName("right")?.text ?? "";
        if (parent.childForFieldName("operator")?.text !== "=" || !(value === "0" || errnoTextOf(value) !== undefined)) values = undefined;
        else values?.add(value);
        if (parent.childForFieldName("operator")?.text !== "=") reads.push(node);
      } else reads.push(node);
    } else if (node?.type !== "preproc_arg") continue;
    else inMacro = true;
    uses.push({ start: m.index, end: m.index + 5 });
  }
  if (uses.length === 0) return undefined;
  // `verified`: the program as written was found to read only what the module reproduces (its
  // portability check asks this first), and a port keeps what each read sees. Asked again of the
  // ported text, the flow would not know that a failure path it now follows (`exit_error = -ENOMEM;
  // return NULL;` where the program ended) ends init before any read.
  if (!verified && program.libraryCallsNamed(UNMODELLED_SETTERS).length > 0 && (inMacro || !readsSeeOnlyModelled(program, graphs, reads, init))) return undefined;
  return { uses, values };
}

/**
 * What errno can hold at a point of the flow. `bits`: MODELLED (what the program stored, or the
 * port's own functions set) and MAY_BE_UNMODELLED (a failed allocation's ENOMEM, which kmalloc()
 * does not set); none where no path reaches. `pending`: the paths that hold an allocation's result
 * not yet tested: its failure left ENOMEM, its success left errno as it was, so a test that finds
 * it non-NULL drops it and one that finds it NULL makes errno unmodelled.
 */
interface ErrnoState {
  bits: number;
  pending: ReadonlySet<string>;
}
const MODELLED = 1;
const MAY_BE_UNMODELLED = 2;
const NONE: ReadonlySet<string> = new Set();
const UNREACHED: ErrnoState = { bits: 0, pending: NONE };
const ERRNO_LATTICE: Lattice<ErrnoState> = {
  bottom: UNREACHED,
  join: (a, b) => (a.bits === 0 ? b : b.bits === 0 ? a : { bits: a.bits | b.bits, pending: a.pending.size === 0 ? b.pending : b.pending.size === 0 ? a.pending : new Set([...a.pending, ...b.pending]) }),
  equals: (a, b) => a.bits === b.bits && a.pending.size === b.pending.size && [...a.pending].every((p) => b.pending.has(p)),
};
/** A pending path that holds the result of a call of one that stores errno before each failure it returns (`r = parse(s);`): `=r`, `=*p` for a pointer. */
const STORES_ON_FAILURE = "=";
const storesKey = (path: string, pointer: boolean) => `${STORES_ON_FAILURE}${pointer ? "*" : ""}${path}`;

/** Whether errno, here, may hold what the port does not reproduce: an allocation's result still untested counts. */
const unmodelled = (s: ErrnoState) => (s.bits & MAY_BE_UNMODELLED) !== 0 || [...s.pending].some((p) => !p.startsWith(STORES_ON_FAILURE));

/** The allocators among the unmodelled setters: their result tells whether they failed. */
const ALLOCATORS_TESTED_BY_RESULT: ReadonlySet<string> = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc"]);

/**
 * The transfer functions of errno's flow: a store to errno makes it modelled; a call that may leave
 * it unmodelled (`leaves`) does so, except an allocation whose result goes straight into a path,
 * which is pending until a test of that path says whether it failed.
 */
function errnoTransfer(program: ProgramFacts, summaries: ErrnoSummaries, see?: (node: Node, state: ErrnoState) => void): Transfer<ErrnoState> {
  const { leaves, storesOnFailure } = summaries;
  const without = (s: ErrnoState, path: string): ErrnoState => {
    if (!s.pending.has(path)) return s;
    const pending = new Set(s.pending);
    pending.delete(path);
    return { bits: s.bits, pending };
  };
  // The path an allocation's result is stored to, where the call is the whole value (`p = malloc(n)`, `T *p = (T *)malloc(n);`).
  const storedTo = (call: Node): string | undefined => {
    const name = calleeName(call);
    return !name || !ALLOCATORS_TESTED_BY_RESULT.has(name) || program.functions.has(name) || program.macros.has(name) ? undefined : resultPath(call);
  };
  const written = (node: Node): string | undefined => {
    if (node.type === "assignment_expression") return accessPath(node.childForFieldName("left"));
    if (node.type === "init_declarator") return declaratorName(node.childForFieldName("declarator"))?.text;
    return undefined;
  };
  const refine = (s: ErrnoState, condition: Node, truth: boolean): ErrnoState => {
    // `if (parse(s) < 0)`, `if ((r = parse(s)) == -1)`, `if (r < 0)` after `r = parse(s);`: where
    // the test says the call failed, errno holds what the function stored before it returned.
    const failure = failureTest(condition, truth);
    if (failure) {
      const call = callOf(failure.tested) ?? callOf(assignedValue(failure.tested));
      const path = valuePath(failure.tested);
      // A pointer fails as NULL, a number as a negative value: the test must be the one for its kind.
      const kind = (pointer: boolean) => (pointer ? failure.form !== "negative" : failure.form === "negative");
      const pendingHere = path !== undefined && [true, false].some((pointer) => kind(pointer) && s.pending.has(storesKey(path, pointer)));
      const callee = call ? program.functions.get(calleeName(call) ?? "") : undefined;
      if ((call && callee && kind(callee.returnsPointer) && storesOnFailure(call)) || pendingHere) {
        const rest = path === undefined ? s : without(without(s, storesKey(path, true)), storesKey(path, false));
        return failure.failed ? { bits: MODELLED, pending: new Set([...rest.pending].filter((p) => p.startsWith(STORES_ON_FAILURE))) } : rest;
      }
    }
    if (s.pending.size === 0) return s;
    const c = unparenthesize(condition);
    if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") return refine(s, c.childForFieldName("argument")!, !truth);
    let path: string | undefined;
    let isNull: boolean;
    if (c.type === "binary_expression") {
      const op = c.childForFieldName("operator")?.text;
      const left = c.childForFieldName("left")!;
      const right = c.childForFieldName("right")!;
      if ((op === "&&" && truth) || (op === "||" && !truth)) return refine(refine(s, left, truth), right, truth);
      if (op !== "==" && op !== "!=") return s;
      isNull = op === "==" ? truth : !truth;
      path = isNullLiteral(right) ? valuePath(left) : isNullLiteral(left) ? valuePath(right) : undefined;
    } else {
      path = valuePath(c);
      isNull = !truth;
    }
    if (!path || !s.pending.has(path)) return s;
    const rest = without(s, path);
    return isNull ? { bits: rest.bits | MAY_BE_UNMODELLED, pending: rest.pending } : rest;
  };
  // A condition's reads, each in the state its operand is evaluated in: `f() == -1 && errno == EAGAIN` reads errno where f() failed.
  const seeCondition = (condition: Node, before: ErrnoState): void => {
    const c = unparenthesize(condition);
    const op = c.type === "binary_expression" ? c.childForFieldName("operator")?.text : undefined;
    if (op === "&&" || op === "||") {
      const left = c.childForFieldName("left")!;
      seeCondition(left, before);
      seeCondition(c.childForFieldName("right")!, refine(before, left, op === "&&"));
      return;
    }
    see!(condition, before);
  };
  return {
    event(node, before) {
      if (before.bits === 0) return before;
      see?.(node, before);
      if (storesErrno(node)) return { bits: MODELLED, pending: NONE };
      if (node.type === "call_expression") {
        if (storedTo(node) !== undefined) return before;
        return leaves(node) ? { bits: before.bits | MAY_BE_UNMODELLED, pending: before.pending } : before;
      }
      const path = written(node);
      if (path === undefined) return before;
      const value = node.type === "assignment_expression" ? node.childForFieldName("right") : node.childForFieldName("value");
      const call = callOf(value);
      // The path's earlier result, untested, is lost: whether it failed can no longer be told.
      let after = before.pending.has(path) ? { bits: before.bits | MAY_BE_UNMODELLED, pending: without(before, path).pending } : before;
      after = without(without(after, storesKey(path, true)), storesKey(path, false));
      if (call && storedTo(call) === path) after = { bits: after.bits, pending: new Set([...after.pending, path]) };
      else if (call && storesOnFailure(call)) {
        const pointer = program.functions.get(calleeName(call) ?? "")?.returnsPointer ?? false;
        after = { bits: after.bits, pending: new Set([...after.pending, storesKey(path, pointer)]) };
      }
      return after;
    },
    assume(condition, truth, before) {
      if (see) seeCondition(condition, before);
      return refine(before, condition, truth);
    },
    jump(jump, before) {
      see?.(jump.node, before);
    },
  };
}

/**
 * Whether every read of errno is reached, on every path, only through stores the port keeps and
 * calls the port defines: a forward flow over each function that reads it. A store to errno
 * (`errno = 0;`) makes it modelled; a failed allocation, or a call of a function of the program
 * that can return with what one left, may leave ENOMEM in it. A function other than main() (or
 * `init`, the module's init function main() has become in a later phase) starts out unknown, as its
 * callers may have allocated. A read the flow does not place (a switch's head) counts as unknown.
 */
function readsSeeOnlyModelled(program: ProgramFacts, graphs: FlowGraphs, reads: readonly Node[], init: string | undefined): boolean {
  const summaries = errnoSummaries(program, graphs);
  const byFunction = new Map<string, Node[]>();
  for (const read of reads) {
    const fn = program.functions.enclosing(read.startIndex);
    if (!fn) return false;
    byFunction.set(fn.name, [...(byFunction.get(fn.name) ?? []), read]);
  }
  for (const [name, own] of byFunction) {
    const flow = graphs.of(name);
    if (!flow) return false;
    // Per read: 1 where a path reaches it with a modelled errno, 2 where one may reach it without.
    const seen = new Map<number, number>();
    const see = (node: Node, state: ErrnoState) => {
      for (const r of own) {
        if (r.startIndex >= node.startIndex && r.endIndex <= node.endIndex) seen.set(r.id, (seen.get(r.id) ?? 0) | (unmodelled(state) ? MAY_BE_UNMODELLED : MODELLED));
      }
    };
    solveFunction(flow, name === "main" || name === init ? { bits: MODELLED, pending: NONE } : { bits: MAY_BE_UNMODELLED, pending: NONE }, ERRNO_LATTICE, errnoTransfer(program, summaries, see));
    if (own.some((r) => (seen.get(r.id) ?? MAY_BE_UNMODELLED) & MAY_BE_UNMODELLED)) return false;
  }
  return true;
}

const storesErrno = (node: Node) => {
  if (node.type !== "assignment_expression" || node.childForFieldName("operator")?.text !== "=") return false;
  const left = node.childForFieldName("left");
  return left?.type === "identifier" && left.text === "errno";
};

/** What a call of each function leaves in errno, as errno's flow asks it. */
interface ErrnoSummaries {
  /** Whether the call can return with errno holding what the port does not reproduce. */
  leaves(call: Node): boolean;
  /** Whether the function stores errno on every path to a return of a failure (`errno = EINVAL; return -1;`). */
  storesOnFailure(call: Node): boolean;
}

/**
 * Each function's summaries, worked out once, on first ask. It leaves errno unmodelled where it
 * is an unmodelled setter, or a function of the program whose own flow, from a modelled errno at
 * its entry, can return with an unmodelled one (it allocates and returns without testing the
 * result, or stores nothing after a failure; `if (!p) { errno = ENOMEM; return -1; }` stores it
 * again). A call through a pointer may be any function the program uses as a value; a macro does
 * what the calls in its body do. A function still being worked out when a recursion reaches it
 * leaves errno unmodelled and stores nothing. It stores on failure where, from an unmodelled errno
 * at its entry, every return of a negative constant or of NULL sees errno stored.
 */
function errnoSummaries(program: ProgramFacts, graphs: FlowGraphs): ErrnoSummaries {
  const known = new Map<string, boolean>();
  const stores = new Map<string, boolean>();
  let throughPointers: boolean | undefined;
  let macroBodies: Map<string, string> | undefined;
  const leavesByName = (name: string): boolean => {
    const answer = known.get(name);
    if (answer !== undefined) return answer;
    if (program.macros.has(name)) {
      macroBodies ??= new Map(macroDefinitions(program).map((d) => [d.childForFieldName("name")?.text ?? "", d.childForFieldName("value")?.text ?? ""]));
      known.set(name, true);
      const leaves = [...(macroBodies.get(name) ?? "").matchAll(/[A-Za-z_]\w*(?=\s*\()/g)].some((m) => m[0] !== name && leavesByName(m[0]));
      known.set(name, leaves);
      return leaves;
    }
    const fn = program.functions.get(name);
    if (!fn) return UNMODELLED_SETTERS.has(name);
    known.set(name, true);
    const flow = graphs.of(name);
    const leaves = !flow || unmodelled(solveFunction(flow, { bits: MODELLED, pending: NONE }, ERRNO_LATTICE, errnoTransfer(program, summaries)));
    known.set(name, leaves);
    return leaves;
  };
  const storesByName = (name: string): boolean => {
    const answer = stores.get(name);
    if (answer !== undefined) return answer;
    stores.set(name, false);
    const flow = program.functions.has(name) ? graphs.of(name) : undefined;
    if (!flow) return false;
    let every = true;
    let any = false;
    const transfer = errnoTransfer(program, summaries);
    solveFunction(flow, { bits: MAY_BE_UNMODELLED, pending: NONE }, ERRNO_LATTICE, {
      ...transfer,
      jump(jump, before) {
        if (jump.to !== "return" || before.bits === 0) return;
        const value = jump.node.namedChildren.find((c) => c.type !== "comment");
        if (!value || !isFailureValue(value)) return;
        any = true;
        if (unmodelled(before)) every = false;
      },
    });
    stores.set(name, any && every);
    return any && every;
  };
  const summaries: ErrnoSummaries = {
    leaves(call) {
      const callee = calleeName(call);
      if (callee) return leavesByName(callee);
      throughPointers ??= [...functionsUsedAsValues(program, new Set(program.functions.names()))].some(leavesByName);
      return throughPointers;
    },
    storesOnFailure(call) {
      const callee = calleeName(call);
      return callee !== undefined && storesByName(callee);
    },
  };
  return summaries;
}

/** A value a function returns for a failure: a negative constant (`-1`, `-EINVAL`) or NULL. */
function isFailureValue(value: Node): boolean {
  const v = unparenthesize(value);
  return (isNullLiteral(v) && v.text !== "0") || /^-\s*(?:\d+|E[A-Z0-9]+)$/.test(v.text);
}

/**
 * What a condition says of a call's result (or a path holding one): `x < 0`, `x == -1` and `!x`
 * (or `x == NULL`) where it holds say it failed; `x >= 0`, `x != -1` and `x` say it did not.
 * `failed` is what the branch taken (`truth`) knows.
 */
function failureTest(condition: Node, truth: boolean): { tested: Node; failed: boolean; form: "negative" | "null" } | undefined {
  const c = unparenthesize(condition);
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") {
    const inner = failureTest(c.childForFieldName("argument")!, !truth);
    return inner?.form === "null" ? inner : undefined;
  }
  if (c.type === "binary_expression") {
    const op = c.childForFieldName("operator")?.text ?? "";
    const left = c.childForFieldName("left")!;
    const right = c.childForFieldName("right")!;
    const r = unparenthesize(right).text.replace(/\s+/g, "");
    if (r === "0" && (op === "<" || op === ">=")) return { tested: left, failed: (op === "<") === truth, form: "negative" };
    if (r === "-1" && (op === "==" || op === "!=" || op === "<=" || op === ">")) return { tested: left, failed: (op === "==" || op === "<=") === truth, form: "negative" };
    if (isNullLiteral(right) && r !== "0" && (op === "==" || op === "!=")) return { tested: left, failed: (op === "==") === truth, form: "null" };
    return undefined;
  }
  if (c.type === "call_expression" || c.type === "identifier" || c.type === "field_expression" || c.type === "assignment_expression") return { tested: c, failed: !truth, form: "null" };
  return undefined;
}

/** The value an assignment stores (`(r = parse(s))` stores parse(s)), or the expression itself. */
function assignedValue(expr: Node): Node | null {
  const e = unparenthesize(expr);
  return e.type === "assignment_expression" ? e.childForFieldName("right") : e;
}
