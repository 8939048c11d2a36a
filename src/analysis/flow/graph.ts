// The control flow of each function, built once per parse: sequence, branches with their conditions, loops, switch, jumps, labels, and calls that never return.
import type { Node } from "../../core/syntax-tree.js";
import { calleeName, callArguments, descendants, namedChildren, unparenthesize } from "../../core/syntax.js";
import type { ProgramFacts } from "../program.js";
import { solveFunction } from "./solve.js";
import { postOrder } from "../post-order.js";

/*
 * The graph keeps the shape of the C it came from (a structured flow with explicit jumps) rather
 * than basic blocks: the solver walks it in evaluation order, loops and labels are iterated to a
 * fixed point, and every jump (break, continue, return, goto, a call that ends the process) sends
 * its state to where C sends it. Branches keep their condition, so an analysis can learn from
 * `if (!p)` that p is NULL in one arm and not in the other.
 */

export type Flow =
  | { kind: "seq"; items: Flow[] }
  /** A call, an assignment or an initialised declarator, after its operands were evaluated. */
  | { kind: "event"; node: Node }
  /** arms[0] runs where `condition` is true, arms[1] where it is false; no condition: either. */
  | { kind: "branch"; condition: Node | undefined; arms: [Flow, Flow] }
  /** `statement`: the for, while or do statement, for analyses that ask about a loop itself (how long it runs). */
  | { kind: "loop"; statement: Node; testFirst: boolean; infinite: boolean; condition: Node | undefined; test: Flow; body: Flow; update: Flow }
  | { kind: "switch"; head: Flow; cases: Flow[]; hasDefault: boolean }
  | { kind: "jump"; to: "break" | "continue" | "return" | "goto" | "exit"; value: Flow; label?: string; node: Node }
  | { kind: "label"; label: string; body: Flow };

export const EMPTY_FLOW: Flow = { kind: "seq", items: [] };

/** Calls that end the process: nothing after them runs. */
export const PROCESS_ENDS: ReadonlySet<string> = new Set(["exit", "_exit", "_Exit", "abort", "err", "errx", "verr", "verrx", "quick_exit"]);
/** A call of one of PROCESS_ENDS in a text: a question asked of the text before the tree. */
export const PROCESS_ENDS_CALLED = /\b(?:exit|_exit|_Exit|abort|err|errx|verr|verrx|quick_exit)\s*\(/;

/** Past this depth a subtree is read as straight-line code, so no input can exhaust the stack. */
const MAX_DEPTH = 400;

const EVENT_TYPES = new Set(["call_expression", "assignment_expression", "init_declarator", "update_expression"]);

/** Expressions with nothing inside that runs: no event in them (sizeof does not evaluate its operand). */
const NOTHING_RUNS: ReadonlySet<string> = new Set(["string_literal", "concatenated_string", "number_literal", "char_literal", "identifier", "field_identifier", "sizeof_expression", "comment"]);

class FlowBuilder {
  private depth = 0;
  /** `endsProcess` is asked with the called function's name, when the callee is one. */
  constructor(private readonly endsProcess: (name: string | undefined) => boolean) {}

  private seq(items: Array<Flow | undefined>): Flow {
    const kept = items.filter((f): f is Flow => f !== undefined && !(f.kind === "seq" && f.items.length === 0));
    return kept.length === 1 ? kept[0]! : { kind: "seq", items: kept };
  }

  /** `type`: the node's type when the caller has read it already (each read is a call into the parser). */
  statement(node: Node | null | undefined, type?: string): Flow {
    if (!node) return EMPTY_FLOW;
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.statementFlow(node, type ?? node.type);
    } finally {
      this.depth--;
    }
  }

  /** The events inside a node in source order, as if it were straight-line code. */
  private flat(node: Node): Flow {
    return this.seq(node.descendantsOfType([...EVENT_TYPES]).flatMap((n) => (n ? [{ kind: "event", node: n } as Flow] : [])));
  }

  private statementFlow(node: Node, type: string): Flow {
    const field = (name: string) => node.childForFieldName(name);
    switch (type) {
      case "compound_statement":
        return this.seq(namedChildren(node).map((c) => this.any(c)));
      case "expression_statement":
        return this.expression(node.namedChild(0));
      case "if_statement": {
        const alternative = field("alternative");
        const elseBody = alternative?.type === "else_clause" ? alternative.namedChild(0) : alternative;
        const condition = field("condition");
        return this.seq([this.expression(condition), { kind: "branch", condition: condition ?? undefined, arms: [this.statement(field("consequence")), this.statement(elseBody)] }]);
      }
      case "while_statement":
        return this.loop(node, true, field("condition"), field("body"), null);
      case "do_statement":
        return this.loop(node, false, field("condition"), field("body"), null);
      case "for_statement":
        return this.seq([this.any(field("initializer")), this.loop(node, true, field("condition"), field("body"), field("update"))]);
      case "switch_statement": {
        const body = field("body");
        const cases = body ? namedChildren(body).filter((c) => c.type === "case_statement") : [];
        return {
          kind: "switch",
          head: this.expression(field("condition")),
          cases: cases.map((c) => {
            const value = c.childForFieldName("value")?.id;
            return this.seq(namedChildren(c).filter((s) => s.id !== value).map((s) => this.any(s)));
          }),
          hasDefault: cases.some((c) => !c.childForFieldName("value")),
        };
      }
      case "return_statement":
        return { kind: "jump", to: "return", value: this.expression(node.namedChild(0)), node };
      case "break_statement":
        return { kind: "jump", to: "break", value: EMPTY_FLOW, node };
      case "continue_statement":
        return { kind: "jump", to: "continue", value: EMPTY_FLOW, node };
      case "goto_statement":
        return { kind: "jump", to: "goto", value: EMPTY_FLOW, label: field("label")?.text ?? "", node };
      case "labeled_statement": {
        const label = field("label");
        const body = namedChildren(node).find((c) => c.id !== label?.id && c.type !== "comment");
        return { kind: "label", label: label?.text ?? "", body: this.statement(body) };
      }
      case "declaration":
        return this.seq(namedChildren(node).map((c) => (c.type === "init_declarator" ? this.expression(c) : undefined)));
      case "comment":
      case "function_definition":
      case "type_definition":
      case "struct_specifier":
        return EMPTY_FLOW;
      default:
        return this.seq(namedChildren(node).map((c) => this.any(c)));
    }
  }

  private loop(statement: Node, testFirst: boolean, condition: Node | null, body: Node | null, update: Node | null): Flow {
    const c = condition && unparenthesize(condition);
    const infinite = !c || c.text === "1" || c.text === "true";
    return {
      kind: "loop",
      statement,
      testFirst,
      infinite,
      condition: infinite ? undefined : (condition ?? undefined),
      test: this.expression(condition),
      body: this.statement(body),
      update: this.expression(update),
    };
  }

  private any(node: Node | null): Flow | undefined {
    if (!node) return undefined;
    const type = node.type;
    return type.endsWith("_statement") || type === "declaration" ? this.statement(node, type) : this.expression(node, type);
  }

  expression(node: Node | null | undefined, type?: string): Flow {
    if (!node) return EMPTY_FLOW;
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.expressionFlow(node, type ?? node.type);
    } finally {
      this.depth--;
    }
  }

  private expressionFlow(node: Node, type: string): Flow {
    switch (type) {
      case "call_expression": {
        const fn = node.childForFieldName("function");
        const fnType = fn?.type;
        const event: Flow = { kind: "event", node };
        return this.seq([
          fnType === "identifier" ? undefined : this.expression(fn, fnType),
          ...callArguments(node).map((a) => this.any(a)),
          event,
          this.endsProcess(fnType === "identifier" ? fn!.text : undefined) ? { kind: "jump", to: "exit", value: EMPTY_FLOW, node } : undefined,
        ]);
      }
      case "conditional_expression": {
        const condition = node.childForFieldName("condition");
        return this.seq([
          this.expression(condition),
          { kind: "branch", condition: condition ?? undefined, arms: [this.expression(node.childForFieldName("consequence")), this.expression(node.childForFieldName("alternative"))] },
        ]);
      }
      case "binary_expression": {
        const op = node.childForFieldName("operator")?.text;
        if (op !== "&&" && op !== "||") break;
        const left = node.childForFieldName("left");
        const right = this.expression(node.childForFieldName("right"));
        // The right operand runs only where the left one did not decide: true for &&, false for ||.
        return this.seq([this.expression(left), { kind: "branch", condition: left ?? undefined, arms: op === "&&" ? [right, EMPTY_FLOW] : [EMPTY_FLOW, right] }]);
      }
      case "assignment_expression": {
        // What the left side runs (`*lookup(k) = v`, `AT(t, i) = v`, `a[next()] = v`) runs too,
        // before the store; a plain name or member runs nothing.
        const left = node.childForFieldName("left");
        const target = left && (left.type === "call_expression" || descendants(left, "call_expression").length > 0) ? this.expression(left) : undefined;
        return this.seq([target, this.expression(node.childForFieldName("right")), { kind: "event", node }]);
      }
      case "init_declarator":
        return this.seq([this.expression(node.childForFieldName("value")), { kind: "event", node }]);
      case "update_expression":
        return { kind: "event", node };
    }
    if (NOTHING_RUNS.has(type)) return EMPTY_FLOW;
    return this.seq(namedChildren(node).map((c) => this.any(c)));
  }
}

/** The flow graphs of a program's functions, each built on first use and kept for the parse. */
export interface FlowGraphs {
  /** The flow of a function's body; undefined for a name the program does not define. */
  of(name: string): Flow | undefined;
  /** A call ends the process here: exit(), err(), abort(), or one of the program's functions that never returns. */
  endsProcess(call: Node): boolean;
  /** The program defines this function and no path through it returns. */
  neverReturns(name: string): boolean;
  /**
   * The program's functions that calls among the events of a function's flow call; undefined
   * where `of(name)` is. Found from where the text names them, without building the flow, when
   * the flow is not built yet.
   */
  callees(name: string): ReadonlySet<string> | undefined;
}

export function buildFlowGraphs(program: ProgramFacts): FlowGraphs {
  const flows = new Map<string, Flow>();
  const noReturn = new Map<string, boolean>();
  const endsProcessNamed = (name: string | undefined): boolean => {
    if (!name) return false;
    return PROCESS_ENDS.has(name) || graphs.neverReturns(name);
  };
  const endsProcess = (call: Node): boolean => endsProcessNamed(calleeName(call));
  /** Where the text names the program's functions, in order: read once for every callees() question. */
  let mentions: ReadonlyArray<{ word: string; index: number }> | undefined;
  const graphs: FlowGraphs = {
    of(name) {
      let flow = flows.get(name);
      if (!flow) {
        const fn = program.functions.get(name);
        if (!fn) return undefined;
        flow = new FlowBuilder(endsProcessNamed).statement(fn.body);
        flows.set(name, flow);
      }
      return flow;
    },
    endsProcess,
    callees(name) {
      const built = flows.get(name);
      if (!built) {
        const fn = program.functions.get(name);
        if (!fn) return undefined;
        mentions ??= program.functionMentions();
        const found = calleesFromMentions(fn.body, mentions);
        if (found) return found;
      }
      const out = new Set<string>();
      for (const e of flowEvents(graphs.of(name)!)) {
        const callee = e.type === "call_expression" ? calleeName(e) : undefined;
        if (callee !== undefined && program.functions.has(callee)) out.add(callee);
      }
      return out;
    },
    neverReturns(name) {
      const known = noReturn.get(name);
      if (known !== undefined) return known;
      if (name === "main" || !program.functions.has(name)) return false;
      // A function's verdict needs those of the functions it calls (its flow asks each call), so
      // they are settled first, the deepest first, by a walk with a stack of its own: a chain of
      // calls tens of thousands deep would overflow JavaScript's. Each is assumed to return while
      // its own flow is built, so that a recursion terminates (and is not taken for an exit).
      postOrder(
        name,
        (f) => (mayEndProcess(f) ? [...(graphs.callees(f) ?? [])].filter((c) => c !== "main" && mayEndProcess(c)) : []),
        (f) => {
          if (noReturn.has(f)) return false;
          noReturn.set(f, false);
          return true;
        },
        (f) => noReturn.set(f, mayEndProcess(f) && !reachesEnd(graphs.of(f)!)),
      );
      return noReturn.get(name)!;
    },
  };
  // Only a function that calls exit() and the like, itself or through the program's functions,
  // can never return: found from the calls' text, callers of callers, without building a flow.
  let mayEnd: Set<string> | undefined;
  const mayEndProcess = (name: string): boolean => {
    if (!mayEnd) {
      mayEnd = new Set();
      let fresh = new Set<string>();
      for (const { call } of program.callsNamed(PROCESS_ENDS)) {
        const caller = program.functions.enclosing(call.startIndex)?.name;
        if (caller && !mayEnd.has(caller)) mayEnd.add(caller), fresh.add(caller);
      }
      while (fresh.size > 0) {
        const found = program.callsNamed(fresh);
        fresh = new Set();
        for (const { call } of found) {
          const caller = program.functions.enclosing(call.startIndex)?.name;
          if (caller && !mayEnd.has(caller)) mayEnd.add(caller), fresh.add(caller);
        }
      }
    }
    return mayEnd.has(name);
  };
  return graphs;
}

/** Below this many levels a chain of nodes cannot reach MAX_DEPTH, where the builder reads the rest as straight-line code. */
const SHALLOW = MAX_DEPTH - 10;

/**
 * The program's functions a body's flow calls, from the text: each place the body names one is
 * confirmed as the function of a call, and the call as one the builder makes an event of (the
 * steps from the body down to it are the ones FlowBuilder takes). Undefined where a call sits too
 * deep to tell: the caller builds the flow then.
 */
function calleesFromMentions(body: Node, mentions: ReadonlyArray<{ word: string; index: number }>): Set<string> | undefined {
  const calls = new Set<string>();
  const end = body.endIndex;
  for (let m = firstMentionFrom(mentions, body.startIndex); m < mentions.length && mentions[m]!.index < end; m++) {
    const { word, index } = mentions[m]!;
    const id = body.descendantForIndex(index, index + word.length);
    if (id?.type !== "identifier" || id.startIndex !== index || id.endIndex !== index + word.length) continue;
    // The steps from the body down to the identifier: its parent is the last but one. Taken
    // downwards, since each step up from a node starts again from the root.
    // A path longer than that is too deep to tell where the identifier is a call's function.
    const path = pathDown(body, id, SHALLOW + 2);
    const call = path ? path[path.length - 2] : id.parent;
    if (call?.type !== "call_expression" || call.startIndex !== index) continue;
    if (!path) return undefined;
    path.pop();
    if (builderVisits(path)) calls.add(word);
  }
  return calls;
}

/**
 * The nodes from `ancestor` down to its descendant `node`, both included; undefined where that
 * takes more than `limit` nodes.
 */
function pathDown(ancestor: Node, node: Node, limit: number): Node[] | undefined {
  const path = [ancestor];
  for (let n = ancestor; n.id !== node.id; ) {
    if (path.length >= limit) return undefined;
    const next = n.childWithDescendant(node);
    if (!next) return undefined;
    path.push(next);
    n = next;
  }
  return path;
}

/** The index of the first mention at or after `offset` in mentions sorted by offset. */
export function firstMentionFrom(mentions: ReadonlyArray<{ index: number }>, offset: number): number {
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mentions[mid]!.index < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether FlowBuilder, starting at `chain[0]` as a statement, reaches the last node of the chain
 * as an expression (where a call is an event): its choices, step by step.
 */
function builderVisits(chain: readonly Node[]): boolean {
  let asStatement = true;
  const same = (a: Node | null | undefined, b: Node | undefined) => !!a && !!b && a.id === b.id;
  const asAny = (n: Node) => {
    const t = n.type;
    return t.endsWith("_statement") || t === "declaration";
  };
  let i = 0;
  for (; i < chain.length - 1; i++) {
    const node = chain[i]!;
    const child = chain[i + 1]!;
    const type = node.type;
    const field = (name: string) => node.childForFieldName(name);
    // How the builder reads `child`: as a statement, an expression, or the way any() dispatches it.
    let next: "statement" | "expression" | "any" | undefined;
    if (asStatement) {
      switch (type) {
        case "expression_statement":
        case "return_statement":
          next = same(node.namedChild(0), child) ? "expression" : undefined;
          break;
        case "if_statement":
          if (same(field("condition"), child)) next = "expression";
          else if (same(field("consequence"), child)) next = "statement";
          else if (same(field("alternative"), child)) {
            if (child.type === "else_clause") {
              const inner = chain[i + 2];
              if (!inner || !same(child.namedChild(0), inner)) return false;
              i++;
            }
            next = "statement";
          }
          break;
        case "while_statement":
        case "do_statement":
          next = same(field("condition"), child) ? "expression" : same(field("body"), child) ? "statement" : undefined;
          break;
        case "for_statement":
          if (same(field("initializer"), child)) next = "any";
          else if (same(field("condition"), child) || same(field("update"), child)) next = "expression";
          else if (same(field("body"), child)) next = "statement";
          break;
        case "switch_statement": {
          if (same(field("condition"), child)) next = "expression";
          else if (same(field("body"), child)) {
            const kase = chain[i + 2];
            const inner = chain[i + 3];
            if (kase?.type !== "case_statement" || !inner || same(kase.childForFieldName("value"), inner)) return false;
            i += 2;
            next = "any";
          }
          break;
        }
        case "break_statement":
        case "continue_statement":
        case "goto_statement":
        case "comment":
        case "function_definition":
        case "type_definition":
        case "struct_specifier":
          break;
        case "labeled_statement": {
          const label = field("label");
          const body = namedChildren(node).find((c) => c.id !== label?.id && c.type !== "comment");
          next = same(body, child) ? "statement" : undefined;
          break;
        }
        case "declaration":
          if (child.type !== "init_declarator") break;
          asStatement = false;
          continue;
        default:
          // compound_statement and everything else: each named child, as any() reads it.
          next = "any";
      }
    } else {
      switch (type) {
        case "call_expression": {
          const fn = field("function");
          if (same(fn, child)) next = fn!.type === "identifier" ? undefined : "expression";
          else if (same(field("arguments"), child)) {
            const arg = chain[i + 2];
            if (!arg || arg.type === "comment") return false;
            i++;
            next = "any";
          }
          break;
        }
        case "conditional_expression":
          next = same(field("condition"), child) || same(field("consequence"), child) || same(field("alternative"), child) ? "expression" : undefined;
          break;
        case "binary_expression": {
          const op = field("operator")?.text;
          if (op === "&&" || op === "||") next = same(field("left"), child) || same(field("right"), child) ? "expression" : undefined;
          else next = "any";
          break;
        }
        case "assignment_expression":
          // The left side runs where it holds a call (the builder reads it then), as this chain does.
          next = same(field("right"), child) || same(field("left"), child) ? "expression" : undefined;
          break;
        case "init_declarator":
          next = same(field("value"), child) ? "expression" : undefined;
          break;
        case "update_expression":
          break;
        default:
          next = NOTHING_RUNS.has(type) ? undefined : "any";
      }
    }
    if (next === undefined) return false;
    // namedChildren and any() see only named nodes; a field can hold an anonymous one, which the builder then reads all the same.
    if (next === "any" && !chain[i + 1]!.isNamed) return false;
    asStatement = next === "statement" || (next === "any" && asAny(chain[i + 1]!));
  }
  return !asStatement;
}

/** Every event of a flow, in the order the flow lists them. */
export function* flowEvents(flow: Flow): Generator<Node> {
  switch (flow.kind) {
    case "event":
      yield flow.node;
      return;
    case "seq":
      for (const f of flow.items) yield* flowEvents(f);
      return;
    case "branch":
      yield* flowEvents(flow.arms[0]);
      yield* flowEvents(flow.arms[1]);
      return;
    case "loop":
      yield* flowEvents(flow.test);
      yield* flowEvents(flow.body);
      yield* flowEvents(flow.update);
      return;
    case "switch":
      yield* flowEvents(flow.head);
      for (const c of flow.cases) yield* flowEvents(c);
      return;
    case "jump":
      yield* flowEvents(flow.value);
      return;
    case "label":
      yield* flowEvents(flow.body);
  }
}

/** The loops of a flow that no other loop of it encloses, in source order. */
export function* outermostLoops(flow: Flow): Generator<Extract<Flow, { kind: "loop" }>> {
  switch (flow.kind) {
    case "loop":
      yield flow;
      return;
    case "seq":
      for (const f of flow.items) yield* outermostLoops(f);
      return;
    case "branch":
      yield* outermostLoops(flow.arms[0]);
      yield* outermostLoops(flow.arms[1]);
      return;
    case "switch":
      yield* outermostLoops(flow.head);
      for (const c of flow.cases) yield* outermostLoops(c);
      return;
    case "jump":
      yield* outermostLoops(flow.value);
      return;
    case "label":
      yield* outermostLoops(flow.body);
      return;
    case "event":
      return;
  }
}

/** Whether any path through a function's flow returns to its caller. */
function reachesEnd(flow: Flow): boolean {
  // Reachability is the two-point lattice: a small run of the general solver.
  let returns = false;
  const end = solveFunction(flow, true, REACHABLE, { jump: (j, s) => void (j.to === "return" && s && (returns = true)) });
  return end || returns;
}

const REACHABLE = { bottom: false, join: (a: boolean, b: boolean) => a || b, equals: (a: boolean, b: boolean) => a === b };
