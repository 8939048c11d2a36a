// The program's recursions: the cycles in the calls among its own functions, each with what a level costs and, where the program's constants fix it, how deep it goes.
import { estimateRecursion, type ProgramCall, type RecursionEstimate } from "./recursion-depth.js";
import type { ProgramFacts } from "./program.js";
import type { Node } from "../core/syntax-tree.js";
import { descendants, namedChildren } from "../core/syntax.js";
import { RECURSION_RESERVE, THREAD_SIZE } from "./kernel-stack.js";
import { declaresFunctionPointers, functionsUsedAsValues, indirectCalls } from "./indirect-calls.js";

export interface Recursion {
  /** The first call of the cycle in the text: `f() calls itself` is told at it. */
  call: ProgramCall;
  /** The functions of the cycle. */
  members: ReadonlySet<string>;
  /** `f() calls itself`, `f() and g() call each other`. */
  what: string;
  estimate: RecursionEstimate;
}

/** A call by name between the program's functions, where the text has it; or a call through a pointer (`node`, its callee) that may reach `callee`. */
type CallEdge = { caller: string; callee: string; offset: number; node?: Node };

const found = new WeakMap<ProgramFacts, Recursion[]>();

/**
 * Every recursion of the program, in the order of its first call. The text answers first (each
 * mention of a function's name followed by `(`, inside a definition); the tree confirms only the
 * calls of a cycle. Read once per parse: the portability check and the stack guard ask alike.
 */
export function recursions(program: ProgramFacts): Recursion[] {
  const known = found.get(program);
  if (known) return known;
  const { source } = program;
  const edges: CallEdge[] = [];
  // A definition's first mention of its own name before its body is its declarator (`int f(int
  // n)`): not a call, and left out here rather than asked of the tree, where it would make every
  // function a recursion to confirm.
  let definition: { node: Node } | undefined;
  let bodyStart = 0;
  let named = false;
  for (const { word, index } of program.functionMentions()) {
    let after = index + word.length;
    while (after < source.length && /\s/.test(source[after]!)) after++;
    if (source[after] !== "(" || !program.isCompiled(index)) continue;
    const span = program.functions.enclosing(index);
    if (!span) continue;
    if (span !== definition) {
      definition = span;
      bodyStart = span.node.childForFieldName("body")?.startIndex ?? span.node.endIndex;
      named = false;
    }
    if (word === span.name && !named && index < bodyStart) {
      named = true;
      continue;
    }
    edges.push({ caller: span.name, callee: word, offset: index });
  }
  edges.push(...pointerEdges(program));
  const callAt = (e: CallEdge): ProgramCall[] => {
    if (e.node) return [{ caller: e.caller, callee: e.callee, node: e.node }];
    const callee = program.root.descendantForIndex(e.offset, e.offset + e.callee.length);
    if (callee.type !== "identifier" || callee.startIndex !== e.offset) return [];
    const call = callee.parent;
    if (call?.type !== "call_expression" || call.startIndex !== e.offset) return [];
    return [{ caller: e.caller, callee: e.callee, node: callee }];
  };
  const out: Recursion[] = [];
  for (const component of cycles(edges)) {
    // The first edge that is a real call (a definition's own name is followed by `(` too).
    const calls = component.flatMap(callAt);
    const call = calls[0];
    if (!call) continue;
    const members = new Set(calls.map((c) => c.caller));
    const entries = edges.filter((e) => !members.has(e.caller) && members.has(e.callee)).flatMap(callAt);
    const what = call.caller === call.callee ? `${call.caller}() calls itself` : `${call.caller}() and ${call.callee}() call each other`;
    out.push({ call, members, what, estimate: estimateRecursion(program, calls, entries) });
  }
  found.set(program, out);
  return out;
}

/**
 * The calls through pointers (`fn(s)` with `long (*fn)(const char *)` a parameter), each an edge
 * to every function of the program used as a value: any of them may be the one called, and
 * `step()` passing itself to `each()`, which calls what it is given, recurses as surely as a call
 * by name. Only a program that declares a pointer to a function is read.
 */
function pointerEdges(program: ProgramFacts): CallEdge[] {
  if (!declaresFunctionPointers(program)) return [];
  const targets = functionsUsedAsValues(program, new Set(program.functions.names()));
  if (targets.size === 0) return [];
  const out: CallEdge[] = [];
  for (const call of indirectCalls(program).values()) {
    const caller = program.functions.enclosing(call.startIndex)?.name;
    const callee = call.childForFieldName("function");
    if (!caller || !callee) continue;
    for (const target of targets) out.push({ caller, callee: target, offset: call.startIndex, node: callee });
  }
  return out;
}

/** The edges of each strongly connected component with a cycle (Tarjan's), in the order of their first edge. */
function cycles(edges: CallEdge[]): CallEdge[][] {
  const graph = new Map<string, CallEdge[]>();
  for (const e of edges) {
    const out = graph.get(e.caller);
    if (out) out.push(e);
    else graph.set(e.caller, [e]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  // Iterative, with the walk's own stack: a chain of calls tens of thousands deep (generated
  // code) would overflow JavaScript's.
  const visit = (root: string) => {
    const enter = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      walk.push({ v, next: 0 });
    };
    const walk: Array<{ v: string; next: number }> = [];
    enter(root);
    while (walk.length > 0) {
      const top = walk[walk.length - 1]!;
      const out = graph.get(top.v) ?? [];
      if (top.next < out.length) {
        const callee = out[top.next++]!.callee;
        if (!index.has(callee)) enter(callee);
        else if (onStack.has(callee)) low.set(top.v, Math.min(low.get(top.v)!, index.get(callee)!));
        continue;
      }
      walk.pop();
      const v = top.v;
      if (low.get(v) === index.get(v)) {
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.set(w, components);
        } while (w !== v);
        components++;
      }
      // Back in the caller: what the callee reaches, the caller reaches.
      const caller = walk[walk.length - 1];
      if (caller) low.set(caller.v, Math.min(low.get(caller.v)!, low.get(v)!));
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  // An edge inside one component is part of a cycle (a self-call is a cycle of one).
  const byComponent = new Map<number, CallEdge[]>();
  for (const e of edges) {
    const c = component.get(e.caller);
    if (c === undefined || c !== component.get(e.callee)) continue;
    const list = byComponent.get(c);
    if (list) list.push(e);
    else byComponent.set(c, [e]);
  }
  return [...byComponent.values()].map((list) => list.sort((a, b) => a.offset - b.offset)).sort((a, b) => a[0]!.offset - b[0]!.offset);
}

/**
 * Whether the depth the constants give is an upper bound too, not only the least the recursion
 * takes: a function that calls only itself and begins by returning where its counting parameter
 * reaches the bound (`if (n <= 1) return 1;` before anything else), so that no call goes deeper.
 * A comparison elsewhere in the body (`if (depth < max) puts(…)` after the call) bounds nothing.
 * And only where that depth, at the least a level takes, leaves RECURSION_RESERVE of the stack
 * for what runs below init (the module loader) and below the deepest level (printk, the
 * allocator): a level often takes more than its estimate, and a bound that only just fits the
 * stack on paper overruns it in the kernel, which panics (a guarded level fails cleanly instead).
 */
export function depthBounded(program: ProgramFacts, r: Recursion): boolean {
  const depth = r.estimate.depth;
  if (!depth || r.members.size !== 1) return false;
  if (depth.levels * r.estimate.levelBytes > THREAD_SIZE - RECURSION_RESERVE) return false;
  const fn = program.functions.get([...r.members][0]!);
  const first = fn ? namedChildren(fn.body).find((s) => s.type !== "declaration" && s.type !== "comment") : undefined;
  const recurses = (n: Node) => descendants(n, "call_expression").some((c) => r.members.has(c.childForFieldName("function")?.text ?? ""));
  const counts = (n: Node) => descendants(n, "identifier").some((id) => id.text === depth.parameter);
  // `return n > 0 ? n + sum(n - 1) : 0;`: the test decides, and only one arm goes deeper.
  const value = first?.type === "return_statement" ? first.namedChild(0) : null;
  if (value?.type === "conditional_expression") {
    const test = value.childForFieldName("condition");
    const arms = [value.childForFieldName("consequence"), value.childForFieldName("alternative")];
    return !!test && counts(test) && !recurses(test) && arms.filter((a) => a && recurses(a)).length === 1;
  }
  if (first?.type !== "if_statement" || first.childForFieldName("alternative")) return false;
  const condition = first.childForFieldName("condition");
  let consequence = first.childForFieldName("consequence");
  if (consequence?.type === "compound_statement") {
    const inner = namedChildren(consequence).filter((s) => s.type !== "comment");
    consequence = inner.length === 1 ? inner[0]! : null;
  }
  if (!condition || consequence?.type !== "return_statement") return false;
  return !recurses(first) && counts(condition);
}
