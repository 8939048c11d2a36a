// Which functions hand out memory, which give it back, and why a function can fail.
import type { Node } from "web-tree-sitter";
import { callArguments, calleeName, declaratorName, descendants, unparenthesize } from "../core/syntax.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

/** The C library's allocators: each returns new memory or NULL (and sets errno to ENOMEM). */
export const LIBC_ALLOCATORS = new Set(["malloc", "calloc", "realloc", "strdup", "strndup"]);
/** The C library's release function for that memory. */
export const LIBC_RELEASERS = new Set(["free"]);

/** A negative errno a failing operation maps to, without the minus sign. */
export type Errno = "ENOMEM" | "EINVAL";

export interface ResourceModel {
  /** Functions whose result is memory the caller must release: libc's and the program's own constructors. */
  allocators: Map<string, { origin: "libc" | "program" }>;
  /** Functions that release the memory passed as one of their parameters (index). */
  releasers: Map<string, { parameter: number; origin: "libc" | "program" }>;
  /** Why each of the program's functions can fail, when it can. */
  failureCause: Map<string, Errno>;
}

export function analyzeResources(program: ProgramFacts): ResourceModel {
  const allocators = new Map<string, { origin: "libc" | "program" }>();
  const releasers = new Map<string, { parameter: number; origin: "libc" | "program" }>();
  for (const name of LIBC_ALLOCATORS) allocators.set(name, { origin: "libc" });
  for (const name of LIBC_RELEASERS) releasers.set(name, { parameter: 0, origin: "libc" });

  const candidates = [...program.functions.values()].filter((f) => f.name !== "main");
  // Constructors and destructors can wrap each other: iterate to a fixed point.
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of candidates) {
      if (!allocators.has(f.name) && returnsAllocation(f, allocators)) {
        allocators.set(f.name, { origin: "program" });
        changed = true;
      }
      if (!releasers.has(f.name)) {
        const parameter = releasedParameter(f, releasers);
        if (parameter !== undefined) {
          releasers.set(f.name, { parameter, origin: "program" });
          changed = true;
        }
      }
    }
  }

  const failureCause = new Map<string, Errno>();
  for (const f of candidates) {
    if (allocators.has(f.name)) failureCause.set(f.name, "ENOMEM");
    else if (failsOnlyOnAllocation(f, allocators)) failureCause.set(f.name, "ENOMEM");
  }
  return { allocators, releasers, failureCause };
}

/** The variable a statement acquires memory into: `T *v = alloc(…);` or `v = alloc(…);`. */
export function acquisitionOf(statement: Node, allocators: ResourceModel["allocators"]): { variable: string; call: Node } | undefined {
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
export function releaseOf(statement: Node, releasers: ResourceModel["releasers"]): { variable: string; call: Node } | undefined {
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

function isAllocation(expr: Node, allocators: ResourceModel["allocators"]): boolean {
  let e = unparenthesize(expr);
  if (e.type === "cast_expression") e = unparenthesize(e.childForFieldName("value") ?? e);
  if (e.type !== "call_expression") return false;
  const name = calleeName(e);
  return name !== undefined && allocators.has(name);
}

function returnsAllocation(f: FunctionFacts, allocators: ResourceModel["allocators"]): boolean {
  if (!f.returnsPointer) return false;
  const allocated = new Set<string>();
  for (const s of descendants(f.body, ["declaration", "expression_statement"])) {
    const acquired = acquisitionOf(s, allocators);
    if (acquired) allocated.add(acquired.variable);
  }
  return descendants(f.body, "return_statement").some((r) => {
    const value = r.namedChild(0);
    if (!value) return false;
    const v = unparenthesize(value);
    return (v.type === "identifier" && allocated.has(v.text)) || isAllocation(v, allocators);
  });
}

function releasedParameter(f: FunctionFacts, releasers: ResourceModel["releasers"]): number | undefined {
  for (const s of descendants(f.body, "expression_statement")) {
    const released = releaseOf(s, releasers);
    if (!released) continue;
    const index = f.parameterNames.indexOf(released.variable);
    if (index >= 0) return index;
  }
  return undefined;
}

/**
 * A function fails only on allocation when every early failure return (`return false;`,
 * `return NULL;`, `return -1;`) sits under a check of memory it just allocated.
 */
function failsOnlyOnAllocation(f: FunctionFacts, allocators: ResourceModel["allocators"]): boolean {
  const allocated = new Set<string>();
  for (const s of descendants(f.body, ["declaration", "expression_statement"])) {
    const acquired = acquisitionOf(s, allocators);
    if (acquired) allocated.add(acquired.variable);
    // `p->field = alloc(…)` counts too: a check of p->field then tests that allocation.
    const expr = s.type === "expression_statement" ? s.namedChild(0) : null;
    const left = expr?.type === "assignment_expression" ? expr.childForFieldName("left") : null;
    const right = expr?.childForFieldName("right");
    if (left?.type === "field_expression" && right && isAllocation(right, allocators)) allocated.add(left.text.replace(/\s+/g, ""));
  }
  if (allocated.size === 0) return false;
  const failureReturns = descendants(f.body, "return_statement").filter((r) => {
    const v = r.namedChild(0);
    return v !== null && /^(false|NULL|0|-\s*\d+)$/.test(v.text);
  });
  if (failureReturns.length === 0) return false;
  return failureReturns.every((r) => {
    const parent = r.parent;
    if (parent?.type !== "if_statement" && parent?.type !== "compound_statement") return false;
    const guard = parent.type === "if_statement" ? parent : parent.parent;
    if (guard?.type !== "if_statement") return false;
    const tested = testedVariable(guard.childForFieldName("condition"), true);
    return tested !== undefined && allocated.has(tested);
  });
}

/**
 * The variable a failure check tests: `!v`, `v == NULL`, `NULL == v`, `v == 0`; with `fields`,
 * also `p->field`, returned without spaces.
 */
export function testedVariable(condition: Node | null, fields = false): string | undefined {
  if (!condition) return undefined;
  const c = unparenthesize(condition);
  const operand = (n: Node) =>
    n.type === "identifier" ? n.text : fields && n.type === "field_expression" ? n.text.replace(/\s+/g, "") : undefined;
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") {
    return operand(unparenthesize(c.childForFieldName("argument")!));
  }
  if (c.type === "binary_expression" && c.childForFieldName("operator")?.text === "==") {
    const left = unparenthesize(c.childForFieldName("left")!);
    const right = unparenthesize(c.childForFieldName("right")!);
    const isNull = (n: Node) => n.type === "null" || n.text === "NULL" || n.text === "0";
    if (isNull(right)) return operand(left);
    if (isNull(left)) return operand(right);
  }
  return undefined;
}

