// Which functions hand out memory, which give it back, and why a function can fail.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, unparenthesize } from "../core/syntax.js";
import { PROCESS_ENDS } from "./flow/graph.js";
import type { CallFacts, FunctionFacts, ProgramFacts } from "./program.js";
import { valuePath } from "./ownership.js";
import { postOrder } from "./post-order.js";
import { macroCalls } from "./macro-bodies.js";

/** The C library's allocators: each returns new memory or NULL (and sets errno to ENOMEM). */
export const LIBC_ALLOCATORS = new Set(["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup"]);
/** The C library's release function for that memory. */
export const LIBC_RELEASERS = new Set(["free"]);

/** A negative errno a failing operation maps to, without the minus sign. */
export type Errno = "ENOMEM" | "EINVAL";

/** A read-only lookup by function name. */
export interface Lookup<T> {
  get(name: string): T | undefined;
  has(name: string): boolean;
}

export interface ResourceModel {
  /** Functions whose result is memory the caller must release: libc's and the program's own constructors. */
  allocators: Lookup<{ origin: "libc" | "program" }>;
  /** Functions that release the memory passed as one of their parameters (index). */
  releasers: Lookup<{ parameter: number; origin: "libc" | "program" }>;
  /** Why each of the program's functions can fail, when it can. */
  failureCause: Lookup<Errno>;
  /**
   * The program's int functions that say failure with a negative constant (`return -1;`) and
   * nothing else with a constant but 0: a call of one failed where its result is not 0. Any other
   * function failed where its result is 0 (NULL, false).
   */
  failsNonZero(name: string): boolean;
  /**
   * Every allocator and release function the program's code can reach: the C library's, and the
   * program's own functions that are one (read only where they call one), each set found once.
   */
  named(): { allocators: ReadonlySet<string>; releasers: ReadonlySet<string> };
}

/**
 * Body summaries by the text of the body: a summary is read from the body alone, so a port keeps
 * them from one parse to the next, and a function no phase edited is not read again.
 */
export type BodySummaries = Map<string, BodySummary>;

/**
 * Answers lazily, each kind of fact on its own: a question about a function reads that function
 * and the program functions its answer can depend on, and no others (whether f allocates asks
 * only about what f returns; whether it releases, only about the calls it makes), so a large
 * program pays only for what is asked. `byText` carries summaries over from an earlier parse of
 * the same program.
 */
export function analyzeResources(program: ProgramFacts, byText: BodySummaries = new Map()): ResourceModel {
  const summaries = new Map<string, BodySummary>();
  const summaryOf = (name: string) => {
    let summary = summaries.get(name);
    if (!summary) {
      const body = program.functions.get(name)!.body;
      // The key is the text the tree was parsed from. A body with a syntax error is read afresh:
      // its tree may depend on the text around it.
      const text = body.hasError ? undefined : body.text;
      summary = text === undefined ? undefined : byText.get(text);
      if (!summary) {
        summary = summarizeBody(program.functions.get(name)!);
        if (text !== undefined) byText.set(text, summary);
      }
      summaries.set(name, summary);
    }
    return summary;
  };
  /** main() and the C library's functions have no facts of the program's own. */
  const own = (name: string) => name !== "main" && program.functions.has(name);

  // A function allocates when it returns a pointer, and returns what an allocator gave it or
  // returns itself: it depends on the functions it calls for what it returns.
  // A macro whose body is one call (`#define NEW(T) ((T *)xmalloc(sizeof(T)))`) allocates as
  // what it calls does, with its origin: its uses are allocations like a call's.
  const macros = macroCalls(program);
  const allocators = leastFixedPoint<{ origin: "libc" | "program" }>(
    (name) => own(name) || macros.has(name),
    (name) => (macros.has(name) && !own(name) ? [macros.get(name)!.callee] : program.functions.get(name)!.returnsPointer ? [...summaryOf(name).assignments.map((a) => a.callee), ...summaryOf(name).returns.flatMap((r) => (r.callee === undefined ? [] : [r.callee]))] : []),
    (name, known, value) => {
      if (macros.has(name) && !own(name)) return value(macros.get(name)!.callee);
      if (!program.functions.get(name)!.returnsPointer) return undefined;
      const body = summaryOf(name);
      const allocated = new Set(body.assignments.filter((a) => known(a.callee)).map((a) => a.target));
      return body.returns.some((r) => (r.identifier !== undefined && allocated.has(r.identifier)) || (r.callee !== undefined && known(r.callee))) ? { origin: "program" } : undefined;
    },
  );
  for (const name of LIBC_ALLOCATORS) allocators.preset(name, { origin: "libc" });

  // A function releases the parameter it passes to a release: the first such call in its body.
  // Only a call that passes a parameter on can make it one, so only those calls' functions are read.
  const passesParameter = (name: string, args: ReadonlyArray<string | undefined>) => args.some((a) => a !== undefined && program.functions.get(name)!.parameterNames.includes(a));
  // A macro that calls a release function with one of its parameters (`#define DROP(p) free(p)`) releases that parameter.
  const releasers = leastFixedPoint<{ parameter: number; origin: "libc" | "program" }>(
    (name) => own(name) || macros.has(name),
    (name) => (macros.has(name) && !own(name) ? [macros.get(name)!.callee] : summaryOf(name).calls.flatMap((c) => (passesParameter(name, c.args) ? [c.callee] : []))),
    (name, _known, value) => {
      const macro = !own(name) ? macros.get(name) : undefined;
      if (macro) {
        const releaser = value(macro.callee);
        const parameter = releaser ? (macro.parameters[releaser.parameter] ?? -1) : -1;
        return releaser && parameter >= 0 ? { parameter, origin: releaser.origin } : undefined;
      }
      for (const c of summaryOf(name).calls) {
        // `free(buf); exit(4);` is the program's cleanup before it ends, not a release its callers see.
        if (c.beforeEnd) continue;
        const releaser = value(c.callee);
        const arg = releaser ? c.args[releaser.parameter] : undefined;
        const parameter = arg === undefined ? -1 : program.functions.get(name)!.parameterNames.indexOf(arg);
        if (parameter >= 0) return { parameter, origin: "program" };
      }
      return undefined;
    },
  );
  for (const name of LIBC_RELEASERS) releasers.preset(name, { parameter: 0, origin: "libc" });

  // Failing only on allocation passes up through helpers that fail when such a helper fails.
  const failureCause = leastFixedPoint<Errno>(
    own,
    (name) => summaryOf(name).returns.flatMap((r) => (r.guardCall === undefined ? [] : [r.guardCall])),
    (name, known) => {
      if (allocators.has(name)) return "ENOMEM";
      const body = summaryOf(name);
      const allocated = new Set(body.assignments.filter((a) => allocators.has(a.callee)).map((a) => a.target));
      return failsOnlyOnAllocation(body, allocated, (callee) => allocators.has(callee) || known(callee), failsNonZero(name)) ? "ENOMEM" : undefined;
    },
  );
  let namedOnce: { allocators: Set<string>; releasers: Set<string> } | undefined;
  return { allocators, releasers, failureCause, failsNonZero, named: () => (namedOnce ??= resourceFunctions()) };

  // A function of the program's allocates or releases only by calling a function that does, so
  // they are found from the C library's upwards, through the callers of each one found; a
  // function that calls none of them is never read.
  function resourceFunctions() {
    const found = { allocators: new Set(LIBC_ALLOCATORS), releasers: new Set(LIBC_RELEASERS) };
    const askedAllocates = new Set<string>();
    const askedReleases = new Set<string>();
    for (let fresh: ReadonlySet<string> = new Set([...LIBC_ALLOCATORS, ...LIBC_RELEASERS]); fresh.size > 0; ) {
      const next = new Set<string>();
      for (const c of program.callsNamed(fresh)) {
        const caller = program.functions.enclosing(c.call.startIndex)?.name;
        if (!caller || !own(caller)) continue;
        if (!askedAllocates.has(caller)) {
          askedAllocates.add(caller);
          if (allocators.has(caller)) found.allocators.add(caller), next.add(caller);
        }
        // Only a call that hands a release function one of the caller's parameters can make the
        // caller one: the others are passed over without reading the caller's body.
        if (!askedReleases.has(caller) && passesParameterToRelease(c, caller)) {
          askedReleases.add(caller);
          if (releasers.has(caller)) found.releasers.add(caller), next.add(caller);
        }
      }
      fresh = next;
    }
    return found;
  }

  function passesParameterToRelease(c: CallFacts, caller: string): boolean {
    const releaser = releasers.get(c.name);
    const arg = releaser ? callArguments(c.call)[releaser.parameter] : undefined;
    const u = arg ? unparenthesize(arg) : undefined;
    return u?.type === "identifier" && program.functions.get(caller)!.parameterNames.includes(u.text);
  }

  function failsNonZero(name: string): boolean {
    const fn = own(name) ? program.functions.get(name)! : undefined;
    if (!fn || fn.returnsPointer || /\b(bool|_Bool|void)\b/.test(fn.returnType)) return false;
    const constants = summaryOf(name).returns.filter((r) => /^(-?\s*\d+|false|true|NULL)$/.test(r.text));
    return constants.some((r) => /^-\s*\d+$/.test(r.text)) && constants.every((r) => /^(0|-\s*\d+)$/.test(r.text));
  }
}

/**
 * A fact of the program's functions that holds where the functions it depends on say so, found
 * on first question as the least fixed point over the functions the question reaches through
 * `dependsOn`: those asked before keep their answer, since what they depend on was settled with
 * them. `decide` may look only at the functions `dependsOn` names (`known`: whether the fact
 * holds there, `value`: what it is).
 */
function leastFixedPoint<T>(
  own: (name: string) => boolean,
  dependsOn: (name: string) => readonly string[],
  decide: (name: string, known: (name: string) => boolean, value: (name: string) => T | undefined) => T | undefined,
): Lookup<T> & { preset(name: string, value: T): void } {
  const settled = new Map<string, T | undefined>();
  const fixed = new Map<string, T>();
  const settle = (name: string) => {
    if (settled.has(name) || fixed.has(name) || !own(name)) return;
    // The region in post-order, what a function depends on before it: a round then decides each
    // function after those it depends on (one round for a chain of calls however long; in the
    // order found, a chain of n functions took n rounds of n decisions).
    const region: string[] = [];
    const seen = new Set<string>();
    postOrder(
      name,
      dependsOn,
      (n) => {
        if (seen.has(n) || settled.has(n) || fixed.has(n) || !own(n)) return false;
        seen.add(n);
        return true;
      },
      (n) => region.push(n),
    );
    const found = new Map<string, T>();
    const value = (n: string) => fixed.get(n) ?? found.get(n) ?? settled.get(n);
    const known = (n: string) => value(n) !== undefined;
    for (let changed = true; changed; ) {
      changed = false;
      for (const n of region) {
        if (found.has(n)) continue;
        const v = decide(n, known, value);
        if (v !== undefined) {
          found.set(n, v);
          changed = true;
        }
      }
    }
    for (const n of region) settled.set(n, found.get(n));
  };
  const get = (name: string) => {
    settle(name);
    return fixed.get(name) ?? settled.get(name);
  };
  return {
    get,
    has: (name) => get(name) !== undefined,
    preset: (name, value) => void fixed.set(name, value),
  };
}

export interface BodySummary {
  /** `v = f(…)`, `T *v = f(…)`, `p->field = f(…)`: the target's text and the function called. */
  assignments: Array<{ target: string; callee: string }>;
  /**
   * Call statements with the identifiers passed as arguments (undefined where not an identifier);
   * `beforeEnd` where a later statement of the same block ends the process (`free(p); exit(1);`).
   */
  calls: Array<{ callee: string; args: Array<string | undefined>; beforeEnd?: boolean }>;
  returns: Array<{ text: string; identifier?: string; callee?: string; guard?: string; guardCall?: string }>;
}

function summarizeBody(f: FunctionFacts): BodySummary {
  const summary: BodySummary = { assignments: [], calls: [], returns: [] };
  for (const s of descendants(f.body, ["declaration", "expression_statement", "return_statement", "if_statement"])) {
    if (s.type === "if_statement") {
      // `if ((p = f(…)) == NULL)`: the condition stores what it tests.
      const stored = storedAndTested(s.childForFieldName("condition"));
      if (stored) summary.assignments.push(stored);
      continue;
    }
    if (s.type === "return_statement") {
      const value = s.namedChild(0);
      if (!value) continue;
      const v = stripCast(unparenthesize(value));
      const r: BodySummary["returns"][number] = { text: value.text };
      // The variable whose value it returns: `return p;`, `return (p = q);`, `return strcpy(p, s);`.
      const returned = valuePath(v);
      if (returned !== undefined && /^[A-Za-z_]\w*$/.test(returned)) r.identifier = returned;
      const callee = v.type === "call_expression" ? calleeName(v) : undefined;
      if (callee) r.callee = callee;
      const guard = guardingCheck(s);
      if (guard?.variable) r.guard = guard.variable;
      if (guard?.call) r.guardCall = guard.call;
      summary.returns.push(r);
      continue;
    }
    if (s.type === "declaration") {
      for (const d of s.namedChildren) {
        if (d?.type !== "init_declarator") continue;
        const value = d.childForFieldName("value");
        const name = declaratorName(d.childForFieldName("declarator"));
        const callee = value ? calledBy(value) : undefined;
        if (name && callee) summary.assignments.push({ target: name.text, callee });
      }
      continue;
    }
    const expr = s.namedChild(0);
    if (expr?.type === "assignment_expression") {
      const left = expr.childForFieldName("left");
      const right = expr.childForFieldName("right");
      const callee = right ? calledBy(right) : undefined;
      if (left && callee && (left.type === "identifier" || left.type === "field_expression" || left.type === "subscript_expression")) {
        summary.assignments.push({ target: left.text.replace(/\s+/g, ""), callee });
      }
    } else if (expr?.type === "call_expression") {
      const callee = calleeName(expr);
      if (callee) {
        summary.calls.push({
          callee,
          args: callArguments(expr).map((a) => {
            const u = unparenthesize(a);
            return u.type === "identifier" ? u.text : undefined;
          }),
          ...(endsAfter(s) ? { beforeEnd: true } : {}),
        });
      }
    }
  }
  return summary;
}

/** Whether a later statement of the block a statement is in calls exit(), abort(), err() or their kind. */
function endsAfter(statement: Node): boolean {
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
    const call = next.type === "expression_statement" ? unparenthesize(next.namedChild(0) ?? next) : undefined;
    if (call?.type === "call_expression" && PROCESS_ENDS.has(calleeName(call) ?? "")) return true;
  }
  return false;
}

function stripCast(e: Node): Node {
  return e.type === "cast_expression" ? unparenthesize(e.childForFieldName("value") ?? e) : e;
}

/** The function an expression calls, looking through parentheses and a cast: `(T *)f(…)`. */
function calledBy(expr: Node): string | undefined {
  const e = stripCast(unparenthesize(expr));
  return e.type === "call_expression" ? calleeName(e) : undefined;
}

/**
 * What the `if` guarding a return tests: a variable (`if (!p) return NULL;`) or a call's result
 * (`if (!f(…)) { …; return NULL; }`).
 */
function guardingCheck(ret: Node): { variable?: string; call?: string } | undefined {
  const parent = ret.parent;
  const guard = parent?.type === "if_statement" ? parent : parent?.type === "compound_statement" ? parent.parent : null;
  if (guard?.type !== "if_statement") return undefined;
  const condition = guard.childForFieldName("condition");
  const variable = testedVariable(condition, true) ?? storedAndTested(condition)?.target ?? testedElement(condition);
  if (variable) return { variable };
  const c = condition ? unparenthesize(condition) : undefined;
  const negated = c?.type === "unary_expression" && c.childForFieldName("operator")?.text === "!" ? unparenthesize(c.childForFieldName("argument")!) : undefined;
  const call = negated?.type === "call_expression" ? calleeName(negated) : undefined;
  return call ? { call } : undefined;
}

/** `!v[i]`, `v[i] == NULL`: an array element tested for NULL, as its text (`v[i]`). */
function testedElement(condition: Node | null): string | undefined {
  const e = nullTested(condition);
  return e?.type === "subscript_expression" ? e.text.replace(/\s+/g, "") : undefined;
}

/** A condition that stores a call's result and tests it for NULL: `(p = f(…)) == NULL`, `NULL == (p = f(…))`, `!(s->buf = f(…))`. */
function storedAndTested(condition: Node | null): { target: string; callee: string } | undefined {
  const stored = nullTested(condition);
  if (stored?.type !== "assignment_expression" || stored.childForFieldName("operator")?.text !== "=") return undefined;
  const left = stored.childForFieldName("left");
  const right = stored.childForFieldName("right");
  const callee = right ? calledBy(right) : undefined;
  if (!left || !callee || (left.type !== "identifier" && left.type !== "field_expression")) return undefined;
  return { target: left.text.replace(/\s+/g, ""), callee };
}

/**
 * A function fails only on allocation when every failure return (`return false;`, `return NULL;`,
 * `return -1;`) sits under a check of memory it just allocated. Where failure is a negative value
 * (`nonZero`), `return 0;` is its success.
 */
function failsOnlyOnAllocation(body: BodySummary, allocated: Set<string>, failsOnAllocation: (callee: string) => boolean, nonZero: boolean): boolean {
  const failureReturns = body.returns.filter((r) => (nonZero ? /^-\s*\d+$/ : /^(false|NULL|0|-\s*\d+)$/).test(r.text));
  return (
    failureReturns.length > 0 &&
    failureReturns.every((r) => (r.guard !== undefined && allocated.has(r.guard)) || (r.guardCall !== undefined && failsOnAllocation(r.guardCall)))
  );
}

/** The variable a statement acquires memory into: `T *v = alloc(…);` or `v = alloc(…);`. */
export function acquisitionOf(statement: Node, allocators: Lookup<unknown>): { variable: string; call: Node } | undefined {
  if (statement.type === "declaration") {
    for (const d of statement.namedChildren) {
      if (d?.type !== "init_declarator") continue;
      const value = d.childForFieldName("value");
      const name = declaratorName(d.childForFieldName("declarator"));
      if (value && name && isAllocation(value, allocators)) return { variable: name.text, call: unparenthesize(value) };
    }
  }
  if (statement.type === "expression_statement") {
    const expr = statement.namedChild(0);
    if (expr?.type === "assignment_expression" && expr.childForFieldName("operator")?.text !== "+=") {
      const left = expr.childForFieldName("left");
      const right = expr.childForFieldName("right");
      if (left?.type === "identifier" && right && isAllocation(right, allocators)) return { variable: left.text, call: unparenthesize(right) };
    }
  }
  return undefined;
}

/** The variable a statement releases: `free(v);` or `destroy(v);`. */
export function releaseOf(statement: Node, releasers: Lookup<{ parameter: number }>): { variable: string; call: Node } | undefined {
  if (statement.type !== "expression_statement") return undefined;
  const call = statement.namedChild(0);
  if (call?.type !== "call_expression") return undefined;
  const name = calleeName(call);
  const releaser = name ? releasers.get(name) : undefined;
  if (!releaser) return undefined;
  const arg = callArguments(call)[releaser.parameter];
  if (!arg) return undefined;
  const target = unparenthesize(arg);
  return target.type === "identifier" ? { variable: target.text, call } : undefined;
}

function isAllocation(expr: Node, allocators: Lookup<unknown>): boolean {
  const name = calledBy(expr);
  return name !== undefined && allocators.has(name);
}

/**
 * The variable a failure check tests: `!v`, `v == NULL`, `NULL == v`, `v == 0`; with `fields`,
 * also `p->field`, returned without spaces.
 */
export function testedVariable(condition: Node | null, fields = false): string | undefined {
  const n = nullTested(condition);
  return n?.type === "identifier" ? n.text : fields && n?.type === "field_expression" ? n.text.replace(/\s+/g, "") : undefined;
}

/** What a condition tests for NULL: x of `!x`, `x == NULL`, `NULL == x` (`== 0` too), without its parentheses. */
function nullTested(condition: Node | null): Node | undefined {
  const c = condition ? unparenthesize(condition) : undefined;
  if (c?.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") return unparenthesize(c.childForFieldName("argument")!);
  if (c?.type !== "binary_expression" || c.childForFieldName("operator")?.text !== "==") return undefined;
  const left = unparenthesize(c.childForFieldName("left")!);
  const right = unparenthesize(c.childForFieldName("right")!);
  const isNull = (n: Node) => n.type === "null" || n.text === "NULL" || n.text === "0";
  return isNull(right) ? left : isNull(left) ? right : undefined;
}

