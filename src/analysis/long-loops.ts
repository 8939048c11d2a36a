// Which loops of the code init runs may keep the CPU long enough for the soft-lockup watchdog: trip counts read from each loop's own text, work summed through the loops and calls inside it, over the flow graph.
import { foldConstant, foldOperator, macroDefinition } from "./constant-value.js";
import type { Node } from "../core/syntax-tree.js";
import { calleeName, callArguments, declaratorName, descendants, namedChildren, unparenthesize } from "../core/syntax.js";
import { constLocalValue } from "./const-locals.js";
import type { Flow, FlowGraphs } from "./flow/graph.js";
import { firstMentionFrom, flowEvents, outermostLoops } from "./flow/graph.js";
import type { ProgramFacts } from "./program.js";
import { postOrder } from "./post-order.js";

/*
 * Work is counted in loop iterations: a loop does its trip count times (one, plus the work of the
 * loops and program functions its body runs). A trip count is known for a counted for loop whose
 * start, bound and step are constants (`for (i = 0; i < 10; i++)`, a macro, a const local, an
 * array's length); any other loop, and a function that recurses, counts as unbounded.
 */

/** Iterations past which a loop needs a scheduling point: a million simple iterations take well under a second even under TCG, the 20 s watchdog is far off. */
export const LONG_LOOP_WORK = 1_000_000;

type LoopFlow = Extract<Flow, { kind: "loop" }>;

/** The words a for, while or do statement starts with. */
const LOOP_KEYWORDS: ReadonlySet<string> = new Set(["for", "while", "do"]);

/** The loops of every function init runs (itself and what it calls) whose work may pass LONG_LOOP_WORK, outer ones first. */
export function longLoops(program: ProgramFacts, graphs: FlowGraphs, init: string): Node[] {
  const functionWork = new Map<string, number>();
  const loopWork = new Map<number, number>();
  const callWork = (flow: Flow): number => {
    let total = 0;
    for (const e of flowEvents(flow)) {
      if (e.type !== "call_expression") continue;
      const name = calleeName(e);
      if (name && graphs.of(name)) total += workOfFunction(name);
    }
    return total;
  };
  const workOfLoop = (loop: LoopFlow): number => {
    const known = loopWork.get(loop.statement.id);
    if (known !== undefined) return known;
    const trips = tripCount(loop.statement, program) ?? Infinity;
    let inner = 0;
    for (const part of [loop.test, loop.body, loop.update]) {
      for (const l of outermostLoops(part)) inner += workOfLoop(l);
      inner += callWork(part);
    }
    const work = trips === 0 ? 0 : trips * (1 + inner);
    loopWork.set(loop.statement.id, work);
    return work;
  };
  function workOfFunction(name: string): number {
    const known = functionWork.get(name);
    if (known !== undefined) return known;
    // The functions it calls are settled first, the deepest first, by a walk with a stack of its
    // own: a chain of calls tens of thousands deep would overflow JavaScript's. A function being
    // settled counts as unbounded (a recursion: as deep as the input makes it).
    postOrder(
      name,
      (f) => graphs.callees(f) ?? [],
      (f) => {
        if (functionWork.has(f) || !graphs.of(f)) return false;
        functionWork.set(f, Infinity);
        return true;
      },
      (f) => {
        const flow = graphs.of(f)!;
        let work = callWork(flow);
        for (const l of outermostLoops(flow)) work += workOfLoop(l);
        functionWork.set(f, work);
      },
    );
    return functionWork.get(name)!;
  }

  // The text answers first where it can, so that only the functions that matter get a flow: a
  // call of a program function names it (a definition that names none but itself calls none), and
  // a loop has its keyword.
  const ranges = new Map(program.functions.ranges().map((r) => [r.name, r]));
  // The names of program functions in the text, in order, read in one pass.
  let mentions: ReadonlyArray<{ word: string; index: number }> | undefined;
  const mayCall = (name: string): boolean => {
    const r = ranges.get(name);
    if (!r) return false;
    mentions ??= program.functionMentions();
    let own = false;
    for (let i = firstMentionFrom(mentions, r.start); i < mentions.length && mentions[i]!.index < r.end; i++) {
      if (mentions[i]!.word === name && !own) own = true;
      else return true;
    }
    return false;
  };
  // The loop keywords of the whole text, read once (the program's word index has them): a
  // function may loop where one falls inside its definition.
  const keywords = program.wordsAmong(LOOP_KEYWORDS);
  const mayLoop = (name: string): boolean => {
    const r = ranges.get(name);
    if (r === undefined) return false;
    const i = firstMentionFrom(keywords, r.start);
    return i < keywords.length && keywords[i]!.index < r.end;
  };
  // No function with a loop: nothing to find, and no call to follow.
  const looping = new Set([...ranges.keys()].filter(mayLoop));
  if (looping.size === 0) return [];

  // What init runs: init and every program function its calls reach.
  // Only the functions with a loop matter: the walk stops once it has reached them all.
  const reached = new Set<string>();
  const pending = [init];
  let loopingReached = 0;
  while (pending.length > 0 && loopingReached < looping.size) {
    const name = pending.pop()!;
    if (reached.has(name) || !program.functions.has(name)) continue;
    // A definition whose facts cannot be read has no flow: it is reached, and adds nothing.
    reached.add(name);
    if (looping.has(name)) loopingReached++;
    if (!mayCall(name)) continue;
    for (const callee of graphs.callees(name) ?? []) pending.push(callee);
  }

  const found: Node[] = [];
  const visit = (flow: Flow) => {
    for (const loop of outermostLoops(flow)) {
      // A loop that runs its body once (`do { … } while (0)`, a statement macro's shape) repeats
      // nothing: what it runs yields in its own loops, or in the loop around it.
      if (workOfLoop(loop) > LONG_LOOP_WORK && (tripCount(loop.statement, program) ?? Infinity) > 1) found.push(loop.statement);
      visit(loop.test);
      visit(loop.body);
      visit(loop.update);
    }
  };
  for (const name of reached) {
    if (!looping.has(name)) continue;
    // A function that takes a spinlock runs atomic code, where nothing may sleep.
    const fn = program.functions.get(name);
    if (!fn || /\b(spin|raw_spin|read|write)_lock\w*\s*\(/.test(fn.body.text)) continue;
    visit(graphs.of(name)!);
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

/** How many times a counted for loop runs, when its start, bound and step are constants. */
export function tripCount(statement: Node, program: ProgramFacts): number | undefined {
  if (statement.type === "do_statement" || statement.type === "while_statement") {
    // `do { … } while (0)`, a statement macro's shape, runs its body once (a continue goes to the
    // test, which ends it); `while (0)` never does.
    const condition = statement.childForFieldName("condition");
    if (!condition || constantValue(unparenthesize(condition), program, statement) !== 0) return undefined;
    return statement.type === "do_statement" ? 1 : 0;
  }
  if (statement.type !== "for_statement") return undefined;
  const init = statement.childForFieldName("initializer");
  const condition = statement.childForFieldName("condition");
  const update = statement.childForFieldName("update");
  if (!init || !condition || !update) return undefined;
  const value = (n: Node | null | undefined) => constantValue(n, program, statement);

  // The counter and where it starts: `i = A` or `int i = A`.
  let counter: string | undefined;
  let start: number | undefined;
  if (init.type === "assignment_expression" && init.childForFieldName("operator")?.text === "=") {
    counter = init.childForFieldName("left")?.text;
    start = value(init.childForFieldName("right"));
  } else if (init.type === "declaration") {
    const declarators = init.childrenForFieldName("declarator").filter((d): d is Node => d?.type === "init_declarator");
    if (declarators.length === 1) {
      counter = declaratorName(declarators[0]!.childForFieldName("declarator"))?.text;
      start = value(declarators[0]!.childForFieldName("value"));
    }
  }
  if (!counter || start === undefined) return undefined;

  // The step: i++, ++i, i--, --i, i += k, i -= k.
  let step: number | undefined;
  const u = unparenthesize(update);
  if (u.type === "update_expression" && u.childForFieldName("argument")?.text === counter) step = u.text.includes("++") ? 1 : -1;
  else if (u.type === "assignment_expression" && u.childForFieldName("left")?.text === counter) {
    const k = value(u.childForFieldName("right"));
    const op = u.childForFieldName("operator")?.text;
    if (k !== undefined && k > 0) step = op === "+=" ? k : op === "-=" ? -k : undefined;
  }
  if (!step) return undefined;

  // The bound: i < B, i <= B, i != B, i > B, i >= B, or the same written B > i.
  const c = unparenthesize(condition);
  if (c.type !== "binary_expression") return undefined;
  let op = c.childForFieldName("operator")?.text ?? "";
  let bound: number | undefined;
  if (c.childForFieldName("left")?.text === counter) bound = value(c.childForFieldName("right"));
  else if (c.childForFieldName("right")?.text === counter) {
    bound = value(c.childForFieldName("left"));
    op = ({ "<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!=" } as Record<string, string>)[op] ?? "";
  }
  if (bound === undefined) return undefined;
  const span = step > 0 ? bound - start : start - bound;
  const size = Math.abs(step);
  if ((step > 0 && (op === "<" || op === "!=")) || (step < 0 && (op === ">" || op === "!="))) return span <= 0 ? 0 : Math.ceil(span / size);
  if ((step > 0 && op === "<=") || (step < 0 && op === ">=")) return span < 0 ? 0 : Math.floor(span / size) + 1;
  return undefined;
}

/** An integer constant: a literal, a macro or const local with a literal value, an array's length, and arithmetic on them. */
export function constantValue(expr: Node | null | undefined, program: ProgramFacts, at: Node): number | undefined {
  if (!expr) return undefined;
  const e = unparenthesize(expr);
  const value = (n: Node | null | undefined) => constantValue(n, program, at);
  switch (e.type) {
    case "number_literal": {
      const n = Number(e.text.replace(/[uUlL]+$/, ""));
      return Number.isFinite(n) ? n : undefined;
    }
    case "char_literal":
      return /^'[^\\']'$/.test(e.text) ? e.text.charCodeAt(1) : undefined;
    case "cast_expression":
      return value(e.childForFieldName("value"));
    case "identifier": {
      // A macro of the program's (`#define WORDS (MAX / 4)`) or a library limit, folded.
      const macro = foldConstant(program, e.text);
      if (macro !== undefined) return macro;
      // #define COUNT (int)(sizeof(table) / sizeof(table[0])): the array's length.
      const definition = macroDefinition(program, e.text);
      const length = definition === undefined ? null : /^[(\w\s)]*?\(?\s*sizeof\s*\(?\s*(\w+)\s*\)?\s*\/\s*sizeof\b[^\n]*$/.exec(definition);
      if (length) {
        const declared = descendants(program.root, "identifier").find((id) => id.text === length[1] && id.parent?.type === "array_declarator");
        if (declared) return arrayLength(declared, program);
      }
      const fn = program.functions.enclosing(at.startIndex)?.node;
      if (!fn) return undefined;
      const local = constLocalValue(fn.text, e.startIndex - fn.startIndex, e.text, () => false);
      return local !== undefined && /^\d+$/.test(local) ? Number(local) : undefined;
    }
    case "call_expression":
      // ARRAY_SIZE(a): the array's length.
      return calleeName(e) === "ARRAY_SIZE" ? arrayLength(callArguments(e)[0], program) : undefined;
    case "binary_expression": {
      const op = e.childForFieldName("operator")?.text;
      const left = e.childForFieldName("left");
      const right = e.childForFieldName("right");
      // sizeof a / sizeof a[0], sizeof(a) / sizeof(*a): the array's length.
      if (op === "/" && left && unparenthesize(left).type === "sizeof_expression") {
        const length = arrayLength(unparenthesize(left).childForFieldName("value"), program);
        if (length !== undefined) return length;
      }
      // Only these operators fold: the operands of any other are not worth reading.
      if (op !== "+" && op !== "-" && op !== "*" && op !== "/" && op !== "<<") return undefined;
      const a = value(left);
      const b = value(right);
      return a === undefined || b === undefined ? undefined : foldOperator(op, a, b);
    }
  }
  return undefined;
}

/** The length of an array the program declares once by this name: `T a[N]` with a literal N, or `T a[] = { … }`. */
function arrayLength(expr: Node | null | undefined, program: ProgramFacts): number | undefined {
  const name = expr ? unparenthesize(expr) : undefined;
  if (name?.type !== "identifier") return undefined;
  const lengths: number[] = [];
  for (const d of descendants(program.root, "array_declarator")) {
    if (d.childForFieldName("declarator")?.text !== name.text) continue;
    const size = d.childForFieldName("size");
    if (size && /^\d+$/.test(size.text)) lengths.push(Number(size.text));
    else if (!size && d.parent?.type === "init_declarator") {
      const list = d.parent.childForFieldName("value");
      lengths.push(list?.type === "initializer_list" ? namedChildren(list).filter((c) => c.type !== "comment").length : NaN);
    } else lengths.push(NaN);
  }
  return lengths.length === 1 && !Number.isNaN(lengths[0]) ? lengths[0] : undefined;
}
