// What a function leaves in the structures its pointer parameters point at: members it fills with memory it allocated, or members whose memory it frees.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, descendants, unparenthesize } from "../core/syntax.js";
import type { FlowGraphs } from "./flow/graph.js";
import { accessPath, analyzeOwnership, ESCAPED, FREED, HELD, isUnreachable, NULL_POINTER, OWNERSHIP, type Ownership, type PathState, UNSET } from "./ownership.js";
import type { ProgramFacts } from "./program.js";
import { LIBC_ALLOCATORS, type ResourceModel } from "./resources.js";

/*
 * `vec_init(&a, 3)` that does `v->items = malloc(…)` leaves a.items holding memory in the caller:
 * main()'s ownership, which starts each function from nothing, would not see it, and an exit of
 * init after the call would leak it. A function's member effects say, for each pointer parameter,
 * what it leaves behind on every path that returns normally (a call that ends the process is a
 * failure, which the failing-helper plan handles where it happens): the members it filled (held,
 * perhaps NULL) and the members it freed. A caller's ownership applies them at each call, to the
 * paths its arguments name (`&a` → a.items, `p` → p->items).
 */

/** What a call leaves in one member, written from the parameter on (`->items`, `->buf.data`). */
export interface MemberEffect {
  /** held (HELD, perhaps NULL_POINTER), freed (FREED), or something no caller can rely on (UNSET | HELD). */
  bits: number;
  /** How the caller frees what the member holds: free() for the C library's memory; undefined where another function allocated it. */
  releaser: string | undefined;
}

/** Per function: per parameter index, per member (`->items`), what a call that returns leaves there. */
export type MemberEffects = ReadonlyMap<string, ReadonlyMap<number, ReadonlyMap<string, MemberEffect>>>;

const NO_EFFECTS: MemberEffects = new Map();
const cache = new WeakMap<ProgramFacts, MemberEffects>();

/**
 * The member effects of the program's functions other than main(), to a fixed point (a function
 * that passes its parameter on to another one takes that one's effects). Only functions that name
 * an allocator or a release function of the program's, or a function with effects, are read.
 */
export function memberEffects(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel): MemberEffects {
  const known = cache.get(program);
  if (known) return known;
  // A function that calls an allocator or a release function has effects only where it writes
  // `->` right after one of its pointer parameters (`v->items`, `(v)->items`, `&p->left`): asked
  // once per function, from its body's text alone. A function that calls one with effects can pass
  // its parameter on without writing `->` itself, so for those a parameter is enough.
  const reachesMembers = new Map<string, boolean>();
  const writesParameterMember = (owner: string): boolean => {
    let known = reachesMembers.get(owner);
    if (known === undefined) {
      const fn = program.functions.get(owner);
      known = !!fn && fn.parameterNames.length > 0 && arrowAfterParameter(program.source.slice(fn.body.startIndex, fn.body.endIndex), fn.parameterNames);
      reachesMembers.set(owner, known);
    }
    return known;
  };
  // The first round reads only functions that write `->` after a parameter, and each later round
  // only callers of one with effects: where no function's text writes one, none has effects, and
  // the program's calls of its allocators need not be looked for at all.
  let writesAny = false;
  for (let at = program.source.indexOf("->"); at >= 0 && !writesAny; at = program.source.indexOf("->", at + 2)) {
    const fn = program.functions.enclosing(at);
    if (!fn) continue;
    writesAny = writesParameterMember(fn.name);
    at = Math.max(at, fn.node.endIndex - 2);
  }
  if (!writesAny) {
    cache.set(program, NO_EFFECTS);
    return NO_EFFECTS;
  }
  const named = model.named();
  const resourceNames = new Set([...named.allocators, ...named.releasers]);
  const owners = (callees: ReadonlySet<string>, passedOn: boolean): Set<string> => {
    const out = new Set<string>();
    if (callees.size === 0) return out;
    for (const c of program.callsNamed(callees)) {
      const owner = program.functions.enclosing(c.call.startIndex)?.name;
      if (!owner || owner === "main" || out.has(owner)) continue;
      if (passedOn ? (program.functions.get(owner)?.parameterNames.length ?? 0) > 0 : writesParameterMember(owner)) out.add(owner);
    }
    return out;
  };
  let effects = new Map<string, Map<number, Map<string, MemberEffect>>>();
  let pending = owners(resourceNames, false);
  // Each round reads the functions that call one whose effects the last round found or changed.
  for (let round = 0; pending.size > 0 && round < 8; round++) {
    const next = new Map(effects);
    const changed = new Set<string>();
    for (const name of pending) {
      const found = effectsOf(program, graphs, model, name, effects);
      if (!sameEffects(found, effects.get(name))) {
        changed.add(name);
        if (found.size > 0) next.set(name, found);
        else next.delete(name);
      }
    }
    effects = next;
    pending = owners(changed, true);
  }
  const result = effects.size > 0 ? effects : NO_EFFECTS;
  cache.set(program, result);
  return result;
}

/** Whether some `->` in the text follows one of the names, past spaces and closing parentheses (`v->`, `(v)->`, `((T *)v)->`). */
function arrowAfterParameter(text: string, names: readonly string[]): boolean {
  for (let at = text.indexOf("->"); at >= 0; at = text.indexOf("->", at + 2)) {
    let end = at;
    while (end > 0 && /[\s)]/.test(text[end - 1]!)) end--;
    let start = end;
    while (start > 0 && /\w/.test(text[start - 1]!)) start--;
    if (start < end && names.includes(text.slice(start, end))) return true;
  }
  return false;
}

/** One function's effects on what its pointer parameters point at, given the effects of the functions it calls. */
function effectsOf(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel, name: string, effects: MemberEffects): Map<number, Map<string, MemberEffect>> {
  const out = new Map<number, Map<string, MemberEffect>>();
  const fn = program.functions.get(name);
  const flow = graphs.of(name);
  if (!fn || !flow) return out;
  const params = fn.parameterNames;
  const memberOf = (path: string): { index: number; member: string } | undefined => {
    const arrow = path.indexOf("->");
    if (arrow < 1) return undefined;
    const index = params.indexOf(path.slice(0, arrow));
    return index < 0 ? undefined : { index, member: path.slice(arrow) };
  };
  // What the function frees through a parameter starts out held, so that the freeing shows.
  const entry = new Map<string, PathState>();
  for (const call of descendants(fn.body, "call_expression")) {
    const callee = calleeName(call);
    const releaser = callee ? model.releasers.get(callee) : undefined;
    const path = releaser ? accessPath(callArguments(call)[releaser.parameter]) : undefined;
    if (path && memberOf(path)) entry.set(path, { bits: HELD, sites: [] });
  }
  const facts = analyzeOwnership(flow, model, undefined, { effects, entry });
  // The paths that return: every return statement, and the end of the body; not exit() and the like, nor gotos.
  let returned: Ownership = OWNERSHIP.bottom;
  if (!isUnreachable(facts.atEnd)) returned = facts.atEnd;
  for (const r of descendants(fn.body, "return_statement")) {
    const state = facts.atJump.get(r.id);
    if (state) returned = OWNERSHIP.join(returned, state);
  }
  if (isUnreachable(returned)) return out;
  for (const [path, state] of returned) {
    const at = memberOf(path);
    if (!at) continue;
    const seeded = entry.has(path);
    let effect: MemberEffect | undefined;
    if (seeded && state.bits === FREED) effect = { bits: FREED, releaser: undefined };
    else if (state.sites.length === 0) continue;
    else if (state.bits & HELD && !(state.bits & (FREED | UNSET | ESCAPED))) effect = { bits: state.bits & (HELD | NULL_POINTER), releaser: releaserFor(state.sites, facts.filledByCalls.get(path)) };
    else if (state.bits & (HELD | ESCAPED)) effect = { bits: HELD | UNSET, releaser: undefined };
    if (!effect) continue;
    let members = out.get(at.index);
    if (!members) out.set(at.index, (members = new Map()));
    // A recursive function that fills its structure's children (`insert(p->lokid, …)`) would name
    // a member one level deeper each round; past MEMBER_DEPTH levels the caller is told only that
    // memory it cannot name is held there, which the tracker frees.
    const hops = at.member.split(/->|\./).slice(1);
    if (hops.length > MEMBER_DEPTH) {
      members.set(memberPrefix(at.member, MEMBER_DEPTH), { bits: HELD | UNSET, releaser: undefined });
      continue;
    }
    if (members.get(at.member)?.bits !== (HELD | UNSET) || hops.length < MEMBER_DEPTH) members.set(at.member, effect);
  }
  return out;
}

/** How many members deep (`->left->right` is two) an effect is followed before it is only "held, not known". */
const MEMBER_DEPTH = 2;

/** The first `depth` members of a member path: `->a->b` of `->a->b.c->d`. */
function memberPrefix(member: string, depth: number): string {
  let at = 0;
  for (let hop = 0; hop <= depth; hop++) {
    const arrow = member.indexOf("->", at + 1);
    const dot = member.indexOf(".", at + 1);
    const next = arrow < 0 ? dot : dot < 0 ? arrow : Math.min(arrow, dot);
    if (hop === depth || next < 0) return hop === depth ? member.slice(0, at) : member;
    at = next;
  }
  return member;
}

/** free() where every site is the C library's allocator, or a call that filled the path with memory free() releases; else undefined. */
function releaserFor(sites: readonly Node[], filled: ReadonlyMap<number, string | undefined> | undefined): string | undefined {
  for (const site of sites) {
    const callee = calleeName(unparenthesize(site));
    if (callee && LIBC_ALLOCATORS.has(callee)) continue;
    if (filled?.get(site.id) === "free") continue;
    return undefined;
  }
  return "free";
}

function sameEffects(a: ReadonlyMap<number, ReadonlyMap<string, MemberEffect>>, b: ReadonlyMap<number, ReadonlyMap<string, MemberEffect>> | undefined): boolean {
  if (!b) return a.size === 0;
  if (a.size !== b.size) return false;
  for (const [index, members] of a) {
    const other = b.get(index);
    if (!other || other.size !== members.size) return false;
    for (const [member, e] of members) {
      const f = other.get(member);
      if (!f || f.bits !== e.bits || f.releaser !== e.releaser) return false;
    }
  }
  return true;
}
