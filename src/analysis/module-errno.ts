// Where a program reads errno itself, and whether a module-local errno can hold what it would: every call that sets it must be one the port defines.
import type { Node } from "../core/syntax-tree.js";
import { calleeName } from "../core/syntax.js";
import type { FlowGraphs } from "./flow/graph.js";
import { solveFunction } from "./flow/solve.js";
import { callersOf, type ProgramFacts } from "./program.js";

/** The strto*() family: the port defines them, with the C library's ERANGE and EINVAL, where errno is module-local. */
export const ERRNO_SETTING_CONVERSIONS: ReadonlySet<string> = new Set(["strtol", "strtoll", "strtoul", "strtoull", "strtoimax", "strtoumax"]);

/**
 * Calls that set errno in the C library on a path a program can go on from (an allocation's
 * failure) with a value the port does not reproduce; a program that calls one keeps its refusal.
 */
const UNMODELLED_SETTERS: ReadonlySet<string> = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup", "aligned_alloc", "posix_memalign", "strtod", "strtof", "strtold"]);

/** The values a module-local errno can hold when the program itself stores only these. */
export const MODELLED_ERRNO_VALUES: ReadonlySet<string> = new Set(["0", "EINVAL", "ERANGE"]);

export interface ModuleErrno {
  /** Each `errno` the program's compiled code mentions (identifiers and macro bodies), as text ranges. */
  uses: Array<{ start: number; end: number }>;
  /** Whether every value stored in errno is one MODELLED_ERRNO_VALUES names. */
  storesOnlyModelled: boolean;
}

/**
 * The program's own uses of errno, when a variable of the module's can stand for it: the program
 * mentions errno (outside the save/restore the exits engine folds away, `consumed`), and no read
 * of it can see a value the port does not reproduce. A program that also allocates qualifies when
 * the flow shows that no allocation can have failed between the last store to errno (`errno = 0;`
 * before a strtol()) and each read: a failed malloc() sets ENOMEM, which kmalloc() does not.
 */
export function moduleErrno(program: ProgramFacts, graphs: FlowGraphs, consumed: ReadonlySet<number> = new Set()): ModuleErrno | undefined {
  const { source, root } = program;
  if (!source.includes("errno")) return undefined;
  const uses: ModuleErrno["uses"] = [];
  const reads: Node[] = [];
  let inMacro = false;
  let storesOnlyModelled = true;
  for (const m of source.matchAll(/\berrno\b/g)) {
    if (!program.isCompiled(m.index)) continue;
    const node = root.descendantForIndex(m.index, m.index + 5);
    if (node?.type === "identifier" && node.startIndex === m.index && node.endIndex === m.index + 5) {
      if (consumed.has(node.id)) continue;
      const parent = node.parent;
      if (parent?.type === "assignment_expression" && parent.childForFieldName("left")?.id === node.id) {
        const value = parent.childForFieldName("right")?.text ?? "";
        if (parent.childForFieldName("operator")?.text !== "=" || !MODELLED_ERRNO_VALUES.has(value)) storesOnlyModelled = false;
        if (parent.childForFieldName("operator")?.text !== "=") reads.push(node);
      } else reads.push(node);
    } else if (node?.type !== "preproc_arg") continue;
    else inMacro = true;
    uses.push({ start: m.index, end: m.index + 5 });
  }
  if (uses.length === 0) return undefined;
  if (program.libraryCallsNamed(UNMODELLED_SETTERS).length > 0 && (inMacro || !readsSeeOnlyModelled(program, graphs, reads))) return undefined;
  return { uses, storesOnlyModelled };
}

/** No path reaches here; errno holds what the program stored or the port's functions set; it may hold a failed allocation's ENOMEM. */
const UNREACHED = 0;
const MODELLED = 1;
const MAY_BE_UNMODELLED = 2;

/**
 * Whether every read of errno is reached, on every path, only through stores the port keeps and
 * calls the port defines: a forward flow over each function that reads it. A store to errno
 * (`errno = 0;`) makes it modelled; a call of an unmodelled setter, or of a function of the program
 * that reaches one, may leave ENOMEM in it. A function other than main() starts out unknown, as
 * its callers may have allocated. A read the flow does not place (a switch's head) counts as unknown.
 */
function readsSeeOnlyModelled(program: ProgramFacts, graphs: FlowGraphs, reads: readonly Node[]): boolean {
  // The setters themselves, and every function of the program that reaches one.
  const setters = callersOf(program, program.libraryCallsNamed(UNMODELLED_SETTERS).map((c) => c.call), { withMain: true, into: new Set(UNMODELLED_SETTERS) });
  const byFunction = new Map<string, Node[]>();
  for (const read of reads) {
    const fn = program.functions.enclosing(read.startIndex);
    if (!fn) return false;
    byFunction.set(fn.name, [...(byFunction.get(fn.name) ?? []), read]);
  }
  for (const [name, own] of byFunction) {
    const flow = graphs.of(name);
    if (!flow) return false;
    const seen = new Map<number, number>();
    const see = (node: Node, state: number) => {
      for (const r of own) if (r.startIndex >= node.startIndex && r.endIndex <= node.endIndex) seen.set(r.id, (seen.get(r.id) ?? UNREACHED) | state);
    };
    const isErrno = (n: Node | null) => n?.type === "identifier" && n.text === "errno";
    solveFunction(
      flow,
      name === "main" ? MODELLED : MAY_BE_UNMODELLED,
      { bottom: UNREACHED, join: (a, b) => a | b, equals: (a, b) => a === b },
      {
        event(node, before) {
          if (before === UNREACHED) return before;
          see(node, before);
          if (node.type === "assignment_expression" && node.childForFieldName("operator")?.text === "=" && isErrno(node.childForFieldName("left"))) return MODELLED;
          if (node.type === "call_expression" && setters.has(calleeName(node) ?? "")) return before | MAY_BE_UNMODELLED;
          return before;
        },
        assume(condition, _truth, before) {
          see(condition, before);
          return before;
        },
        jump(jump, before) {
          see(jump.node, before);
        },
      },
    );
    if (own.some((r) => (seen.get(r.id) ?? MAY_BE_UNMODELLED) & MAY_BE_UNMODELLED)) return false;
  }
  return true;
}
