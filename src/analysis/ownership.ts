// Who owns which memory at each exit of a function: held / freed / NULL for each access path, as dataflow over the shared flow graph.
import type { Node, SyntaxTree as Tree } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, unparenthesize } from "../core/syntax.js";
import type { Flow } from "./flow/graph.js";
import { type Lattice, solveFunction } from "./flow/solve.js";
import type { MemberEffect, MemberEffects } from "./member-effects.js";
import type { ResourceModel } from "./resources.js";

// What an access path can hold, as bits: a state is the set of what it may hold on the paths that reach a point.
/** NULL: a failed allocation, or set to NULL by the program. */
export const NULL_POINTER = 1;
/** Memory the function allocated and has not released. */
export const HELD = 2;
/** Memory it released (the pointer still points at it). */
export const FREED = 4;
/** Never given memory here: uninitialised, or something the function does not own. */
export const UNSET = 8;
/** Its ownership went where this analysis does not follow: stored in a structure or a global, aliased, resized. */
export const ESCAPED = 16;

export interface PathState {
  bits: number;
  /** The allocating calls whose memory the path may hold. */
  sites: readonly Node[];
}

/**
 * For each failing helper, what it frees before it fails: its parameters (by index), members of
 * what they point at (`0->items`: the first parameter's, a key no file-scope path can be) and the
 * file-scope paths it frees itself (by path), on every failure ("freed") or only on some ("maybe").
 */
export type FailureFrees = ReadonlyMap<string, ReadonlyMap<number | string, "freed" | "maybe">>;

/** The caller's path to what a failure-frees key names at a call with these arguments: `p`, `s.items` (of `&s`), or a file-scope path. */
export function failureFreedPath(args: readonly Node[], key: number | string): string | undefined {
  if (typeof key === "number") return accessPath(args[key]);
  const member = /^(\d+)(.*)$/s.exec(key);
  if (!member) return key;
  const argument = args[Number(member[1])];
  return argument ? argumentMemberPath(argument, member[2]!) : undefined;
}

/** Access path (`p`, `s.buf`, `s->buf`, without spaces) to what it may hold; a path not in the map holds nothing of ours. */
export type Ownership = ReadonlyMap<string, PathState>;

const BOTTOM: Ownership = new Map([["\0unreachable", { bits: 0, sites: [] }]]);

export const OWNERSHIP: Lattice<Ownership> = {
  bottom: BOTTOM,
  join(a, b) {
    if (a === BOTTOM) return b;
    if (b === BOTTOM || a === b) return a;
    const out = new Map<string, PathState>();
    for (const [path, s] of a) {
      const t = b.get(path);
      out.set(path, t ? { bits: s.bits | t.bits, sites: union(s.sites, t.sites) } : { bits: s.bits | UNSET, sites: s.sites });
    }
    for (const [path, t] of b) if (!a.has(path)) out.set(path, { bits: t.bits | UNSET, sites: t.sites });
    return out;
  },
  equals(a, b) {
    if (a === b) return true;
    if (a === BOTTOM || b === BOTTOM || a.size !== b.size) return false;
    for (const [path, s] of a) {
      const t = b.get(path);
      if (!t || t.bits !== s.bits || t.sites.length !== s.sites.length) return false;
    }
    return true;
  },
};

function union(a: readonly Node[], b: readonly Node[]): readonly Node[] {
  if (a === b || b.length === 0) return a;
  if (a.length === 0) return b;
  const ids = new Set(a.map((n) => n.id));
  const extra = b.filter((n) => !ids.has(n.id));
  return extra.length === 0 ? a : [...a, ...extra];
}

/** The access path an expression names: `p`, `s.buf`, `s->buf`, `(p)`; undefined for anything else. */
export function accessPath(expr: Node | null | undefined): string | undefined {
  if (!expr) return undefined;
  let e = unparenthesize(expr);
  while (e.type === "cast_expression") e = unparenthesize(e.childForFieldName("value") ?? e);
  if (e.type === "identifier") return e.text;
  if (e.type === "field_expression") {
    const base = accessPath(e.childForFieldName("argument"));
    const field = e.childForFieldName("field")?.text;
    const op = e.childForFieldName("operator")?.text ?? ".";
    return base && field ? `${base}${op}${field}` : undefined;
  }
  return undefined;
}

/** The path whose value an expression is: `p`, `s.buf`, and the left side of an assignment (`(p = malloc(n))` is p's new value). */
export function valuePath(expr: Node | null | undefined): string | undefined {
  const e = expr ? unparenthesize(expr) : undefined;
  if (e?.type === "assignment_expression" && e.childForFieldName("operator")?.text === "=") return accessPath(e.childForFieldName("left"));
  // `return strcpy(d, s);`: these return their destination, so the value is d's.
  if (e?.type === "call_expression" && RETURNS_DESTINATION.has(calleeName(e) ?? "")) return valuePath(callArguments(e)[0]);
  return accessPath(e);
}

/** The C library's functions that return their first argument, the destination they wrote. */
export const RETURNS_DESTINATION: ReadonlySet<string> = new Set(["strcpy", "strncpy", "strcat", "strncat", "memcpy", "memmove", "memset"]);

/**
 * The paths a call's arguments name for a parameter's members: `&a` gives a.items for ->items,
 * `p` gives p->items; undefined where the argument names no path (`&v[i]`, `make()`).
 */
export function argumentMemberPath(argument: Node, member: string): string | undefined {
  const u = unparenthesize(argument);
  if (u.type === "pointer_expression" && u.childForFieldName("operator")?.text === "&") {
    const base = accessPath(u.childForFieldName("argument"));
    return base ? `${base}.${member.slice(2)}` : undefined;
  }
  const base = accessPath(u);
  return base ? `${base}${member}` : undefined;
}

/** The call an expression is, through parentheses and casts: `(T *)malloc(n)`. */
export function callOf(expr: Node | null | undefined): Node | undefined {
  if (!expr) return undefined;
  let e = unparenthesize(expr);
  while (e.type === "cast_expression") e = unparenthesize(e.childForFieldName("value") ?? e);
  return e.type === "call_expression" ? e : undefined;
}

/**
 * Where a call's value is kept, the call the whole value (through parentheses and casts): the path
 * a plain assignment stores it to (`p = malloc(n)`, `s->buf = (char *)strdup(t)`) or the variable
 * a declarator's initializer declares (`char *p = strdup(s)`); undefined for any other use.
 */
export function resultPath(call: Node): string | undefined {
  let value: Node = call;
  while (value.parent && (value.parent.type === "parenthesized_expression" || value.parent.type === "cast_expression")) value = value.parent;
  const holder = value.parent;
  if (holder?.type === "assignment_expression" && holder.childForFieldName("operator")?.text === "=" && holder.childForFieldName("right")?.id === value.id) return accessPath(holder.childForFieldName("left"));
  if (holder?.type === "init_declarator" && holder.childForFieldName("value")?.id === value.id) return declaratorName(holder.childForFieldName("declarator"))?.text;
  return undefined;
}

/** `NULL`, `0`, `nullptr`, through parentheses and casts (`(void *)0`). */
export const isNullLiteral = (e: Node) => {
  let u = unparenthesize(e);
  while (u.type === "cast_expression") u = unparenthesize(u.childForFieldName("value") ?? u);
  return u.type === "null" || u.text === "NULL" || u.text === "0" || u.text === "nullptr";
};

/** The states at every jump out of a function (return, a call that ends the process) and at its end. */
export interface OwnershipFacts {
  /** Before each return statement, exit()-like call and goto, by node id, after the value was evaluated. */
  atJump: ReadonlyMap<number, Ownership>;
  /** Where the body's last statement falls off its end. */
  atEnd: Ownership;
  /** The allocating call of each path's memory, for naming; every path ever assigned an allocation. */
  acquisitions: ReadonlyMap<string, Node[]>;
  /** The functions whose result each path was ever assigned (`p = f(…)`), allocators or not: what a test of p asks about. */
  assignedFrom: ReadonlyMap<string, Set<string>>;
  /** Right after each watched call (before its result is stored anywhere), by node id: the state its failure check sees. */
  afterCall: ReadonlyMap<number, Ownership>;
  /**
   * For paths a call filled through a pointer (`vec_init(&a)` → a.items), how each call's memory is
   * freed (free(), or undefined where the analysis cannot say), by the call's node id.
   */
  filledByCalls: ReadonlyMap<string, ReadonlyMap<number, string | undefined>>;
}

/** free() where every call that filled the path said free(); undefined where one did not or none did. */
export function releaserThroughCalls(facts: OwnershipFacts, path: string): string | undefined {
  const calls = facts.filledByCalls.get(path);
  if (!calls || calls.size === 0) return undefined;
  for (const releaser of calls.values()) if (releaser !== "free") return undefined;
  return "free";
}

const REALLOCATORS = new Set(["realloc", "reallocarray"]);

/** Ownership over one function's flow, from nothing held at its entry. */
export function analyzeOwnership(
  flow: Flow,
  model: ResourceModel,
  watch: (call: Node) => boolean = () => false,
  options: {
    /** What the program's functions leave in the structures their pointer parameters point at. */
    effects?: MemberEffects;
    /** What is held at the function's entry (a caller's memory a summary follows); nothing by default. */
    entry?: Ownership;
    /** The parameters each failing helper frees on its way to a failure (`free(buf); exit(4);`): freed on every such path, or on some. */
    failureFrees?: FailureFrees;
    /** The calls through pointers, and the program's functions they may reach (pointerCalls()). */
    pointers?: { calls: ReadonlyMap<number, Node>; targets: readonly string[] };
  } = {},
): OwnershipFacts {
  const afterCall = new Map<number, Ownership>();
  const filledByCalls = new Map<string, Map<number, string | undefined>>();
  const acquisitions = new Map<string, Node[]>();
  const assignedFrom = new Map<string, Set<string>>();
  const atJump = new Map<number, Ownership>();

  const set = (s: Ownership, path: string, state: PathState): Ownership => {
    const out = new Map(s);
    out.set(path, state);
    return out;
  };
  /** Everything whose ownership an expression hands on (as a value stored elsewhere) escapes. */
  const escape = (s: Ownership, expr: Node | null | undefined): Ownership => {
    const path = valuePath(expr);
    const state = path ? s.get(path) : undefined;
    return path && state && state.bits & (HELD | NULL_POINTER) ? set(s, path, { bits: ESCAPED, sites: state.sites }) : s;
  };
  const assign = (s: Ownership, left: Node | null | undefined, right: Node | null | undefined, operator: string): Ownership =>
    assignTo(s, accessPath(left), right, operator, left?.text.replace(/\s+/g, ""));
  /**
   * Memory stored where no path of this analysis reaches (`v[i] = malloc(n)`, `*q = strdup(s)`,
   * `char *names[] = { strdup("a") }`) is held all the same, by something no exit can free by
   * name: a path of its own, never clean, so that an exit it may be live at takes the tracker (or
   * says it cannot tell) rather than losing it.
   */
  const heldElsewhere = (s: Ownership, where: string, call: Node): Ownership => {
    return set(s, `?${where}@${call.id}`, { bits: HELD | UNSET, sites: [call] });
  };
  const allocatorCall = (value: Node | null | undefined): Node | undefined => {
    const call = callOf(value);
    const callee = call ? calleeName(call) : undefined;
    return call && callee && model.allocators.has(callee) ? call : undefined;
  };
  /** `struct buf b = { malloc(n), n };` and `{ .data = malloc(n) }`: each member a value of the list is stored to. */
  const initialize = (s: Ownership, declarator: Node, list: Node): Ownership => {
    let out = s;
    const stored = new Set<number>();
    for (const { path, value } of initializedMembers(declarator, list)) {
      out = assignTo(out, path, value, "=");
      stored.add(value.id);
    }
    // Values of the list no member path names (an array's elements, a struct this analysis cannot read).
    const name = declaratorName(declarator.childForFieldName("declarator"))?.text ?? "?";
    for (const value of listValues(list)) {
      const call = stored.has(value.id) ? undefined : allocatorCall(value);
      if (call) out = heldElsewhere(out, `${name}[]`, call);
    }
    // An array's positional elements are named by their index, for a test of `names[0]`.
    // (`char *names[]` is a pointer declarator around the array one: the text's last `]` says array.)
    if (/\]\s*$/.test(declarator.childForFieldName("declarator")?.text ?? "")) {
      list.namedChildren.filter((item): item is Node => !!item && item.type !== "comment").forEach((item, index) => {
        const callee = item.type === "initializer_pair" ? undefined : calleeName(allocatorCall(item) ?? item);
        if (callee && allocatorCall(item)) assignedFrom.set(`${name}[${index}]`, new Set([callee]));
      });
    }
    return out;
  };
  const assignTo = (s: Ownership, target: string | undefined, right: Node | null | undefined, operator: string, targetText?: string): Ownership => {
    if (operator !== "=") return s;
    const call = callOf(right);
    const callee = call ? calleeName(call) : undefined;
    if (!target) {
      // What a test of `v[i]` asks about: recorded by the text, which is all that names it.
      if (callee && targetText) assignedFrom.set(targetText, (assignedFrom.get(targetText) ?? new Set<string>()).add(callee));
      // `v[i] = p`, `*q = p`: p's memory now lives in something this analysis does not follow.
      const escaped = escape(s, right);
      const allocated = allocatorCall(right);
      if (allocated) return heldElsewhere(escaped, targetText ?? "?", allocated);
      // What a variable held goes with it (`buckets[pos] = node;`): once the variable is given new
      // memory, the stored block is still held, by the element alone.
      const source = valuePath(right);
      const held = source ? s.get(source) : undefined;
      return held && held.bits & HELD && held.sites.length > 0 ? heldElsewhere(escaped, targetText ?? "?", held.sites[0]!) : escaped;
    }
    if (callee) {
      const from = assignedFrom.get(target) ?? new Set<string>();
      assignedFrom.set(target, from.add(callee));
    }
    if (call && callee && REALLOCATORS.has(callee)) {
      // The resized block and the old one are linked in ways a per-path state does not say: not followed.
      const resized = escape(s, callArguments(call)[0]);
      return set(resized, target, { bits: ESCAPED, sites: [call] });
    }
    if (call && callee && model.allocators.has(callee)) {
      acquisitions.set(target, [...(acquisitions.get(target) ?? []), call]);
      // Whatever the path held before is the program's leak, not something an exit can still free.
      return set(s, target, { bits: HELD | NULL_POINTER, sites: [call] });
    }
    // `v = n > 0 ? malloc(n) : NULL;`: held or NULL, as after an allocation that may fail.
    const arms = conditionalAllocation(right, (name) => model.allocators.has(name));
    if (arms) {
      acquisitions.set(target, [...(acquisitions.get(target) ?? []), ...arms]);
      return set(s, target, { bits: HELD | NULL_POINTER, sites: arms });
    }
    if (right && isNullLiteral(right)) return set(s, target, { bits: NULL_POINTER, sites: s.get(target)?.sites ?? [] });
    const source = accessPath(right);
    // A copy of a path that holds nothing but NULL (`errs = i;` after `i = 0;`, a number the
    // analysis cannot tell from a pointer) shares no block: the copy is NULL too.
    if (source && s.get(source)?.bits === NULL_POINTER) return set(s, target, { bits: NULL_POINTER, sites: s.get(target)?.sites ?? [] });
    if (source && s.has(source)) {
      // An alias: two names for one block; which one the program frees is not followed.
      const aliased = escape(s, right);
      return set(aliased, target, { bits: ESCAPED, sites: s.get(source)!.sites });
    }
    const current = s.get(target);
    if (!current) {
      // A path derived from something we track (`s->buf` where s escaped) is not followed either.
      return s;
    }
    return set(s, target, { bits: UNSET, sites: current.sites });
  };

  const refine = (s: Ownership, condition: Node, truth: boolean): Ownership => {
    const c = unparenthesize(condition);
    if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") return refine(s, c.childForFieldName("argument")!, !truth);
    if (c.type === "binary_expression") {
      const op = c.childForFieldName("operator")?.text;
      const left = c.childForFieldName("left")!;
      const right = c.childForFieldName("right")!;
      if ((op === "&&" && truth) || (op === "||" && !truth)) return refine(refine(s, left, truth), right, truth);
      if (op === "==" || op === "!=") {
        const isNull = op === "==" ? truth : !truth;
        // `(p = malloc(n)) == NULL` tests p's new value.
        if (isNullLiteral(right)) return nullness(s, valuePath(left), isNull);
        if (isNullLiteral(left)) return nullness(s, valuePath(right), isNull);
      }
      return s;
    }
    // Assignment in a condition: `if (!(p = malloc(n)))` tests p.
    return nullness(s, valuePath(c), !truth);
  };
  const nullness = (s: Ownership, path: string | undefined, isNull: boolean): Ownership => {
    const state = path ? s.get(path) : undefined;
    if (!path || !state) return s;
    const bits = isNull ? state.bits & (NULL_POINTER | UNSET | ESCAPED) : state.bits & ~NULL_POINTER;
    // A path that cannot be what the condition says is a path no run takes.
    if (bits === 0) return BOTTOM;
    return bits === state.bits ? s : set(s, path, { bits, sites: state.sites });
  };

  const atEnd = solveFunction<Ownership>(flow, options.entry ?? new Map(), OWNERSHIP, {
    event(node, s) {
      switch (node.type) {
        case "init_declarator": {
          const value = node.childForFieldName("value");
          if (value?.type === "initializer_list") return initialize(s, node, value);
          // `int n = 0;` declares a number, not a null pointer: nothing to follow (`T *p = 0;` and `= NULL` are pointers).
          if (value && unparenthesize(value).text === "0" && node.childForFieldName("declarator")?.type !== "pointer_declarator") return s;
          return assign(s, declaratorName(node.childForFieldName("declarator")), value, "=");
        }
        case "assignment_expression":
          return assign(s, node.childForFieldName("left"), node.childForFieldName("right"), node.childForFieldName("operator")?.text ?? "=");
        case "call_expression": {
          const after = callTransfer(node, s);
          if (watch(node)) {
            const failed = failedCall(node, s, after);
            const old = afterCall.get(node.id);
            afterCall.set(node.id, old ? OWNERSHIP.join(old, failed) : failed);
          }
          return applyEffects(node, after);
        }
        default:
          return s;
      }
    },
    assume: (condition, truth, s) => refine(s, condition, truth),
    jump(jump, s) {
      const old = atJump.get(jump.node.id);
      atJump.set(jump.node.id, old ? OWNERSHIP.join(old, s) : s);
    },
  });
  return { atJump, atEnd, acquisitions, assignedFrom, afterCall, filledByCalls };

  /** Each member a call of one of the program's functions fills or frees through its pointer arguments, with the caller's path to it where the argument names one. */
  function* memberEffectsOf(call: Node): Generator<{ path: string | undefined; member: string; effect: MemberEffect }> {
    const name = calleeName(call);
    const byParameter = name ? options.effects?.get(name) : undefined;
    const args = callArguments(call);
    if (!byParameter) {
      // Through a pointer, any function it may reach may have run: what any of them fills may be
      // filled (held, or not: UNSET), and what they free is handed on (callTransfer()).
      if (!options.pointers?.calls.has(call.id)) return;
      for (const target of options.pointers.targets) {
        for (const [index, members] of options.effects?.get(target) ?? []) {
          const argument = args[index];
          if (!argument) continue;
          for (const [member, effect] of members) if (effect.bits !== FREED) yield { path: argumentMemberPath(argument, member), member, effect: { ...effect, bits: effect.bits | UNSET } };
        }
      }
      return;
    }
    for (const [index, members] of byParameter) {
      const argument = args[index];
      if (!argument) continue;
      for (const [member, effect] of members) yield { path: argumentMemberPath(argument, member), member, effect };
    }
  }

  /** What a call leaves in the members it fills or frees, on its normal return. */
  function applyEffects(call: Node, s: Ownership): Ownership {
    let out = s;
    for (const { path, member, effect } of memberEffectsOf(call)) {
      if (effect.bits === FREED) {
        const state = path ? out.get(path) : undefined;
        if (path && state) out = set(out, path, { bits: state.bits & ESCAPED ? ESCAPED : FREED, sites: state.sites });
        continue;
      }
      // Memory in something no path names (`&v[i]`) is held all the same: a path that can never be freed by name says so.
      const target = path ?? `?${member}@${call.id}`;
      if (path) {
        acquisitions.set(path, [...(acquisitions.get(path) ?? []), call]);
        const calls = filledByCalls.get(path) ?? new Map<number, string | undefined>();
        filledByCalls.set(path, calls.set(call.id, effect.releaser));
      }
      out = set(out, target, { bits: path ? effect.bits : HELD | UNSET, sites: [call] });
    }
    return out;
  }

  /**
   * The state a failing call's check sees: what the call did to members it fills or frees is its
   * own failure path's business (it frees what it holds there), so a member the caller held
   * nothing in before stays so; one the caller held memory in may have been freed or replaced, and
   * is no longer known.
   */
  function failedCall(call: Node, before: Ownership, after: Ownership): Ownership {
    let out = after;
    for (const { path } of memberEffectsOf(call)) {
      const state = path ? before.get(path) : undefined;
      if (path && state && state.bits & (HELD | ESCAPED)) out = set(out, path, { bits: state.bits | UNSET, sites: state.sites });
    }
    // What the helper freed before it failed is the caller's no longer: freed, or not known where only some failures free it.
    const frees = options.failureFrees?.get(calleeName(call) ?? "");
    if (frees) {
      const args = callArguments(call);
      for (const [index, how] of frees) {
        const path = failureFreedPath(args, index);
        const state = path ? out.get(path) : undefined;
        if (!path || !state || !(state.bits & HELD)) continue;
        out = set(out, path, { bits: how === "freed" ? (state.bits & ~HELD) | FREED : state.bits | UNSET, sites: state.sites });
      }
    }
    return out;
  }


  /** A release frees its argument's path; `f(&p)` may set or free p, which is no longer followed. */
  function callTransfer(node: Node, s: Ownership): Ownership {
    const name = calleeName(node);
    const releaser = name ? model.releasers.get(name) : undefined;
    const args = callArguments(node);
    if (releaser) {
      const path = accessPath(args[releaser.parameter]);
      const state = path ? s.get(path) : undefined;
      if (path && state) return set(s, path, { bits: state.bits & ESCAPED ? ESCAPED : FREED, sites: state.sites });
    }
    let out = s;
    // A call through a pointer (`o->fin(o)`, `ops.release(p)`) runs a function no one can name
    // here: what it is handed may be freed or kept by it, so its ownership is handed on.
    const indirect = unparenthesize(node.childForFieldName("function") ?? node).type !== "identifier";
    for (const a of args) {
      const u = unparenthesize(a);
      if (u.type === "pointer_expression" && u.childForFieldName("operator")?.text === "&") out = escape(out, u.childForFieldName("argument"));
      else if (indirect) {
        // It and what is reached through it (`o->name`): freed with it, or kept, by that function.
        const path = valuePath(u);
        for (const [key, state] of path ? out : []) {
          if ((key === path || key.startsWith(`${path}->`) || key.startsWith(`${path}.`)) && state.bits & HELD) out = set(out, key, { bits: ESCAPED, sites: state.sites });
        }
      }
    }
    return out;
  }
}

export const isUnreachable = (s: Ownership) => s === BOTTOM;

/**
 * The allocating calls of a conditional whose every arm allocates or is NULL (`c ? malloc(n) :
 * NULL`, `c ? strdup(a) : strdup(b)`), at least one allocating; undefined for any other value.
 */
export function conditionalAllocation(value: Node | null | undefined, allocates: (name: string) => boolean): Node[] | undefined {
  const c = value ? unparenthesize(value) : undefined;
  if (c?.type !== "conditional_expression") return undefined;
  const calls: Node[] = [];
  for (const arm of [c.childForFieldName("consequence"), c.childForFieldName("alternative")]) {
    if (!arm) return undefined;
    if (isNullLiteral(arm)) continue;
    const call = callOf(arm);
    const name = call ? calleeName(call) : undefined;
    if (!call || !name || !allocates(name)) return undefined;
    calls.push(call);
  }
  return calls.length > 0 ? calls : undefined;
}

/**
 * The members a declaration's initializer list stores a value to, as access paths: `.data = v`
 * (designated, at any depth: `.a.b = v`) and positional values of a struct, matched to the struct's
 * members in order. A value of a list this cannot name (an array's elements, a member of an
 * anonymous struct, a struct whose definition is not in the file) is left out: its memory is not
 * followed, as before.
 */
export function initializedMembers(declarator: Node, list: Node): Array<{ path: string; value: Node }> {
  // A plain name (`struct buf b`): an array or pointer declarator is no struct.
  const name = declarator.childForFieldName("declarator");
  const declaration = declarator.parent;
  if (name?.type !== "identifier" || declaration?.type !== "declaration") return [];
  const members = structMembers(declaration.childForFieldName("type"));
  const out: Array<{ path: string; value: Node }> = [];
  const walk = (base: string, items: Node, fields: readonly string[] | undefined) => {
    let position = 0;
    for (const item of items.namedChildren) {
      if (!item || item.type === "comment") continue;
      if (item.type === "initializer_pair") {
        const designators = item.childrenForFieldName("designator").filter((d): d is Node => d !== null);
        const value = item.childForFieldName("value");
        // Only member designators name a path; after one, positional values follow the struct's order no more.
        if (!value || designators.length === 0 || !designators.every((d) => d.type === "field_designator")) {
          fields = undefined;
          continue;
        }
        const path = `${base}${designators.map((d) => `.${d.namedChild(0)?.text ?? ""}`).join("")}`;
        if (value.type !== "initializer_list") out.push({ path, value });
        const first = designators[0]!.namedChild(0)?.text;
        position = fields && first !== undefined ? fields.indexOf(first) + 1 : position;
        // After `.a.b = v`, the next positional value is a's member after b: not followed.
        if (designators.length > 1 || position === 0) fields = undefined;
        continue;
      }
      const field = fields?.[position++];
      if (field !== undefined && item.type !== "initializer_list") out.push({ path: `${base}.${field}`, value: item });
    }
  };
  walk(name.text, list, members);
  return out;
}

/**
 * The member names of a struct type, in order: `struct tag` defined in the file, `struct { … }`
 * written in place, or a typedef of either; undefined where a member is anonymous or the struct
 * is not found.
 */
function structMembers(type: Node | null): string[] | undefined {
  if (!type) return undefined;
  let specifier: Node | undefined = type.type === "struct_specifier" ? type : undefined;
  if (specifier && !specifier.childForFieldName("body")) specifier = findStruct(type, (n) => n.type === "struct_specifier" && n.childForFieldName("name")?.text === type.childForFieldName("name")?.text && n.childForFieldName("body") !== null);
  if (!specifier && type.type === "type_identifier") {
    const typedef = findStruct(type, (n) => n.type === "type_definition" && n.childrenForFieldName("declarator").some((d) => d?.text === type.text));
    let aliased = typedef?.childForFieldName("type") ?? null;
    if (aliased?.type === "struct_specifier" && !aliased.childForFieldName("body")) {
      const tag = aliased.childForFieldName("name")?.text;
      aliased = findStruct(type, (n) => n.type === "struct_specifier" && n.childForFieldName("name")?.text === tag && n.childForFieldName("body") !== null) ?? null;
    }
    if (aliased?.type === "struct_specifier") specifier = aliased;
  }
  const body = specifier?.childForFieldName("body");
  if (!body) return undefined;
  const names: string[] = [];
  for (const member of body.namedChildren) {
    if (!member || member.type === "comment") continue;
    if (member.type !== "field_declaration") return undefined;
    const declarators = member.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
    // An unnamed bit-field takes no initializer; an anonymous struct or union takes its own members.
    if (declarators.length === 0) {
      if (/^\s*(?:struct|union)\b/.test(member.text)) return undefined;
      continue;
    }
    for (const d of declarators) {
      const n = declaratorName(d);
      if (!n) return undefined;
      names.push(n.text);
    }
  }
  return names;
}

/** The first node of the file, in source order, that `is` holds for: the struct or typedef a type names. */
function findStruct(from: Node, is: (n: Node) => boolean): Node | undefined {
  let types = typesOfTree.get(from.tree);
  if (!types) {
    types = from.tree.rootNode.descendantsOfType(["struct_specifier", "type_definition"]).filter((n): n is Node => n !== null);
    typesOfTree.set(from.tree, types);
  }
  return types.find(is);
}

/** Each tree's struct specifiers and typedefs, read once. */
const typesOfTree = new WeakMap<Tree, Node[]>();


/** The values an initializer list gives, nested lists and designated values included, in order. */
function listValues(list: Node): Node[] {
  const out: Node[] = [];
  for (const item of list.namedChildren) {
    if (!item || item.type === "comment") continue;
    const value = item.type === "initializer_pair" ? item.childForFieldName("value") : item;
    if (!value) continue;
    if (value.type === "initializer_list") out.push(...listValues(value));
    else out.push(value);
  }
  return out;
}
