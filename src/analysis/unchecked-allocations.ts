// Where a function dereferences an allocation's result on a path that never tested it for NULL, as dataflow over the shared flow graph.
import { codeSpans } from "../core/parse.js";
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, namedChildren, unparenthesize } from "../core/syntax.js";
import { hasWord, wordOffsets } from "../core/words.js";
import { declaredIn } from "./declared-names.js";
import type { Flow, FlowGraphs } from "./flow/graph.js";
import { type Lattice, solveFunction } from "./flow/solve.js";
import { accessPath, callOf, conditionalAllocation, initializedMembers, isNullLiteral, valuePath } from "./ownership.js";
import type { ProgramFacts } from "./program.js";
import { LIBC_ALLOCATORS, type ResourceModel } from "./resources.js";
import { macroCalls } from "./macro-bodies.js";
import { macroDereferences } from "./macro-expansion.js";

/*
 * A user program that dereferences a failed malloc() dies alone, with SIGSEGV; a module that does
 * the same oopses the kernel. The state at each point is, for each access path (a variable `p`, or
 * a member of one: `s.buf`, `s->buf`, stored to or initialised in a list: `{ .buf = malloc(n) }`),
 * the allocating calls whose unchecked result it may hold there: an assignment from an allocator
 * adds one, any other assignment (to it or to what it is a member of), or passing its address (or
 * its struct's), forgets it, and a condition that tests it (`p`, `!p`, `p == NULL`, `p != NULL`,
 * inside && and ||) forgets it on both arms, since the program decided there what a NULL p means.
 * A dereference of a path that still holds one is reported.
 */

/** Unchecked allocation sites (by node id: each visit reads a new wrapper of the same node) by variable; BOTTOM is "no path reaches here". */
type Unchecked = ReadonlyMap<string, ReadonlyMap<number, Node>>;

const BOTTOM: Unchecked = new Map([["\0unreachable", new Map()]]);

const UNCHECKED: Lattice<Unchecked> = {
  bottom: BOTTOM,
  join(a, b) {
    if (a === BOTTOM) return b;
    if (b === BOTTOM || a === b) return a;
    const out = new Map<string, ReadonlyMap<number, Node>>(a);
    for (const [v, sites] of b) out.set(v, new Map([...(out.get(v) ?? []), ...sites]));
    return out;
  },
  equals(a, b) {
    if (a === b) return true;
    if (a === BOTTOM || b === BOTTOM || a.size !== b.size) return false;
    for (const [v, sites] of a) if (b.get(v)?.size !== sites.size) return false;
    return true;
  },
};

/**
 * Library calls that read or write through their arguments, and which: the kernel's versions
 * dereference them as the C library's do (strcpy(dst, NULL) oopses as surely as strcpy(NULL, src)).
 * printf()'s arguments are not among them: the kernel's vsnprintf() prints "(null)" for a NULL %s.
 */
const DEREFERENCING_CALLS: ReadonlyMap<string, readonly number[]> = new Map([
  ["strcpy", [0, 1]], ["strncpy", [0, 1]], ["strcat", [0, 1]], ["strncat", [0, 1]], ["memcpy", [0, 1]], ["memmove", [0, 1]],
  ["memset", [0]], ["memcmp", [0, 1]], ["sprintf", [0]], ["snprintf", [0]], ["strlen", [0]], ["strcmp", [0, 1]], ["strncmp", [0, 1]],
  ["strchr", [0]], ["strrchr", [0]], ["strstr", [0, 1]], ["strdup", [0]], ["strndup", [0]], ["fgets", [0]], ["atoi", [0]], ["atol", [0]],
  ["strtol", [0]], ["strtoul", [0]], ["sscanf", [0]],
  ["strnlen", [0]], ["strcasecmp", [0, 1]], ["strncasecmp", [0, 1]], ["strspn", [0, 1]], ["strcspn", [0, 1]], ["strpbrk", [0, 1]],
  ["strtok", [0]], ["strtok_r", [0]], ["memchr", [0]], ["memccpy", [0, 1]], ["stpcpy", [0, 1]], ["stpncpy", [0, 1]], ["strcoll", [0, 1]],
  ["strtoll", [0]], ["strtoull", [0]], ["atoll", [0]], ["qsort", [0]],
]);

/** One unchecked result and the first dereference of it that a path reaches. */
export interface UncheckedAllocation {
  /** The allocating call. */
  site: Node;
  /** The variable it was stored in. */
  variable: string;
  /** Where that variable is dereferenced before any test. */
  use: Node;
}

/** The paths a node dereferences: `p->f`, `p[i]`, `*p`, `strcpy(p, q)`, with p a variable or a member (`s.buf[i]`). */
function dereferenced(node: Node, passedOn?: HandedOn): string[] {
  if (node.type === "call_expression") {
    // A function of the program's own that is handed the pointer: it may use it as the memory it
    // should be (`fill(sol)` writing sol[i]), where it reads its parameter before testing it.
    const callee = calleeName(node) ?? "";
    const uses = passedOn?.(callee);
    if (uses) return callArguments(node).flatMap((a, i) => (uses(i) ? (accessPath(unparenthesize(a)) ?? []) : []));
    const which = DEREFERENCING_CALLS.get(callee);
    if (!which) return [];
    const args = callArguments(node);
    return which.flatMap((i) => accessPath(args[i]) ?? []);
  }
  const base =
    node.type === "field_expression" && node.childForFieldName("operator")?.text === "->"
      ? node.childForFieldName("argument")
      : node.type === "subscript_expression"
        ? node.childForFieldName("argument")
        : node.type === "pointer_expression" && node.childForFieldName("operator")?.text === "*"
          ? node.childForFieldName("argument")
          : undefined;
  const path = accessPath(base);
  return path ? [path] : [];
}

/** The variable a path starts from: `s` of `s.buf` and `s->buf`. */
const rootOf = (path: string) => /^[A-Za-z_]\w*/.exec(path)?.[0] ?? path;

/** `path` and every path through it: `s`, `s.buf`, `s->next->buf`. */
const within = (path: string, key: string) => key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}->`);

const UNEVALUATED = new Set(["sizeof_expression", "alignof_expression", "offsetof_expression", "typeof_specifier"]);

const NESTED_EVENTS = new Set(["call_expression", "assignment_expression", "init_declarator", "update_expression"]);

/**
 * The dereferences a point of the flow performs itself: its subtree, without the events nested in
 * it (the flow visits those on their own, in their own state).
 */
function dereferencesAt(node: Node, passedOn: HandedOn | undefined, top = true): Node[] {
  if (!top && NESTED_EVENTS.has(node.type)) return [];
  // sizeof(*p) and its relatives do not evaluate their operand.
  if (UNEVALUATED.has(node.type)) return [];
  const found: Node[] = dereferenced(node, passedOn).length > 0 ? [node] : [];
  let children = node.namedChildren.filter((c): c is Node => c !== null);
  const op = node.type === "binary_expression" ? node.childForFieldName("operator")?.text : undefined;
  // The operands that run only on some paths (the right side of && and ||, the arms of ?:) are no
  // events of the flow's: read here, with what their condition tests left out (`p && p[0]`,
  // `n > 0 ? v[0] : 0` reads v untested).
  const condition = op === "&&" || op === "||" ? node.childForFieldName("left") : node.type === "conditional_expression" ? node.childForFieldName("condition") : null;
  if (condition) {
    const tested = testedIn(condition);
    found.push(...dereferencesAt(condition, passedOn, false));
    for (const arm of children.filter((c) => c.id !== condition.id)) {
      for (const d of dereferencesAt(arm, passedOn, false)) if (dereferenced(d, passedOn).some((v) => !tested.has(v))) found.push(d);
    }
    return found;
  }
  // The calls and stores in an assignment's or a declarator's value are events of their own,
  // visited before this one (and passed over below); what the value reads through (`x = c[0]`,
  // `int n = p->len;`) is read here, before the store.
  if (node.type === "init_declarator") children = [node.childForFieldName("value")].filter((c): c is Node => c !== null);
  for (const c of children) found.push(...dereferencesAt(c, passedOn, false));
  return found;
}

/** The variables a condition tests against NULL, through !, && and ||, and where it stores them (`(p = malloc(n)) == NULL`). */
function testedIn(condition: Node, out = new Set<string>()): Set<string> {
  const c = unparenthesize(condition);
  const path = valuePath(c);
  if (path) out.add(path);
  else if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") testedIn(c.childForFieldName("argument")!, out);
  else if (c.type === "binary_expression") {
    const op = c.childForFieldName("operator")?.text;
    const left = c.childForFieldName("left")!;
    const right = c.childForFieldName("right")!;
    if (op === "&&" || op === "||") {
      testedIn(left, out);
      testedIn(right, out);
    } else if (op === "==" || op === "!=") {
      const isNull = (e: Node) => ["NULL", "0", "nullptr"].includes(unparenthesize(e).text);
      const tested = isNull(right) ? valuePath(left) : isNull(left) ? valuePath(right) : undefined;
      if (tested) out.add(tested);
    }
  }
  return out;
}

/**
 * Where the C library's allocators are called, and the program's own that can return NULL
 * (`nullable`): the calls in each function definition, by the definition's start. Only those
 * functions can hold an unchecked result, so the others need neither a flow nor a solve.
 */
export function allocatingFunctions(program: ProgramFacts, nullable: ReadonlySet<string> = new Set()): Map<number, Node[]> {
  const sites = new Map<number, Node[]>();
  const allocators = nullable.size > 0 ? new Set([...LIBC_ALLOCATORS, ...nullable]) : LIBC_ALLOCATORS;
  for (const { call } of program.callsNamed(allocators)) {
    const n = program.functions.enclosing(call.startIndex)?.node;
    if (!n) continue;
    const list = sites.get(n.startIndex);
    if (list) list.push(call);
    else sites.set(n.startIndex, [call]);
  }
  return sites;
}

/**
 * Whether the dataflow below can find nothing at this allocation: its result goes nowhere the
 * flow follows (`return malloc(n);`, `f(malloc(n))`, `s->buf = malloc(n);`), or it is stored by a statement of its own
 * (`p = malloc(n);`, `T *p = malloc(n);`, one declarator) whose very next statement tests it
 * (`if (!p)`, `if (p == NULL)`, …): no path reaches a dereference between the two, and the test
 * forgets it on both arms. The common shape, answered without building the function's flow.
 */
export function testedAtOnce(call: Node): boolean {
  let top: Node = call;
  let n = call.parent;
  while (n && (n.type === "parenthesized_expression" || n.type === "cast_expression")) {
    top = n;
    n = n.parent;
  }
  let variable: string | undefined;
  let statement: Node | null = null;
  if (n?.type === "assignment_expression") {
    const left = n.childForFieldName("left");
    if (n.childForFieldName("right")?.id !== top.id || !left) return false;
    // Stored through an index or a pointer (`v[i] = malloc(n);`), or by a compound operator: the flow follows no such result.
    variable = accessPath(left);
    if (n.childForFieldName("operator")?.text !== "=" || !variable) return true;
    statement = n.parent;
    if (statement?.type !== "expression_statement") return false;
  } else if (n?.type === "init_declarator") {
    if (n.childForFieldName("value")?.id !== top.id) return false;
    variable = declaratorName(n.childForFieldName("declarator"))?.text;
    statement = n.parent;
    if (statement?.type !== "declaration" || statement.childrenForFieldName("declarator").length !== 1) return false;
  } else if (n?.type === "initializer_list" || n?.type === "initializer_pair") {
    // A member of a struct initialised in its declaration (`struct buf b = { malloc(n) };`): the flow follows it.
    return false;
  } else {
    // Not stored in a variable: the flow follows no such result.
    return !TRACKING_PARENTS.has(n?.type ?? "");
  }
  if (!variable || statement.parent?.type !== "compound_statement") return false;
  let next = statement.nextNamedSibling;
  while (next?.type === "comment") next = next.nextNamedSibling;
  if (next?.type !== "if_statement") return false;
  const condition = next.childForFieldName("condition");
  return condition !== null && isNullTestOf(condition, variable);
}

/**
 * The element an allocation's result is stored in by a statement of its own, where no access
 * path names it and so the flow follows none (`v[i] = malloc(n);`, `*slot = malloc(n);`), when
 * the function never tests that element against NULL itself and reading it again has no side
 * effects: such an element is used as the memory it should hold (`v[i][j] = 0`), and a NULL one
 * is dereferenced. Only tests after the store count: one before it is of the value it replaces. Undefined for any other allocation.
 */
export function uncheckedElementStore(call: Node, body: Node, source: string): string | undefined {
  let top: Node = call;
  let n = call.parent;
  while (n && (n.type === "parenthesized_expression" || n.type === "cast_expression")) {
    top = n;
    n = n.parent;
  }
  if (n?.type === "initializer_list" || n?.type === "initializer_pair") return initializedMemberStore(top, source);
  if (n?.type !== "assignment_expression" || n.childForFieldName("operator")?.text !== "=" || n.childForFieldName("right")?.id !== top.id) return undefined;
  const left = n.childForFieldName("left");
  if (!left) return undefined;
  const l = unparenthesize(left);
  if (l.type === "field_expression" && n.parent?.type === "expression_statement") {
    // A member (`s->buf = malloc(n);`, `people[i].name = strdup(s);`) the program tests against
    // NULL nowhere, by any path: it is used, here or wherever the structure goes, as the memory it
    // should hold. Read again by the test, it must be the same member: no call, ++ or -- in it.
    const member = l.childForFieldName("field")?.text;
    return member && !/[()]|\+\+|--|[^=!<>]=[^=]/.test(l.text) && !memberTestedAnywhere(source, member) ? l.text : undefined;
  }
  if (accessPath(left) !== undefined) return undefined;
  if (l.type !== "subscript_expression" && !(l.type === "pointer_expression" && l.childForFieldName("operator")?.text === "*")) return undefined;
  if (n.parent?.type !== "expression_statement") return undefined;
  // `v[n++] = strdup(t);`: after the statement the element is v[n - 1] (`v[++n]`: v[n]), read so by the test.
  const counted = l.type === "subscript_expression" ? /^\s*(?:([A-Za-z_]\w*)\s*\+\+|\+\+\s*([A-Za-z_]\w*))\s*$/.exec(l.childForFieldName("index")?.text ?? "") : null;
  const array = l.childForFieldName("argument")?.text ?? "";
  const sideEffects = /\+\+|--|[\w)\]]\s*\(|[^=!<>]=[^=]/;
  const stored = counted && !sideEffects.test(array) ? (counted[1] ? `${array}[${counted[1]} - 1]` : `${array}[${counted[2]}]`) : l.text;
  // Read again by the test, the element must be the same one: no ++, no call, no assignment in it
  // (parentheses that only group, `*(c + i)`, are fine).
  if (sideEffects.test(stored)) return undefined;
  const shape = (t: string) => t.replace(/\s+/g, "");
  const element = shape(stored);
  for (const c of [...descendants(body, "if_statement"), ...descendants(body, "while_statement"), ...descendants(body, "conditional_expression"), ...descendants(body, "binary_expression"), ...descendants(body, "unary_expression")]) {
    const condition = c.type === "binary_expression" || c.type === "unary_expression" ? c : c.childForFieldName("condition");
    // A test before the store (`while (*slot) slot = &(*slot)->next;`) is of another value.
    if (!condition || condition.startIndex < n.endIndex) continue;
    const u = unparenthesize(condition);
    const tested = u.type === "unary_expression" && u.childForFieldName("operator")?.text === "!" ? [u.childForFieldName("argument")] : u.type === "binary_expression" && ["==", "!="].includes(u.childForFieldName("operator")?.text ?? "") ? [u.childForFieldName("left"), u.childForFieldName("right")] : c.type === "if_statement" || c.type === "while_statement" || c.type === "conditional_expression" ? [u] : [];
    if (tested.some((t) => t && shape(unparenthesize(t).text) === element)) return undefined;
  }
  return stored;
}

/**
 * A member a structure's initializer gives an allocation's result (`vec v = { calloc(n, 4), n };`,
 * `{ .buf = malloc(n) }`), when the program tests a member of that name against NULL nowhere: the
 * structure goes on (returned, copied, handed on) with the member used as the memory it should hold,
 * where the flow of this function does not follow it. Its path, tested after the declaration.
 */
function initializedMemberStore(value: Node, source: string): string | undefined {
  let n: Node | null = value.parent;
  while (n && (n.type === "initializer_list" || n.type === "initializer_pair")) n = n.parent;
  if (n?.type !== "init_declarator") return undefined;
  const list = n.childForFieldName("value");
  const stored = list ? initializedMembers(n, list).find((m) => m.value.id === value.id) : undefined;
  const member = stored?.path.slice(stored.path.lastIndexOf(".") + 1);
  return stored && member && !memberTestedAnywhere(source, member) ? stored.path : undefined;
}

/**
 * Whether the program's code tests a member of this name against NULL anywhere (`!s->buf`,
 * `if (v.buf)`, `p->buf == NULL`); not where it is read through (`h->array[i]`, `s->buf->len`),
 * nor in a comment or a string.
 */
function memberTestedAnywhere(source: string, member: string): boolean {
  if (spansOf?.source !== source) spansOf = { source, spans: codeSpans(source) };
  const code = spansOf.spans;
  let span = 0;
  for (const m of source.matchAll(/(?:->|\.)\s*([A-Za-z_]\w*)\b/g)) {
    if (m[1] !== member) continue;
    while (span < code.length && code[span]!.end <= m.index) span++;
    if (span === code.length || code[span]!.start > m.index) continue;
    const after = source.slice(m.index + m[0].length, m.index + m[0].length + 40);
    if (/^\s*(?:\[|->|\.|\()/.test(after)) continue;
    if (/^\s*(?:[!=]=\s*(?:NULL|0|nullptr)\b|&&|\|\||\?)/.test(after)) return true;
    const before = source.slice(Math.max(0, m.index - 80), m.index);
    if (/(?:!|\bif\s*\(|\bwhile\s*\(|&&|\|\||\b(?:NULL|0|nullptr)\s*[!=]=)\s*\(?\s*[\w.\->[\]\s]*$/.test(before)) return true;
  }
  return false;
}

/** The code spans of the text memberTestedAnywhere() read last: a port asks once per member store, of one text. */
let spansOf: { source: string; spans: Array<{ start: number; end: number }> } | undefined;

/** Parents through which the flow could store an allocation's result. */
const TRACKING_PARENTS = new Set(["assignment_expression", "init_declarator", "comma_expression", "conditional_expression"]);

/** `v`, `!v`, `v == NULL`, `NULL != v` and the like (v a variable or a member: `s.buf`), in parentheses or not: a test of `v` that dereferences nothing. */
function isNullTestOf(condition: Node, variable: string): boolean {
  let c = unparenthesize(condition);
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") c = unparenthesize(c.childForFieldName("argument")!);
  if (c.type === "identifier" || c.type === "field_expression") return accessPath(c) === variable;
  if (c.type !== "binary_expression") return false;
  const op = c.childForFieldName("operator")?.text;
  if (op !== "==" && op !== "!=") return false;
  const left = unparenthesize(c.childForFieldName("left")!);
  const right = unparenthesize(c.childForFieldName("right")!);
  const isNull = (e: Node) => ["NULL", "0", "nullptr"].includes(e.text);
  return (accessPath(left) === variable && isNull(right)) || (accessPath(right) === variable && isNull(left));
}

/**
 * The program's own allocators (functions that return memory they allocated) that can return
 * NULL: one that returns NULL itself (`if (!p) return NULL;`), the result of an allocator that
 * can, or a variable holding an allocation's result it never tested (`n = calloc(1, size);
 * return n;`). A caller that dereferences such a result untested oopses the kernel where the
 * program died of SIGSEGV, as with malloc() itself. An allocator that ends the program on a failed
 * allocation (xmalloc()) returns only what it tested, and is not one. Settled to a fixed point,
 * since an allocator may return another's result.
 */
export function nullableAllocators(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel): Set<string> {
  const nullable = new Set<string>();
  const allocator = (name: string) => model.allocators.get(name)?.origin === "program";
  // Beside the allocators, a function returning a pointer that returns NULL itself (`make_circle()`
  // returning NULL where a node's malloc() failed, the list it built kept in other variables): a
  // caller that dereferences its result untested oopses where the program died of SIGSEGV.
  const returnsNullInText = (name: string) => {
    const fn = program.functions.get(name)!;
    return fn.returnsPointer && /\breturn\s*\(?\s*(?:NULL|0|\(\s*void\s*\*\s*\)\s*0)\s*\)?\s*;/.test(program.source.slice(fn.body.startIndex, fn.body.endIndex));
  };
  const candidates = program.functions.names().filter((name) => allocator(name) || returnsNullInText(name));
  // After the first round, only a function that names one found nullable since its last reading can change.
  let fresh: string[] | undefined;
  for (let changed = candidates.length > 0; changed; ) {
    changed = false;
    const before = fresh;
    fresh = [];
    for (const name of candidates) {
      const fn = program.functions.get(name);
      if (!fn || nullable.has(name)) continue;
      if (before && !before.some((f) => wordOffsets(program.source, f, fn.body.startIndex, fn.body.endIndex).length > 0)) continue;
      // A NULL of its own says an allocation failed only in a function that allocates: one that
      // allocates nothing (a tree's delete, a queue's dequeue, a lookup) returns NULL as a value
      // (empty, not found), which its callers store and use as one.
      const allocates = () => {
        // Each name the body calls, asked of the allocators (the C library's, the program's, those found nullable so far).
        const allocators = model.named().allocators;
        for (const m of program.source.slice(fn.body.startIndex, fn.body.endIndex).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (allocators.has(m[1]!) || nullable.has(m[1]!)) return true;
        return false;
      };
      const returnsNull = descendants(fn.body, "return_statement").some((r) => {
        const value = r.namedChildren.find((c) => c.type !== "comment");
        if (!value) return false;
        const call = callOf(value);
        const callee = call ? calleeName(call) : undefined;
        return (isNullLiteral(value) && allocates()) || (callee !== undefined && (model.allocators.get(callee)?.origin === "libc" || nullable.has(callee)));
      });
      // A result dereferenced before it is returned gets its test there (allocation-results-checked), and is tested when it is returned.
      // The flow is built only where the text leaves the question open, and only for an allocator.
      if (!returnsNull && !allocator(name)) continue;
      const flow = returnsNull ? undefined : graphs.of(name);
      if (!returnsNull && !flow) continue;
      const returned = returnsNull ? [] : uncheckedAllocations(flow!, model, { nullable, returned: true });
      const tested = returned.length === 0 ? new Set<number>() : new Set(uncheckedAllocations(flow!, model, { passedOn: handedOn(program, graphs, model, name), nullable, readsFileScope: fileScopeReaders(program, graphs, name) }).map((u) => u.site.id));
      if (returnsNull || returned.some((u) => !tested.has(u.site.id))) {
        nullable.add(name);
        fresh.push(name);
        changed = true;
      }
    }
  }
  return nullable;
}

/**
 * For one function's calls: whether a call of `callee` uses a pointer handed to it as argument
 * `index`, where `callee` is one of the program's functions (undefined for any other): where it
 * reads its parameter before testing it on some path (`fill(sol)` writing sol[i]), or hands it to a
 * function that does, read from the callee's own flow with the parameter as its unchecked value. A
 * function that may be given NULL (`get(t)` doing `if (!t) t = malloc(…);`, a release function
 * that only frees it, which NULL allows) uses none.
 */
export function handedOn(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel, name: string): HandedOn {
  const summaries = parameterUses(program, graphs, model);
  // A use of the program's own function-like macro reads through the arguments its body does (`AT(t, i)` for `(t)[i]`).
  const macros = program.source.includes("#") ? macroDereferences(program) : undefined;
  return (callee) => {
    if (callee !== name && program.functions.has(callee)) return summaries(callee);
    const through = macros?.get(callee);
    return through ? (index: number) => through.has(index) : undefined;
  };
}

/**
 * Whether a call of `callee` reads through its argument `index` before any test of it: a library
 * function that dereferences it (strcpy(), strlen()), or a function of the program's that does
 * (handedOn()). A call through a pointer, whose function is not known, counts as one that does.
 */
export function readsThroughArgument(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel): (callee: string | undefined, index: number) => boolean {
  const handed = handedOn(program, graphs, model, "");
  return (callee, index) => {
    if (callee === undefined) return true;
    const uses = handed(callee);
    return uses ? uses(index) : (DEREFERENCING_CALLS.get(callee)?.includes(index) ?? false);
  };
}

/** For a callee of the program's, which of its arguments it uses (handedOn()); undefined for any other callee. */
export type HandedOn = (callee: string) => ((index: number) => boolean) | undefined;

const ALL_USED = () => true;

/** How many callees down a summary may ask for the summaries of others (parameterUses()). */
const SUMMARY_DEPTH = 64;

/** Per program: each function's parameters read before a NULL test, asked for on first use. */
const parameterUsesOf = new WeakMap<ProgramFacts, (callee: string) => (index: number) => boolean>();

function parameterUses(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel): (callee: string) => (index: number) => boolean {
  const known = parameterUsesOf.get(program);
  if (known) return known;
  const settled = new Map<string, (index: number) => boolean>();
  // A summary reads the callee's flow, which asks for the summaries of what it hands its pointers
  // to: a chain of calls thousands deep would overflow JavaScript's stack. Past SUMMARY_DEPTH
  // callees down, a pointer counts as used, as it did before these summaries.
  let depth = 0;
  const uses = (callee: string): ((index: number) => boolean) => {
    const done = settled.get(callee);
    if (done) return done;
    if (depth >= SUMMARY_DEPTH) return ALL_USED;
    // While its own flow is read, a function that hands its parameter back to itself (or through
    // others) counts as using it: a recursion is read as it was before these summaries.
    settled.set(callee, ALL_USED);
    const fn = program.functions.get(callee);
    const flow = fn ? graphs.of(callee) : undefined;
    const parameters = fn ? namedChildren(fn.parameters).filter((p) => p.type === "parameter_declaration") : [];
    if (!fn || !flow || parameters.length !== fn.parameterNames.length) return ALL_USED;
    const entry = new Map(fn.parameterNames.map((p, i) => [p, new Map([[parameters[i]!.id, parameters[i]!]])]));
    const used = new Set<number>();
    depth++;
    try {
      for (const u of uncheckedAllocations(flow, model, { passedOn: handedOn(program, graphs, model, callee), entry })) {
        const i = parameters.findIndex((p) => p.id === u.site.id);
        if (i >= 0) used.add(i);
      }
    } finally {
      depth--;
    }
    // A variadic function's further arguments are read where the program's own code says: as used.
    const variadic = /\.\.\.\s*\)\s*$/.test(fn.parameters.text);
    const answer = (index: number) => used.has(index) || (variadic && index >= parameters.length);
    settled.set(callee, answer);
    return answer;
  };
  parameterUsesOf.set(program, uses);
  return uses;
}

/**
 * The program's macros that stand for an allocation: a body that is one call of an allocator (or
 * of another such macro), in parentheses or behind a cast, `#define NEW(T) ((T *)xmalloc(sizeof(T)))`,
 * `#define NEW_INTS(n) malloc((n) * sizeof(int))`. Their uses are allocations the flow follows.
 */
export function allocatingMacros(program: ProgramFacts, allocates: (callee: string) => boolean): Set<string> {
  const calls = macroCalls(program);
  const out = new Set<string>();
  for (let changed = calls.size > 0; changed; ) {
    changed = false;
    for (const [name, { callee }] of calls) {
      if (!out.has(name) && (allocates(callee) || out.has(callee))) {
        out.add(name);
        changed = true;
      }
    }
  }
  return out;
}

/**
 * For the function `name`: whether a call of the program's function `callee` can read `root`,
 * where `root` is a file-scope variable (neither a parameter of `name` nor declared in it) that the
 * callee, or a function it calls, names without declaring one of its own by that name. What each
 * callee reaches is read once.
 */
export function fileScopeReaders(program: ProgramFacts, graphs: FlowGraphs, name: string): (callee: string, root: string) => boolean {
  const caller = program.functions.get(name);
  return (callee, root) => {
    if (!caller || declaredIn(caller, root) || !program.functions.has(callee)) return false;
    for (const f of reachable(graphs, callee)) {
      const fn = program.functions.get(f);
      if (fn && wordOffsets(program.source, root, fn.body.startIndex, fn.body.endIndex).length > 0 && !declaredIn(fn, root)) return true;
    }
    return false;
  };
}

/** The program's functions a call of `from` can run: itself, and those it calls, through any depth. */
function reachable(graphs: FlowGraphs, from: string): string[] {
  let known = reachableFrom.get(graphs);
  if (!known) reachableFrom.set(graphs, (known = new Map()));
  let out = known.get(from);
  if (!out) {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) for (const c of graphs.callees(stack.pop()!) ?? []) if (!seen.has(c)) seen.add(c), stack.push(c);
    known.set(from, (out = [...seen]));
  }
  return out;
}

/** What each function's calls reach, per program's flow graphs. */
const reachableFrom = new WeakMap<FlowGraphs, Map<string, string[]>>();

/** What uncheckedAllocations() counts as a use, besides the function's own dereferences. */
export interface UncheckedOptions {
  /** The program's functions a pointer handed to counts as used by, and at which arguments (handedOn()). */
  passedOn?: HandedOn;
  /** What the function's parameters hold at its start: unchecked results, for handedOn()'s summaries of a callee. */
  entry?: ReadonlyMap<string, ReadonlyMap<number, Node>>;
  /** The program's allocators that can return NULL, followed as the C library's are. */
  nullable?: ReadonlySet<string>;
  /** Report the results the function returns untested instead (their use: the return). */
  returned?: boolean;
  /**
   * Whether a call of the program's function `callee` can read the variable `root` of this
   * function's (a file-scope one, which the callee or a function it calls names): an allocation
   * held there counts as used by the call (fileScopeReaders()).
   */
  readsFileScope?: (callee: string, root: string) => boolean;
}

/**
 * Every allocation result one function dereferences before testing it, with the first such use of
 * each.
 */
export function uncheckedAllocations(flow: Flow, model: ResourceModel, options: UncheckedOptions = {}): UncheckedAllocation[] {
  const { passedOn, nullable, returned = false, readsFileScope, entry } = options;
  const found = new Map<number, UncheckedAllocation>();
  // Where each allocation was stored: the test goes there, whichever copy of it is dereferenced.
  const storedIn = new Map<number, string>();
  const without = (s: Unchecked, names: Iterable<string>): Unchecked => {
    let out: Map<string, ReadonlyMap<number, Node>> | undefined;
    for (const n of names) {
      if (!s.has(n)) continue;
      out ??= new Map(s);
      out.delete(n);
    }
    return out ?? s;
  };
  const use = (node: Node, s: Unchecked) => {
    // Nothing unchecked is held here: no dereference can be reported, so none is looked for.
    if (s === BOTTOM || s.size === 0 || returned) return;
    // A call of the program's own that reads a file-scope variable holding a result (`buffer =
    // malloc(n); fill();`) uses it there, though the call does not name it.
    const callee = readsFileScope && node.type === "call_expression" ? calleeName(node) : undefined;
    if (callee !== undefined) {
      for (const [variable, sites] of s) {
        if (!readsFileScope!(callee, rootOf(variable))) continue;
        for (const site of sites.values()) {
          const old = found.get(site.id);
          if (!old || node.startIndex < old.use.startIndex) found.set(site.id, { site, variable: storedIn.get(site.id) ?? variable, use: node });
        }
      }
    }
    // A dereference names its variable: a node whose text names none of those held looks no further.
    const text = node.text;
    let named = false;
    for (const v of s.keys()) if (hasWord(text, rootOf(v))) named = true;
    if (!named) return;
    for (const d of dereferencesAt(node, passedOn)) {
      for (const variable of dereferenced(d, passedOn)) {
        for (const site of s.get(variable)?.values() ?? []) {
          const old = found.get(site.id);
          if (!old || d.startIndex < old.use.startIndex) found.set(site.id, { site, variable: storedIn.get(site.id) ?? variable, use: d });
        }
      }
    }
  };
  /** `path` and every path through it, forgotten: a new value of `s` is a new `s.buf` too. */
  const forget = (s: Unchecked, paths: Iterable<string>): Unchecked => {
    const gone: string[] = [];
    for (const p of paths) for (const key of s.keys()) if (within(p, key)) gone.push(key);
    return without(s, gone);
  };
  const assign = (s: Unchecked, left: Node | null | undefined, right: Node | null | undefined): Unchecked => assignTo(s, accessPath(left), right);
  const assignTo = (s: Unchecked, name: string | undefined, right: Node | null | undefined): Unchecked => {
    if (!name) return s;
    // The C library's allocators, and the program's own that can return NULL: one that ends the
    // program instead (xmalloc()) is checked by the rules that port its exits. Either arm of a
    // conditional may be one (`v = n > 0 ? malloc(n) : NULL;`).
    const allocates = (callee: string) => model.allocators.get(callee)?.origin === "libc" || nullable?.has(callee) === true;
    const call = callOf(right);
    const callee = call ? calleeName(call) : undefined;
    const calls = call && callee && allocates(callee) ? [call] : (conditionalAllocation(right, allocates) ?? []);
    if (calls.length > 0) {
      const out = new Map(forget(s, [name]));
      out.set(name, new Map(calls.map((c) => [c.id, c])));
      for (const c of calls) if (!storedIn.has(c.id)) storedIn.set(c.id, name);
      return out;
    }
    // A copy (`temp = temp->next;`) holds what it copies, unchecked as it was.
    const copied = right ? s.get(accessPath(unparenthesize(right)) ?? "\0") : undefined;
    if (copied) {
      const out = new Map(forget(s, [name]));
      out.set(name, copied);
      return out;
    }
    return forget(s, [name]);
  };
  solveFunction<Unchecked>(flow, entry ?? new Map(), UNCHECKED, {
    event(node, s) {
      if (s === BOTTOM) return s;
      use(node, s);
      switch (node.type) {
        case "init_declarator": {
          const value = node.childForFieldName("value");
          if (value?.type !== "initializer_list") return assign(s, declaratorName(node.childForFieldName("declarator")), value);
          let out = forget(s, [declaratorName(node.childForFieldName("declarator"))?.text ?? ""]);
          for (const member of initializedMembers(node, value)) out = assignTo(out, member.path, member.value);
          return out;
        }
        case "assignment_expression":
          return node.childForFieldName("operator")?.text === "=" ? assign(s, node.childForFieldName("left"), node.childForFieldName("right")) : s;
        case "call_expression": {
          // f(&p) may set p, f(&s) any member of s, and f(p) any p->member: no longer followed.
          const taken = callArguments(node).flatMap((a) => {
            const u = unparenthesize(a);
            if (u.type === "pointer_expression" && u.childForFieldName("operator")?.text === "&") {
              const path = accessPath(u.childForFieldName("argument"));
              return path ? [path] : [];
            }
            const path = accessPath(u);
            return path ? [...s.keys()].filter((key) => key.startsWith(`${path}->`)) : [];
          });
          return forget(s, taken);
        }
        default:
          return s;
      }
    },
    assume(condition, _truth, s) {
      use(condition, s);
      // An assertion's test (`assert(a && b)`) decides nothing in the module: assert() becomes a
      // WARN_ON() that goes on where the function has no failure value to return.
      if (insideAssertion(condition)) return s;
      const tested = testedIn(condition);
      if (s === BOTTOM || tested.size === 0) return without(s, tested);
      // A copy made before the test (`char *o = out; if (!out) return NULL;`) holds the same
      // allocation: the test of one is a test of the other.
      const sites = new Set<number>();
      for (const t of tested) for (const id of s.get(t)?.keys() ?? []) sites.add(id);
      const copies = [...s].filter(([, held]) => held.size > 0 && [...held.keys()].every((id) => sites.has(id))).map(([name]) => name);
      return without(s, [...tested, ...copies]);
    },
    jump(jump, s) {
      if (jump.to !== "return") return;
      if (!returned) return use(jump.node, s);
      const value = jump.node.namedChildren.find((c) => c.type !== "comment");
      const path = value ? accessPath(unparenthesize(value)) : undefined;
      for (const site of (s !== BOTTOM && path ? s.get(path)?.values() : undefined) ?? []) found.set(site.id, { site, variable: path!, use: jump.node });
    },
  });
  return [...found.values()].sort((a, b) => a.site.startIndex - b.site.startIndex);
}

/** Whether a node is inside the argument of an assert() call. */
function insideAssertion(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === "call_expression") return calleeName(n) === "assert";
    if (n.type.endsWith("statement") || n.type === "function_definition") return false;
  }
  return false;
}
