// Every way main() ends, read from the flow graph: success or failure, the errno that says why, and what is held there.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, identifiersNamed, isPlainStringLiteral, keywordStatements, statementCall, statementsOf, unparenthesize } from "../core/syntax.js";
import type { AnalysisProblem } from "./problems.js";
import type { Flow, FlowGraphs } from "./flow/graph.js";
import { flowEvents, PROCESS_ENDS } from "./flow/graph.js";
import { solveFunction } from "./flow/solve.js";
import { memberEffects } from "./member-effects.js";
import { accessPath, argumentMemberPath, callOf, resultPath, ESCAPED, type FailureFrees, failureFreedPath, FREED, HELD, NULL_POINTER, analyzeOwnership, isUnreachable, type Ownership, type OwnershipFacts, releaserThroughCalls, UNSET } from "./ownership.js";
import { callersOf, type FunctionFacts, type ProgramFacts } from "./program.js";
import type { Errno, ResourceModel } from "./resources.js";
import { hasWord } from "../core/words.js";
import { errnoSavedAroundExit, isErrnoOnlyMessage } from "./errno-text.js";
import { declaredIn, declarationsIn, namesDeclared } from "./declared-names.js";
import { readsThroughArgument } from "./unchecked-allocations.js";
import { functionsUsedAsValues, indirectCalls, pointerCalls } from "./indirect-calls.js";

/** Memory an exit must release: the access path, and the call that releases it. */
export interface HeldResource {
  path: string;
  /** `free`, or the program's own release function for what its constructor returned. */
  releaser: string;
  /** Where it was first acquired, for the ladder's order (newest released first). */
  acquiredAt: number;
}

export interface FlowExit {
  /** The statement that ends main(): `return …;`, or `exit(…);` / `err(…);` / `abort();`. */
  statement: Node;
  /** The exit()-like call, when the exit is one. */
  call: Node | undefined;
  /**
   * success: init returns 0; failure: a negative errno; status: the program's own status variable,
   * mapped where it is set; channel: a helper failed, and its errno is in the helper plan's channel;
   * either: a conditional of constant statuses (`return bad ? 2 : 0;`), each arm mapped (`value`).
   */
  outcome: "success" | "failure" | "status" | "channel" | "either";
  /** For `either`: the status as init returns it (`bad ? -EINVAL : 0`). */
  value?: string;
  errno: Errno | null;
  /** Why that errno, in words, for the explanation. */
  errnoReason: string;
  /** err()/errx(): the format literal and its arguments. */
  message: Node[] | undefined;
  /** What is held here and must be released before init returns, newest first. */
  release: HeldResource[];
  /** main()'s last statement, or the end of its body. */
  isFinal: boolean;
  /** A call of a failing helper: the check goes after `statement`, which stays. */
  checkAfter?: boolean;
  /** The call is in the condition of `statement` (an if or a loop): the check goes where the condition leads. */
  inCondition?: boolean;
  /**
   * The call shares a condition with another that can fail (`solve(a) || solve(b)`): the check goes
   * right where it is made, in a statement expression around it, so that nothing runs after a failure.
   */
  inExpression?: boolean;
  /** A failing helper's call: the caller's paths the helper may have freed before it failed, which this exit must not free by name. */
  freedByCall?: string[];
  /** An exit in an arm of `c ? x : (exit(n), 0)`: the test becomes an if before `statement`, and the expression keeps its other arm. */
  hoist?: Hoist;
  /** The errno saved and restored around the cleanup before the exit call (`int t = errno; …; errno = t;`): they go. */
  folded?: Node[];
}

export interface Hoist {
  /** The declaration or expression statement the conditional is the value of. */
  statement: Node;
  conditional: Node;
  condition: Node;
  /** The exit is taken where the condition is true (it stands in the consequence). */
  whenTrue: boolean;
  /** The arm that stays. */
  keep: Node;
}

const SIDE_EFFECTS = ["call_expression", "assignment_expression", "update_expression"];

/**
 * `T v = c ? x : (exit(n), 0);` and `v = c ? x : (exit(n), 0);`, where c has no side effects:
 * the exit can move into `if (!c)` before the statement, which then keeps x; nothing the
 * statement computes before the conditional is reordered, since the conditional is all of it.
 */
function hoistableExit(call: Node): Hoist | undefined {
  let arm: Node = call;
  if (arm.parent?.type === "comma_expression" && arm.parent.childForFieldName("left")?.id === arm.id) arm = arm.parent;
  while (arm.parent?.type === "parenthesized_expression") arm = arm.parent;
  let conditional = arm.parent;
  if (conditional?.type !== "conditional_expression") return undefined;
  const condition = conditional.childForFieldName("condition");
  const consequence = conditional.childForFieldName("consequence");
  const alternative = conditional.childForFieldName("alternative");
  if (!condition || !consequence || !alternative || condition.id === arm.id) return undefined;
  if (SIDE_EFFECTS.some((t) => condition.type === t || condition.descendantsOfType(t).length > 0)) return undefined;
  const whenTrue = consequence.id === arm.id;
  const keep = whenTrue ? alternative : consequence;
  while (conditional.parent?.type === "parenthesized_expression") conditional = conditional.parent;
  const holder = conditional.parent;
  let statement: Node | null = null;
  if (holder?.type === "init_declarator" && holder.childForFieldName("value")?.id === conditional.id) statement = holder.parent;
  else if (holder?.type === "assignment_expression" && holder.childForFieldName("right")?.id === conditional.id && holder.parent?.type === "expression_statement") statement = holder.parent;
  if (statement?.type !== "declaration" && statement?.type !== "expression_statement") return undefined;
  if (statement.parent?.type !== "compound_statement" && statement.parent?.type !== "case_statement") return undefined;
  return { statement, conditional, condition, whenTrue, keep };
}

function hoistedCause(hoist: Hoist, model: ResourceModel, ownership: OwnershipFacts): { errno: Errno; reason: string } {
  const allocated = (p: string) => ownership.acquisitions.has(p) || [...(ownership.assignedFrom.get(p) ?? [])].some((f) => model.allocators.has(f) || model.failureCause.get(f) === "ENOMEM");
  return allocationFailed(hoist.condition, hoist.whenTrue, allocated, model)
    ? { errno: "ENOMEM", reason: `'${hoist.condition.text}' holds only when an allocation failed` }
    : { errno: "EINVAL", reason: "the test does not say why it failed, so kernelize reports an invalid argument" };
}

export interface FlowExitPlan {
  exits: FlowExit[];
  /** The variable main() keeps its exit status in (`int ret = 1; … return ret;`), with the failure values assigned to it. */
  statusVariable: { name: string; failures: Array<{ value: Node; errno: Errno }>; successes: Node[] } | undefined;
  /** main()'s last statement when it is a return. */
  finalReturn: Node | undefined;
  /** main() can fall off its end (it has no final return, and some path gets there). */
  endReachable: boolean;
  /** What is still held where main() falls off its end without a return. */
  endRelease: HeldResource[];
  problems: AnalysisProblem[];
  /**
   * Some exit holds memory the analysis cannot name (a list built in a loop, a copy, a free on
   * some paths only): every allocation is tracked, and each exit frees what is still tracked.
   */
  tracked: boolean;
  /**
   * The tracker is needed for memory held where main() has no name for it (an array element, an
   * allocating initializer list, a structure in a global), which only this plan sees; memory under
   * a name or member of main()'s own that cannot be told (an alias, a resize, a member a helper
   * filled that main()'s destroy function frees) the statement-order plan reads too.
   */
  trackedUnnamed: boolean;
  /** The errno identifiers of the saves and restores the exits fold away: no read of the program's. */
  consumedErrno: ReadonlySet<number>;
}

const STATUS_EXITS = new Set(["exit", "_exit", "_Exit", "quick_exit"]);
const MESSAGE_EXITS = new Set(["err", "errx"]);

export function planFlowExits(
  program: ProgramFacts,
  main: FunctionFacts,
  graphs: FlowGraphs,
  model: ResourceModel,
  /** Statements that only read the command line and go away with it (their exits go too). */
  removed: readonly Node[] = [],
  /** Helpers whose exits became error returns: main() checks each call of them. */
  helperPlan?: FlowHelperPlan,
): FlowExitPlan {
  const within = (node: Node) => removed.some((r) => node.startIndex >= r.startIndex && node.endIndex <= r.endIndex);
  const flow = graphs.of("main")!;
  const failingCall = (c: Node) => (helperPlan?.helpers.has(calleeName(c) ?? "") || helperPlan?.throughPointers.has(c.id)) ?? false;
  const failureFrees = helperPlan?.failureFrees;
  const pointers = pointerCalls(program);
  const ownership = analyzeOwnership(flow, model, failingCall, { effects: memberEffects(program, graphs, model), ...(failureFrees ? { failureFrees } : {}), ...(pointers ? { pointers } : {}) });
  const problems: AnalysisProblem[] = [];
  const consumedErrno = new Set<number>();
  const readsThrough = readsThroughArgument(program, graphs, model);
  const body = main.body;
  // The last statement, under any labels on it (`out: return ret;`).
  let last = body.namedChildren.filter((c) => c && c.type !== "comment").at(-1) ?? undefined;
  while (last?.type === "labeled_statement") last = last.namedChildren.filter((c) => c && c.type !== "statement_identifier" && c.type !== "comment").at(-1) ?? undefined;
  const finalReturn = last?.type === "return_statement" ? last : undefined;

  // The exits: every return, and every call that ends the process, at any depth.
  const exitNodes: Array<{ statement: Node; call: Node | undefined; hoist?: Hoist }> = [];
  for (const r of descendants(body, "return_statement")) if (!within(r)) exitNodes.push({ statement: r, call: undefined });
  for (const { call } of program.callsNamed(PROCESS_ENDS)) {
    if (call.startIndex < body.startIndex || call.endIndex > body.endIndex || within(call)) continue;
    const statement = call.parent;
    const hoisted = statement?.type === "expression_statement" ? undefined : hoistableExit(call);
    if (hoisted) {
      exitNodes.push({ statement: hoisted.statement, call, hoist: hoisted });
      continue;
    }
    if (statement?.type !== "expression_statement") {
      problems.push({
        code: "K1008",
        node: call,
        message: `${calleeName(call)}() inside an expression cannot become a module error path yet`,
        note: "call it as a statement of its own (if (failed) exit(1);), so that it can become a jump to the unified exit",
      });
      continue;
    }
    exitNodes.push({ statement, call });
  }
  for (const call of flowEvents(flow)) {
    if (call.type !== "call_expression" || within(call)) continue;
    const callee = calleeName(call);
    if (callee && failingCall(call)) continue;
    if (callee && callee !== "main" && program.functions.has(callee) && graphs.neverReturns(callee)) {
      problems.push({
        code: "K1008",
        node: call,
        message: `${calleeName(call)}() never returns: it ends the process, which a module cannot do`,
        note: "report the failure to main() with a return value, and let main() end",
      });
    }
  }
  exitNodes.sort((a, b) => a.statement.startIndex - b.statement.startIndex);

  const tracking = { needed: false, unnamed: false };
  const statusName = statusVariableOf(main, exitNodes);
  const releaserOf = releasersUsed(main, model, ownership, program);
  const exits: FlowExit[] = [];
  for (const { statement, call, hoist } of exitNodes) {
    const state = ownership.atJump.get((call ?? statement).id);
    const isFinal = statement.id === finalReturn?.id;
    const status = call ? exitStatus(call) : statement.namedChild(0);
    const name = call ? calleeName(call)! : undefined;
    let outcome: FlowExit["outcome"];
    let message: Node[] | undefined;
    if (name && MESSAGE_EXITS.has(name)) {
      const args = callArguments(call!);
      if (!args[1] || (!isPlainStringLiteral(args[1]) && !isErrnoOnlyMessage(call!, args[1]))) {
        problems.push({
          code: "K1007",
          node: call!,
          message: `${name}() with ${args[1] ? "a computed message" : "no message"} cannot become a constant error message`,
          note: "give err() a plain string literal as its message",
        });
        continue;
      }
      message = args.slice(1);
      outcome = "failure";
    } else if (name === "abort") outcome = "failure";
    else if (!status) outcome = "success";
    else if (isSuccess(status)) outcome = "success";
    else if (isConstantStatus(status)) outcome = "failure";
    else if (statusName && unparenthesize(status).text === statusName) outcome = "status";
    else if (constantStatuses(status) !== undefined) outcome = "either";
    else if (descendants(status, "call_expression").some(failingCall)) {
      problems.push({
        code: "K1008",
        node: status,
        message: `main() ends with the exit status '${status.text}', computed by a call that can fail, which init cannot check there`,
        note: "call the function in a statement of its own, keeping its result in a variable, and return that",
      });
      continue;
    } else outcome = "either";
    const cause = outcome === "failure" ? (hoist ? hoistedCause(hoist, model, ownership) : causeOf(statement, model, ownership)) : undefined;
    const release = state ? releasable(state, outcome !== "success" || !isFinal, statement, releaserOf, problems, tracking) : [];
    if (release === undefined) continue;
    exits.push({
      statement,
      call,
      outcome,
      errno: outcome === "failure" ? cause!.errno : null,
      errnoReason:
        outcome === "failure"
          ? cause!.reason
          : outcome === "success"
            ? "the program ends here successfully, so init returns 0"
            : outcome === "either"
              ? constantStatuses(status!) !== undefined
                ? "the program's status is a choice of constants: each failing one becomes -EINVAL (it does not say why it failed), success stays 0"
                : computedStatusReason
              : "the program's own status variable",
      ...(outcome === "either" ? { value: constantStatuses(status!) ?? computedStatus(status!) } : {}),
      message,
      release,
      isFinal,
      ...(hoist ? { hoist } : {}),
      ...foldedErrno(call ? statement : undefined, consumedErrno),
    });
  }
  // Each call of a failing helper is checked right after its statement, holding what is held there.
  for (const call of flowEvents(flow)) {
    if (call.type !== "call_expression" || !failingCall(call) || within(call)) continue;
    const statement = statementOf(call);
    // `return f(…);` is refused above as a status computed at run time.
    if (statement?.type === "return_statement") continue;
    const place = statement ? conditionCheck(call, statement, failingCall) : undefined;
    const inCondition = place === "arms";
    const inExpression = place === "expression";
    if (statement && valueUsedBeforeCheck(call, statement, readsThrough)) {
      problems.push(usedBeforeCheckProblem(call));
      continue;
    }
    if (!statement || (statement.type !== "expression_statement" && statement.type !== "declaration" && !inCondition && !inExpression)) {
      problems.push({
        code: "K1008",
        node: call,
        message: `${callName(call)}() can fail now, and this call sits where its failure cannot be checked yet`,
        note: `call ${callName(call)}() as a statement of its own, keeping its result in a variable`,
      });
      continue;
    }
    const state = ownership.afterCall.get(call.id);
    const release = state ? releasable(state, true, call, releaserOf, problems, tracking) : [];
    if (release === undefined) continue;
    const args = callArguments(call);
    const freedByCall = [...(failureFrees?.get(calleeName(call) ?? "") ?? [])].flatMap(([i]) => failureFreedPath(args, i) ?? []);
    exits.push({ statement, call, outcome: "channel", errno: null, errnoReason: `${callName(call)}() failed and said why`, message: undefined, release, isFinal: false, checkAfter: true, ...(inCondition ? { inCondition: true } : {}), ...(inExpression ? { inExpression: true } : {}), ...(freedByCall.length > 0 ? { freedByCall } : {}) });
  }
  exits.sort((a, b) => a.statement.startIndex - b.statement.startIndex);
  // main() that ends with a call of a helper that ends the process (`die("no input");`): the helper
  // returns in the module, so main()'s end is reached there, holding what the call left.
  const lastCall = last ? statementCall(last) : undefined;
  const endsInFailingCall = !finalReturn && isUnreachable(ownership.atEnd) && lastCall !== undefined && failingCall(lastCall);
  const endState = endsInFailingCall ? (ownership.afterCall.get(lastCall!.id) ?? ownership.atEnd) : ownership.atEnd;
  const endRelease = finalReturn ? [] : (releasable(endState, false, body, releaserOf, problems) ?? []);
  const endReachable = !finalReturn && (!isUnreachable(ownership.atEnd) || endsInFailingCall);

  let statusVariable: FlowExitPlan["statusVariable"];
  if (statusName) {
    // A status variable set to what the program computes (`errors += bad;`): its value at each exit
    // decides, as a computed status does.
    const unmapped: AnalysisProblem[] = [];
    statusVariable = mapStatusVariable(statusName, main, graphs, model, ownership, unmapped);
    if (!statusVariable) {
      for (const e of exits) {
        if (e.outcome !== "status") continue;
        e.outcome = "either";
        e.value = computedStatus(statusName);
        e.errnoReason = computedStatusReason;
      }
    }
  }
  if (!tracking.needed && helpersHoldUnnamedMemory(program, main, graphs, model)) tracking.needed = tracking.unnamed = true;
  // A process runs its atexit() handlers while its memory is still there, and a handler may use
  // or free what main() holds at its end: freed by main()'s own exit, it would be freed twice or
  // read after its free. Only the tracker knows what the handlers left, so it frees that after them.
  const heldAtSomeExit = exits.some((e) => e.release.length > 0) || endRelease.length > 0;
  if (heldAtSomeExit && registersAtexitHandlers(program)) tracking.needed = tracking.unnamed = true;
  return { exits, statusVariable, finalReturn, endReachable, endRelease, problems, tracked: tracking.needed, trackedUnnamed: tracking.unnamed, consumedErrno };
}

/** init's value for a status the program computes: its failures (anything but 0) become -EINVAL. */
const computedStatus = (status: Node | string, errno: Errno = "EINVAL") => `${statusTest(status)} ? -${errno} : 0`;

/**
 * A computed status as the process's exit would read it: its low 8 bits (a count of 256 failures
 * ends the process with status 0), `(failures & 0xff)`; a comparison or a logical operator gives
 * 0 or 1 and is tested as it stands.
 */
function statusTest(status: Node | string): string {
  const node = typeof status === "string" ? undefined : unparenthesize(status);
  const text = typeof status === "string" ? status : node!.text;
  const operator = node?.type === "binary_expression" ? node.childForFieldName("operator")?.text : node?.type === "unary_expression" ? node.childForFieldName("operator")?.text : undefined;
  if (operator !== undefined && /^(?:==|!=|<=?|>=?|&&|\|\||!)$/.test(operator)) return `(${text})`;
  const simple = typeof status === "string" || node!.type === "identifier" || node!.type === "field_expression";
  return simple ? `(${text} & 0xff)` : `((${text}) & 0xff)`;
}
const computedStatusReason = "the program computes its status: the process's exit would keep its low 8 bits, so 0 (and 256, 512…) stays 0, and any other value, a failure, becomes -EINVAL (init can only say that it failed, not with which number)";

/** Whether the program registers functions with atexit(), which then run after main() has ended. */
export function registersAtexitHandlers(program: ProgramFacts): boolean {
  return program.callsNamed(new Set(["atexit"])).length > 0;
}

/** The status argument of exit(n) and err(n, …); abort() has none. */
function exitStatus(call: Node): Node | null {
  return callArguments(call)[0] ?? null;
}

const isSuccess = (n: Node) => /^\(*\s*(0|EXIT_SUCCESS)\s*\)*$/.test(n.text);

/**
 * A status that chooses among constants (`bad ? 2 : 0`, nested too), as init returns it: each
 * success arm 0 and each failing one -EINVAL; undefined for any other expression.
 */
function constantStatuses(status: Node): string | undefined {
  const c = unparenthesize(status);
  if (c.type !== "conditional_expression") return undefined;
  const arm = (n: Node | null): string | undefined => {
    if (!n) return undefined;
    if (isSuccess(n)) return "0";
    if (isConstantStatus(n)) return "-EINVAL";
    const inner = constantStatuses(n);
    return inner === undefined ? undefined : `(${inner})`;
  };
  const condition = c.childForFieldName("condition");
  const yes = arm(c.childForFieldName("consequence"));
  const no = arm(c.childForFieldName("alternative"));
  return condition && yes !== undefined && no !== undefined ? `${condition.text} ? ${yes} : ${no}` : undefined;
}
const isConstantStatus = (n: Node) => /^\(*\s*(-?\s*\d+|EXIT_FAILURE)\s*\)*$/.test(n.text);

/**
 * What must be released at an exit, newest first; undefined (with a problem) where the analysis
 * cannot say. `strict`: an unknown state is a problem (a failure or an early exit); at the final
 * success return it is left as the program left it.
 */
function releasable(
  state: Ownership,
  strict: boolean,
  at: Node,
  releaserOf: (path: string, state?: Ownership) => string | undefined,
  problems: AnalysisProblem[],
  /** Where given, what cannot be told is left to the tracked allocations instead of refused. */
  tracking?: { needed: boolean; unnamed?: boolean },
): HeldResource[] | undefined {
  const out: HeldResource[] = [];
  const unknown: string[] = [];
  for (const [path, s] of state) {
    if (!(s.bits & (HELD | ESCAPED))) continue;
    const releaser = releaserOf(path, state);
    const nullSafe = releaser === "free";
    // A variable of an inner block that has ended cannot be named here: what it held is not followed.
    const root = /^[A-Za-z_]\w*/.exec(path)?.[0] ?? path;
    const clean = !(s.bits & (ESCAPED | FREED | UNSET)) && (nullSafe || !(s.bits & NULL_POINTER)) && inScope(at, root);
    if (!clean || !releaser) {
      unknown.push(path);
      continue;
    }
    out.push({ path, releaser, acquiredAt: Math.min(...s.sites.map((n) => n.startIndex)) });
  }
  if (unknown.length > 0) {
    // At the final success return the process's exit took back what the program still held; init
    // returns into the kernel instead, so with the tracker it frees that too.
    if (tracking) {
      tracking.needed = true;
      if (unknown.some((p) => p.startsWith("?"))) tracking.unnamed = true;
      return out.sort((a, b) => b.acquiredAt - a.acquiredAt);
    }
    if (!strict) return out.sort((a, b) => b.acquiredAt - a.acquiredAt);
    problems.push({
      code: "K1005",
      node: at,
      message: `kernelize cannot tell whether ${unknown.map(shownPath).join(", ")} ${unknown.length > 1 ? "hold" : "holds"} memory here, so this exit cannot free exactly what it holds`,
      note: "keep each allocation in one variable until it is freed (no copies, no frees on only some paths), or free it before this exit",
    });
    return undefined;
  }
  return out.sort((a, b) => b.acquiredAt - a.acquiredAt);
}

/** A path as the program writes it: memory held where no path reaches is kept as `?v[i]@id`, shown `v[i]`. */
const shownPath = (path: string) => (path.startsWith("?") ? path.slice(1, path.lastIndexOf("@")) : path);

/**
 * Whether a function other than main() can return while it still holds memory it allocated that
 * main()'s ownership cannot name: kept in a file-scope variable (or something reached through one:
 * `head->next`, a stack or a list kept in globals), or kept in nothing at all (a local the function
 * never frees, returns or hands on: memory the program leaves for its process's exit). main()'s
 * ownership starts from nothing in each function, so such memory is held at none of its exits by
 * any name it knows; a process's exit took it back, init's return does not, so the tracker frees
 * it. Only functions that call an allocator are read.
 */
function helpersHoldUnnamedMemory(program: ProgramFacts, main: FunctionFacts, graphs: FlowGraphs, model: ResourceModel): boolean {
  const allocating = new Map<string, Node[]>();
  for (const c of program.callsNamed(model.named().allocators)) {
    const owner = program.functions.enclosing(c.call.startIndex)?.name;
    if (owner && owner !== main.name) allocating.set(owner, [...(allocating.get(owner) ?? []), c.call]);
  }
  // A path's variable: `head` of head->next, `names` of ?names[n]@id (memory stored where no path names it).
  const outsideFn = (fn: FunctionFacts, path: string | undefined) => {
    const root = path === undefined ? undefined : /^\??([A-Za-z_]\w*)/.exec(path)?.[1];
    return root !== undefined && (!declaredIn(fn, root) || staticIn(fn, root));
  };
  for (const [name, calls] of allocating) {
    const fn = program.functions.get(name);
    if (!fn) continue;
    // Ownership follows only paths some plain assignment (`=`, not `+=`) or initializer of the
    // function stored to, and an initializer stores to a name the function declares: where every
    // `=` stores to the function's own, so is every path it can hold at a return.
    const stored = fn.body.hasError ? descendants(fn.body, "assignment_expression").filter((n) => (n.childForFieldName("operator")?.text ?? "=") === "=") : plainAssignments(program.source, fn.body);
    const inFileScope = stored.some((n) => outsideFn(fn, storedTo(n.childForFieldName("left"))));
    // Memory stored into an element reached through a parameter (`g->head[s] = e;`, `v[i] =
    // strdup(s);`): the caller's ownership follows a parameter's members, not their elements, so
    // it has no name for that memory at any of its exits.
    if (stored.some((n) => intoParameterElement(program, fn, n, calls) || throughPointerToFileScope(fn, n, calls, stored))) return true;
    // The flow is read only where the text leaves a question: memory kept outside the function, or
    // a local given memory that the function neither frees, returns nor hands to a function of the program.
    if (!inFileScope && !calls.some((c) => localLeftAlone(program, fn, c, model))) continue;
    const flow = graphs.of(name);
    if (!flow) continue;
    const facts = analyzeOwnership(flow, model);
    for (const state of [facts.atEnd, ...facts.atJump.values()]) {
      for (const [path, s] of state) {
        if (inFileScope && s.bits & (HELD | ESCAPED) && outsideFn(fn, path)) return true;
      }
    }
    if (losesMemoryAtReturn(program, fn, flow, facts)) return true;
  }
  return false;
}

/**
 * Whether an assignment stores an allocation of `calls` (or the local it went into) into an element
 * reached through one of the function's parameters, which no function of the program frees as an
 * element of that member (`free(n->items[i])` in a names_free() that the caller's exits call).
 */
function intoParameterElement(program: ProgramFacts, fn: FunctionFacts, assignment: Node, calls: readonly Node[]): boolean {
  const left = assignment.childForFieldName("left");
  if (!left || !left.text.includes("[")) return false;
  const root = /^[(\s*]*([A-Za-z_]\w*)/.exec(left.text)?.[1];
  if (!root || !fn.parameterNames.includes(root)) return false;
  const member = /(?:->|\.)\s*([A-Za-z_]\w*)\s*\[[^\]]*\]\s*$/.exec(left.text)?.[1];
  if (member && elementsFreed(program.source, member)) return false;
  const value = assignment.childForFieldName("right");
  const call = callOf(value);
  if (call) return calls.some((c) => c.id === call.id);
  const held = value ? accessPath(value) : undefined;
  return held !== undefined && calls.some((c) => allocationTarget(c) === held);
}

/**
 * Whether an assignment stores an allocation of `calls` (or the local it went into) through a
 * local pointer that holds the address of a file-scope variable, or of a member reached from one
 * (`for (pp = &waiting; *pp; pp = &(*pp)->next); *pp = p;`, the append to a list kept in a global):
 * the memory joins the program's global structure, where no name of main()'s reaches it.
 */
function throughPointerToFileScope(fn: FunctionFacts, assignment: Node, calls: readonly Node[], stored: readonly Node[]): boolean {
  const left = unparenthesize(assignment.childForFieldName("left") ?? assignment);
  if (left.type !== "pointer_expression" || left.childForFieldName("operator")?.text !== "*") return false;
  const pointer = unparenthesize(left.childForFieldName("argument") ?? left);
  if (pointer.type !== "identifier" || !declaredIn(fn, pointer.text) || fn.parameterNames.includes(pointer.text)) return false;
  const value = assignment.childForFieldName("right");
  const call = callOf(value);
  const held = value ? accessPath(value) : undefined;
  if (!(call ? calls.some((c) => c.id === call.id) : held !== undefined && calls.some((c) => allocationTarget(c) === held))) return false;
  // Where the pointer is given an address: `pp = &waiting` (an assignment or its declaration's initializer).
  const addresses = [
    ...stored.filter((a) => storedTo(a.childForFieldName("left")) === pointer.text && !/^\s*\*/.test(a.childForFieldName("left")?.text ?? "")).map((a) => a.childForFieldName("right")),
    ...declarationsIn(fn, pointer.text).flatMap((d) => d.childrenForFieldName("declarator").filter((x) => x.type === "init_declarator" && declaratorName(x.childForFieldName("declarator"))?.text === pointer.text).map((x) => x.childForFieldName("value"))),
  ];
  return addresses.some((a) => {
    const address = a ? unparenthesize(a) : undefined;
    if (address?.type !== "pointer_expression" || address.childForFieldName("operator")?.text !== "&") return false;
    const root = /^[(\s*]*([A-Za-z_]\w*)/.exec(address.childForFieldName("argument")?.text ?? "")?.[1];
    return root !== undefined && (!declaredIn(fn, root) || staticIn(fn, root));
  });
}

/** Whether the program frees elements of a member of that name somewhere (`free(n->items[--n->count])`, `free(v.data[i]);`). */
function elementsFreed(source: string, member: string): boolean {
  for (let at = source.indexOf(member); at >= 0; at = source.indexOf(member, at + member.length)) {
    if (!/[\w]/.test(source[at + member.length] ?? "") && /\bfree\s*\([^;()]*(?:->|\.)\s*$/.test(source.slice(Math.max(0, at - 64), at)) && /^\s*\[/.test(source.slice(at + member.length, at + member.length + 8))) return true;
  }
  return false;
}

/** The local an allocation's value is stored in (`p = malloc(n)`, `char *p = strdup(s)`), not a member. */
function allocationTarget(call: Node): string | undefined {
  const path = resultPath(call);
  return path !== undefined && /^[A-Za-z_]\w*$/.test(path) ? path : undefined;
}

/**
 * Whether the text leaves a question about the local an allocation's result is stored in
 * (`p = malloc(n)`, `char *p = strdup(s)`): a return (or a void function's end) that neither names
 * it, nor stands in the branch of its own NULL test, nor comes after a call that frees it or hands
 * it to one of the program's functions. Where every way out answers so, the memory cannot be lost
 * at a return, and the flow need not be read.
 */
function localLeftAlone(program: ProgramFacts, fn: FunctionFacts, call: Node, model: ResourceModel): boolean {
  let n: Node = call;
  while (n.parent && (n.parent.type === "parenthesized_expression" || n.parent.type === "cast_expression")) n = n.parent;
  const local = allocationTarget(call);
  // A member of a structure the function declares by value (`vec v = { calloc(n, 4), n };`,
  // `v.data = malloc(n);`): returned or copied whole, it reaches callers whose ownership does not
  // follow members, so the flow is read.
  if (local === undefined) return structMemberOfLocal(fn, n);
  // The statements that free the local or hand it on, each in its block: a way out after one in a
  // block that holds that way out passes it on every path.
  const handed: Node[] = [];
  for (const id of identifiersNamed(fn.body, local)) {
    let call: Node | undefined;
    for (let a: Node | null = id.parent; a && a.id !== fn.body.id; a = a.parent) {
      if (a.type === "call_expression") {
        const callee = calleeName(a);
        if (callee && (model.releasers.has(callee) || (program.functions.has(callee) && callee !== fn.name))) call = a;
      }
      if (call && a.parent?.type === "compound_statement") {
        handed.push(a);
        break;
      }
      if (a.type === "return_statement") break;
    }
  }
  const handedBefore = (at: Node) => handed.some((h) => h.endIndex <= at.startIndex && h.parent!.startIndex <= at.startIndex && at.endIndex <= h.parent!.endIndex);
  const namedIn = (r: Node) => descendants(r, "identifier").some((id) => id.text === local);
  const inItsNullTest = (r: Node) => {
    for (let a: Node | null = r.parent; a && a.id !== fn.body.id; a = a.parent) {
      if (a.type !== "if_statement") continue;
      const c = unparenthesize(a.childForFieldName("condition") ?? a);
      const tested = c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!" ? unparenthesize(c.childForFieldName("argument")!).text : c.type === "binary_expression" && c.childForFieldName("operator")?.text === "==" ? [c.childForFieldName("left"), c.childForFieldName("right")].map((x) => (x ? unparenthesize(x).text : "")).find((t) => t !== "NULL" && t !== "0") : undefined;
      const consequence = a.childForFieldName("consequence");
      if (tested === local && consequence && r.startIndex >= consequence.startIndex && r.endIndex <= consequence.endIndex) return true;
    }
    return false;
  };
  for (const r of keywordStatements(fn.body, "return", "return_statement")) {
    if (r.startIndex < n.startIndex) continue;
    if (!namedIn(r) && !inItsNullTest(r) && !handedBefore(r)) return true;
  }
  return fn.returnType === "void" && !fn.returnsPointer && !handed.some((h) => h.parent!.id === fn.body.id);
}

/** Whether an allocation's value is stored into a member of a structure the function declares by value: `{ … }` initializers and `v.buf = …`. */
function structMemberOfLocal(fn: FunctionFacts, value: Node): boolean {
  let n: Node | null = value.parent;
  if (n?.type === "initializer_list" || n?.type === "initializer_pair") {
    while (n && (n.type === "initializer_list" || n.type === "initializer_pair")) n = n.parent;
    const name = n?.type === "init_declarator" ? n.childForFieldName("declarator") : null;
    return name?.type === "identifier";
  }
  if (n?.type !== "assignment_expression" || n.childForFieldName("right")?.id !== value.id) return false;
  const left = unparenthesize(n.childForFieldName("left") ?? n);
  const object = left.type === "field_expression" && left.childForFieldName("operator")?.text === "." ? unparenthesize(left.childForFieldName("argument") ?? left) : undefined;
  return object?.type === "identifier" && declaredIn(fn, object.text) && !fn.parameterNames.includes(object.text);
}

/**
 * Whether a function can return while a variable of its own (a local, a parameter it assigned, a
 * member of a local structure) still holds memory it allocated, which it neither returns nor hands
 * to one of the program's functions: once it returns, no name reaches that memory again.
 */
function losesMemoryAtReturn(program: ProgramFacts, fn: FunctionFacts, flow: Flow, facts: OwnershipFacts): boolean {
  // The variables an expression names: what a return or a call may hand on.
  const namesIn = (e: Node, into: Set<string>) => {
    if (e.type === "identifier") into.add(e.text);
    for (const id of descendants(e, "identifier")) into.add(id.text);
    return into;
  };
  // What the function hands on: anything passed to one of the program's functions (which may keep it).
  const handedOn = new Set<string>();
  for (const e of flowEvents(flow)) {
    if (e.type !== "call_expression") continue;
    const callee = calleeName(e);
    if (callee && program.functions.has(callee)) for (const a of callArguments(e)) namesIn(a, handedOn);
  }
  const lost = (state: Ownership, returned: ReadonlySet<string>): boolean => {
    if (isUnreachable(state)) return false;
    for (const [path, s] of state) {
      if (!(s.bits & HELD) || s.bits & ESCAPED) continue;
      // Only the function's own variables and the members of its own structures: `s->buf` and `?v[i]@id` live on.
      if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(path)) continue;
      const root = path.split(".")[0]!;
      // A structure returned whole by value (`return v;` holding v.data) reaches a caller whose
      // ownership does not follow its members: that memory has no name there.
      const passed = (returned.has(root) && (path === root || fn.returnsPointer)) || handedOn.has(root);
      if (passed || !declaredIn(fn, root) || staticIn(fn, root)) continue;
      return true;
    }
    return false;
  };
  for (const r of descendants(fn.body, "return_statement")) {
    const state = facts.atJump.get(r.id);
    if (!state) continue;
    const returned = new Set<string>();
    for (const c of r.namedChildren) if (c.type !== "comment") namesIn(c, returned);
    if (lost(state, returned)) return true;
  }
  // The state at the end joins every return's with falling off the end: only a void function's returns give nothing back.
  return fn.returnType === "void" && !fn.returnsPointer && lost(facts.atEnd, new Set());
}

/** The variable an assignment stores into: `p`, `s.buf`, `head->next`, and `names` of `names[n]` or `*slot`. */
function storedTo(left: Node | null): string | undefined {
  let n = left ? unparenthesize(left) : undefined;
  while (n && (n.type === "subscript_expression" || (n.type === "pointer_expression" && n.childForFieldName("operator")?.text === "*"))) n = unparenthesize(n.childForFieldName("argument") ?? n);
  return accessPath(n);
}

/** Whether `name` is declared `static` in the function's body: it outlives each call, as a file-scope variable does. */
function staticIn(fn: FunctionFacts, name: string): boolean {
  return declarationsIn(fn, name).some((d) => d.children.some((c) => c?.type === "storage_class_specifier" && c.text === "static"));
}

/**
 * The assignments with a plain `=` in a body without syntax errors, in source order: each `=` of
 * the text asks the tree for the node it belongs to, instead of a walk of the whole body (an
 * assignment's operator is its own token, so the smallest named node around it is the assignment).
 */
function plainAssignments(source: string, body: Node): Node[] {
  const out: Node[] = [];
  const end = body.endIndex;
  for (let at = source.indexOf("=", body.startIndex); at >= 0 && at < end; at = source.indexOf("=", at + 1)) {
    const node = body.namedDescendantForIndex(at, at + 1);
    if (node?.type !== "assignment_expression") continue;
    const operator = node.childForFieldName("operator");
    if (operator?.startIndex === at && operator.endIndex === at + 1) out.push(node);
  }
  return out;
}

/** Whether a declaration declares `name` (`int a, *name = …;`). */
function declaresName(d: Node | null, name: string): boolean {
  return d?.type === "declaration" && namesDeclared(d).includes(name);
}

/** Whether `name` is declared in a block around `at` (before it), in a for's initializer, as a parameter or at file scope. */
function inScope(at: Node, name: string): boolean {
  const declares = (d: Node | null) => declaresName(d, name);
  const position = at.type === "compound_statement" ? at.endIndex : at.startIndex;
  for (let n: Node | null = at; n; n = n.parent) {
    if (n.type === "compound_statement" || n.type === "translation_unit") {
      if (n.namedChildren.some((c) => c && c.startIndex < position && declares(c))) return true;
    } else if (n.type === "for_statement") {
      if (declares(n.childForFieldName("initializer"))) return true;
    } else if (n.type === "function_definition") {
      const params = n.descendantsOfType("parameter_declaration");
      if (params.some((p) => p && declaratorName(p.childForFieldName("declarator"))?.text === name)) return true;
    }
  }
  return false;
}

/**
 * The release call for each path: free() for the C library's memory (a helper's too, where it
 * filled a member through a pointer), else the program's own releaser it uses on that path.
 */
function releasersUsed(main: FunctionFacts, model: ResourceModel, ownership: OwnershipFacts, program?: ProgramFacts): (path: string, state?: Ownership) => string | undefined {
  const used = new Map<string, string>();
  for (const call of descendants(main.body, "call_expression")) {
    const name = calleeName(call);
    const releaser = name ? model.releasers.get(name) : undefined;
    if (!name || !releaser) continue;
    // The cleanup calls the release function with the one thing it frees: one that takes more
    // (`l = add(l, r)`, freeing l and making another) is no destructor to call that way.
    const args = callArguments(call);
    const arg = args.length === 1 ? args[releaser.parameter] : undefined;
    if (arg) used.set(arg.text.replace(/\s+/g, ""), name);
  }
  const acquiredBy = new Map<string, string>();
  for (const call of descendants(main.body, "call_expression")) {
    const name = calleeName(call);
    if (!name || !model.allocators.has(name)) continue;
    let p: Node | null = call.parent;
    while (p && (p.type === "parenthesized_expression" || p.type === "cast_expression")) p = p.parent;
    const target = p?.type === "init_declarator" ? declaratorName(p.childForFieldName("declarator"))?.text : p?.type === "assignment_expression" ? p.childForFieldName("left")?.text.replace(/\s+/g, "") : undefined;
    if (target) acquiredBy.set(target, model.allocators.get(name)!.origin);
  }
  return (path, state) => {
    const releaser = used.get(path);
    // The program's own release function reads through members of what it frees (`m->rows[i]`): at
    // an exit where one of those is NULL (its allocation just failed, the object half built), it
    // would dereference NULL; the block alone is freed there, as the C library frees it.
    if (releaser && program && state && acquiredBy.get(path) === "libc" && readsThroughNull(program, model, releaser, path, state)) return "free";
    return releaser ?? (acquiredBy.get(path) === "libc" ? "free" : releaserThroughCalls(ownership, path));
  };
}

/** Whether the release function `releaser`, given `path`, reads through a member of it that `state` says is NULL and holds nothing. */
function readsThroughNull(program: ProgramFacts, model: ResourceModel, releaser: string, path: string, state: Ownership): boolean {
  const fn = program.functions.get(releaser);
  const parameter = fn?.parameterNames[model.releasers.get(releaser)?.parameter ?? -1];
  if (!fn || !parameter) return false;
  const body = program.source.slice(fn.body.startIndex, fn.body.endIndex);
  for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*->\s*([A-Za-z_]\w*)\s*(?:\[|->)/g)) {
    if (m[1] !== parameter) continue;
    const member = state.get(`${path}->${m[2]}`);
    if (member && member.bits & NULL_POINTER && !(member.bits & HELD)) return true;
  }
  return false;
}

/** The enclosing `if` whose arm a node sits in, and which arm. */
function guardOf(node: Node): { condition: Node; truth: boolean } | undefined {
  for (let n: Node | null = node, child: Node | null = null; n; child = n, n = n.parent) {
    if (n.type === "function_definition") return undefined;
    if (n.type === "if_statement" && child) {
      const condition = n.childForFieldName("condition");
      if (!condition || child.id === condition.id) continue;
      return { condition, truth: child.type !== "else_clause" && child.id !== n.childForFieldName("alternative")?.id };
    }
  }
  return undefined;
}

const TRUTH_WRAPPERS = new Set(["WARN_ON", "WARN_ON_ONCE", "unlikely", "likely"]);

/** Whether a condition being `truth` means an allocation failed: `!p`, `p == NULL`, `!a || !b`, `!f(…)` for f that fails only on allocation. */
function allocationFailed(condition: Node, truth: boolean, allocated: (path: string) => boolean, model: ResourceModel): boolean {
  const c = unparenthesize(condition);
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") return allocationFailed(c.childForFieldName("argument")!, !truth, allocated, model);
  if (c.type === "binary_expression") {
    const op = c.childForFieldName("operator")?.text;
    const left = c.childForFieldName("left")!;
    const right = c.childForFieldName("right")!;
    if ((op === "||" && truth) || (op === "&&" && !truth)) return allocationFailed(left, truth, allocated, model) && allocationFailed(right, truth, allocated, model);
    // Both sides hold (`n > 0 && !v`): one that says an allocation failed is enough.
    if ((op === "&&" && truth) || (op === "||" && !truth)) return allocationFailed(left, truth, allocated, model) || allocationFailed(right, truth, allocated, model);
    const isNull = (n: Node) => ["NULL", "0"].includes(unparenthesize(n).text) || unparenthesize(n).type === "null";
    // `push(…) < 0`, `push(…) == -1`: a function that says failure with a negative value.
    const nonZeroCall = unparenthesize(left).type === "call_expression" && model.failsNonZero(calleeName(unparenthesize(left)) ?? "") ? unparenthesize(left) : undefined;
    if (nonZeroCall && ((op === "<" && isNull(right)) || (op === "==" && /^-\s*\d+$/.test(unparenthesize(right).text)))) return truth && allocationFailed(nonZeroCall, true, allocated, model);
    if (op === "==" || op === "!=") {
      const nullWhen = op === "==" ? truth : !truth;
      const other = isNull(right) ? left : isNull(left) ? right : undefined;
      return !!other && nullWhen === !(unparenthesize(other).type === "call_expression" && model.failsNonZero(calleeName(unparenthesize(other)) ?? "")) && allocationFailed(other, !nullWhen, allocated, model);
    }
    return false;
  }
  if (c.type === "assignment_expression") return allocationFailed(c.childForFieldName("right")!, truth, allocated, model) || (!truth && allocated(c.childForFieldName("left")!.text.replace(/\s+/g, "")));
  if (c.type === "call_expression") {
    const name = calleeName(c);
    // WARN_ON(x) (a main() assertion, main-assertions-end-program) and unlikely(x) are x's truth.
    const argument = name && TRUTH_WRAPPERS.has(name) ? callArguments(c) : [];
    if (argument.length === 1) return allocationFailed(argument[0]!, truth, allocated, model);
    // A call failed where it is false (NULL, 0), or, for one that fails with a negative value, where it is true.
    const failed = name && model.failsNonZero(name) ? truth : !truth;
    return failed && !!name && (model.allocators.has(name) || model.failureCause.get(name) === "ENOMEM");
  }
  // `v[i]` and `*q` are named by their text alone: the allocation stored there is recorded so; a
  // test of `v[n - 1]` (`v[n]`) is of what `v[n++] = …` (`v[++n] = …`) stored.
  if (["identifier", "field_expression", "subscript_expression", "pointer_expression"].includes(c.type)) {
    const text = c.text.replace(/\s+/g, "");
    const counted = /^(.*)\[([A-Za-z_]\w*)(-1)?\]$/.exec(text);
    const stored = counted ? [text, counted[3] ? `${counted[1]}[${counted[2]}++]` : `${counted[1]}[++${counted[2]}]`] : [text];
    return !truth && stored.some(allocated);
  }
  return false;
}

function causeOf(exit: Node, model: ResourceModel, ownership: OwnershipFacts): { errno: Errno; reason: string } {
  const guard = guardOf(exit);
  // A path tested for NULL that an allocator, or a function failing only when its allocations do, set.
  const allocated = (p: string) => ownership.acquisitions.has(p) || [...(ownership.assignedFrom.get(p) ?? [])].some((f) => model.allocators.has(f) || model.failureCause.get(f) === "ENOMEM");
  if (guard && allocationFailed(guard.condition, guard.truth, allocated, model)) {
    return { errno: "ENOMEM", reason: `'${guard.condition.text.replace(/^\((.*)\)$/s, "$1")}' holds only when an allocation failed` };
  }
  return { errno: "EINVAL", reason: guard ? "the check does not say why it failed, so kernelize reports an invalid argument" : "the program gives up here without saying why, so kernelize reports an invalid argument" };
}

/** `int ret = …; … return ret;`: the local main() returns, when every return and exit() of a variable names the same one. */
function statusVariableOf(main: FunctionFacts, exits: Array<{ statement: Node; call: Node | undefined }>): string | undefined {
  const names = new Set<string>();
  for (const { statement, call } of exits) {
    const status = call ? (STATUS_EXITS.has(calleeName(call)!) ? exitStatus(call) : null) : statement.namedChild(0);
    const u = status ? unparenthesize(status) : undefined;
    if (u?.type === "identifier" && u.text !== "EXIT_SUCCESS" && u.text !== "EXIT_FAILURE") names.add(u.text);
  }
  if (names.size !== 1) return undefined;
  const name = [...names][0]!;
  const declared = descendants(main.body, "declaration").some((d) => d.namedChildren.some((c) => c && declaratorName(c.type === "init_declarator" ? c.childForFieldName("declarator") : c)?.text === name));
  return declared ? name : undefined;
}

/**
 * Every value main() stores in its status variable must be a constant: 0 stays, a failure status
 * becomes the negative errno of the failures it reaches (by reaching definitions over the flow).
 */
function mapStatusVariable(
  name: string,
  main: FunctionFacts,
  graphs: FlowGraphs,
  model: ResourceModel,
  ownership: OwnershipFacts,
  problems: AnalysisProblem[],
): FlowExitPlan["statusVariable"] {
  // The mapping writes a negative errno where the program stored its status: right only where
  // nothing but the exits reads the variable (`printf("status %d\n", status)` would print the errno).
  if (readOtherThanByExits(name, main.body)) return undefined;
  const definitions: Node[] = [];
  // `failures++;`, `scan(&status)`: a value the program computes, as `errors += bad;` is.
  for (const n of descendants(main.body, ["update_expression", "pointer_expression"])) {
    const operand = n.childForFieldName("argument");
    if (n.type === "pointer_expression" && n.childForFieldName("operator")?.text !== "&") continue;
    if (operand && unparenthesize(operand).text === name) {
      problems.push({ code: "K1008", node: n, message: `main() keeps its exit status in '${name}', and this computes it`, note: "set the status variable only to constants (0, 1, EXIT_FAILURE), so that each failure value can become a negative errno" });
      return undefined;
    }
  }
  for (const n of descendants(main.body, ["init_declarator", "assignment_expression"])) {
    const target = n.type === "init_declarator" ? declaratorName(n.childForFieldName("declarator"))?.text : n.childForFieldName("left")?.text;
    if (target !== name) continue;
    const value = n.type === "init_declarator" ? n.childForFieldName("value") : n.childForFieldName("right");
    if (!value || (n.type === "assignment_expression" && n.childForFieldName("operator")?.text !== "=") || !(isSuccess(value) || isConstantStatus(value))) {
      problems.push({
        code: "K1008",
        node: n,
        message: `main() keeps its exit status in '${name}', and this sets it to something other than a constant`,
        note: "set the status variable only to constants (0, 1, EXIT_FAILURE), so that each failure value can become a negative errno",
      });
      return undefined;
    }
    definitions.push(n);
  }
  // Which definitions reach each guarded jump: a jump taken after a failed allocation makes the value it carries -ENOMEM.
  const causes = new Map<number, Errno[]>();
  const flow = graphs.of("main")!;
  const ids = new Set(definitions.map((d) => d.id));
  const SETS = { bottom: new Set<number>([-1]), join: (a: Set<number>, b: Set<number>) => (a.has(-1) ? b : b.has(-1) ? a : new Set([...a, ...b])), equals: (a: Set<number>, b: Set<number>) => a.size === b.size && [...a].every((x) => b.has(x)) };
  solveFunction<Set<number>>(flow, new Set(), SETS, {
    event: (node, s) => (ids.has(node.id) ? new Set([node.id]) : s),
    jump(jump, s) {
      if (jump.to !== "goto" && jump.to !== "return" && jump.to !== "exit") return;
      if (jump.to === "return" && unparenthesize(jump.node.namedChild(0) ?? jump.node).text === name) return;
      const cause = causeOf(jump.node, model, ownership);
      for (const d of s) {
        const list = causes.get(d) ?? [];
        if (!list.includes(cause.errno)) list.push(cause.errno);
        causes.set(d, list);
      }
    },
  });
  const failures: Array<{ value: Node; errno: Errno }> = [];
  const successes: Node[] = [];
  for (const d of definitions) {
    const value = (d.type === "init_declarator" ? d.childForFieldName("value") : d.childForFieldName("right"))!;
    if (isSuccess(value)) {
      successes.push(value);
      continue;
    }
    const reached = causes.get(d.id) ?? [];
    failures.push({ value, errno: reached.length > 0 && reached.every((e) => e === "ENOMEM") ? "ENOMEM" : "EINVAL" });
  }
  return { name, failures, successes };
}

/**
 * Whether main()'s body reads its status variable anywhere but as what a return or an exit()
 * ends with: its declaration and plain `=` stores are not reads; `printf("%d", status)`,
 * `if (status == 1)` and `status += bad` are.
 */
function readOtherThanByExits(name: string, body: Node): boolean {
  for (const id of descendants(body, "identifier")) {
    if (id.text !== name) continue;
    const parent = id.parent;
    if (!parent) return true;
    if (parent.type === "init_declarator" && parent.childForFieldName("declarator")?.id === id.id) continue;
    if (parent.type === "declaration") continue;
    if (parent.type === "assignment_expression" && parent.childForFieldName("left")?.id === id.id && parent.childForFieldName("operator")?.text === "=") continue;
    let outer: Node | null = parent;
    while (outer?.type === "parenthesized_expression") outer = outer.parent;
    if (outer?.type === "return_statement") continue;
    const call = outer?.type === "argument_list" ? outer.parent : null;
    if (call?.type === "call_expression" && STATUS_EXITS.has(calleeName(call) ?? "") && callArguments(call)[0] && unparenthesize(callArguments(call)[0]!).id === id.id) continue;
    return true;
  }
  return false;
}

/** An exit in a helper that becomes an error return, or a call of such a helper whose failure is passed on. */
export interface HelperExitSite {
  kind: "exit" | "call";
  /** exit: the statement replaced; call: the statement after which the failure is checked. */
  statement: Node;
  call: Node;
  /** err()/errx(): the format literal and its arguments. */
  message: Node[] | undefined;
  /** exit: the errno it reports; a call passes on whatever the callee reported. */
  errno: Errno | null;
  /**
   * exit(status) whose status may be a success (0, or computed at run time): what the channel gets,
   * `0` or `(status) ? -EINVAL : 0`; the plan's `ended` flag is set beside it. Otherwise -errno.
   */
  value?: string;
  /** What the helper holds there, released before it returns. */
  release: HeldResource[];
  /** A call in the condition of `statement` (an if or a loop): the check goes where the condition leads. */
  inCondition?: boolean;
  /** A call that shares a condition with another that can fail: the check goes around the call itself (FlowExit's inExpression). */
  inExpression?: boolean;
  /** The errno saved and restored around the cleanup before the exit (`int t = errno; …; errno = t;`): they go. */
  folded?: Node[];
}

export interface FlowHelper {
  name: string;
  fn: FunctionFacts;
  /** What it returns when it fails: "" for void, NULL, false or 0. The error itself goes through the channel. */
  failureReturn: string;
  sites: HelperExitSite[];
}

export interface FlowHelperPlan {
  /**
   * The file-scope variable a failure's negative errno goes into: every value a helper returns
   * may be meaningful (an int popped from a stack), so the error travels beside it, not in it.
   */
  channel: string;
  /**
   * Where some helper's exit may end the program with success (exit(0), exit(status)): a bool set
   * by every exit, which each caller tests instead of the channel, since the channel then holds 0
   * for a program that ended well. Absent where every exit fails: the channel alone says it.
   */
  ended?: string;
  helpers: Map<string, FlowHelper>;
  problems: AnalysisProblem[];
  /** Some exit in a helper holds memory the analysis cannot name: it stays tracked until init returns. */
  tracked: boolean;
  /** The parameters each helper frees before it fails (`free(buf); exit(4);`): its caller no longer holds them there. */
  failureFrees: FailureFrees;
  /** Calls through a pointer that may reach a helper that ends the program: each is checked as a call of one. */
  throughPointers: ReadonlySet<number>;
  /** The errno identifiers of the saves and restores the exits fold away: no read of the program's. */
  consumedErrno: ReadonlySet<number>;
}

const ARITHMETIC = /^(?:(?:unsigned|signed|short|long|int|char)\s*)+$|^(?:u?int(?:8|16|32|64)_t|size_t|ssize_t|bool|_Bool|int|long|char)$/;

/** The statement a call stands in, when it is an expression statement or a declaration; else the statement around the expression. */
export function statementOf(call: Node): Node | undefined {
  for (let n: Node | null = call.parent; n; n = n.parent) {
    if (n.type === "expression_statement" || n.type === "declaration" || n.type === "return_statement") return n;
    if (n.type.endsWith("_statement") || n.type === "function_definition") return n;
  }
  return undefined;
}

/**
 * Where the check of a failing call in the condition of an if or a loop goes. "arms": at the start
 * of each way the condition leads, where it is the condition's only such call. "expression": right
 * where it is made (a statement expression around it), where it is one of several (`if (solve(r,
 * c + 1) || solve(r + 1, c))`), none inside another's arguments: a check in the arms would come
 * after the next call had run, where the program had ended. Undefined elsewhere (not in such a
 * condition, or one call inside another's arguments).
 */
export function conditionCheck(call: Node, statement: Node, failing: (c: Node) => boolean): "arms" | "expression" | undefined {
  if (!["if_statement", "while_statement", "for_statement", "do_statement"].includes(statement.type)) return undefined;
  const condition = statement.childForFieldName("condition");
  if (!condition || call.startIndex < condition.startIndex || call.endIndex > condition.endIndex) return undefined;
  const calls = descendants(condition, "call_expression").filter(failing);
  if (calls.length <= 1) return "arms";
  return calls.some((a) => calls.some((b) => a !== b && b.startIndex >= a.startIndex && b.endIndex <= a.endIndex)) ? undefined : "expression";
}

/** The program's functions other than main() that can end the process: by exit() and its kind, or by calling one that can. */
export function functionsThatEnd(program: ProgramFacts): Set<string> {
  const failing = callersOf(program, program.callsNamed(PROCESS_ENDS).map((c) => c.call));
  // A call through a pointer may run any function the program uses as a value: where one of those
  // can end the program, so can each such call (`ops[op](v)` in a dispatch table of handlers).
  if (failing.size > 0 && functionsUsedAsValues(program, failing).size > 0) callersOf(program, indirectCalls(program).values(), { into: failing });
  return failing;
}

/** The calls through a pointer that may end the program: all of them, where a function that can is used as a value. */
function callsThroughPointersThatEnd(program: ProgramFacts, failing: ReadonlySet<string>): ReadonlySet<number> {
  return functionsUsedAsValues(program, failing).size > 0 ? new Set(indirectCalls(program).keys()) : new Set();
}

/** The name a call is made by, for a message: the callee's text where it is not a name (`ops[op]`). */
const callName = (call: Node) => calleeName(call) ?? call.childForFieldName("function")?.text ?? "the call";

/**
 * The parameters each failing helper frees on its way to a failure, as its own flow reads it with
 * each parameter held at entry: `if (v < 0) { free(buf); exit(4); }` frees buf on its one failure.
 * The caller's memory is gone where the helper fails, so the caller's exit there must not free it
 * again (a double free: an oops in a module). Only helpers that call a release function are read.
 */
function failureFreesOf(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel, failing: ReadonlySet<string>, effects: ReturnType<typeof memberEffects>): FailureFrees {
  const out = new Map<string, Map<number | string, "freed" | "maybe">>();
  // What frees: the release functions, and the functions whose member effects free (`names_free(n)`).
  const releasers = [...model.named().releasers, ...[...effects].filter(([, byParameter]) => [...byParameter.values()].some((m) => [...m.values()].some((e) => e.bits === FREED))).map(([f]) => f)];
  const isFailing = (c: Node) => failing.has(calleeName(c) ?? "");
  // Twice: a helper that fails through another learns what that one frees.
  for (let round = 0; round < 2; round++) {
    for (const name of failing) {
      const fn = program.functions.get(name);
      const flow = graphs.of(name);
      if (!fn || !flow) continue;
      const text = fn.body.text;
      if (!releasers.some((r) => hasWord(text, r)) && ![...out.keys()].some((h) => hasWord(text, h))) continue;
      const globals = fileScopePathsFreed(fn, flow, model);
      if (fn.parameterNames.length === 0 && globals.length === 0) continue;
      const members = parameterMembersFreed(fn, flow, model, effects);
      const entry: Ownership = new Map([...fn.parameterNames, ...globals, ...members.keys()].map((p) => [p, { bits: HELD, sites: [] }]));
      const facts = analyzeOwnership(flow, model, isFailing, { effects, entry, failureFrees: out });
      const states: Ownership[] = [];
      for (const call of flowEvents(flow)) {
        if (call.type !== "call_expression") continue;
        const callee = calleeName(call) ?? "";
        const state = PROCESS_ENDS.has(callee) ? facts.atJump.get(call.id) : failing.has(callee) ? facts.afterCall.get(call.id) : undefined;
        if (state && !isUnreachable(state)) states.push(state);
      }
      const frees = new Map<number | string, "freed" | "maybe">();
      const judge = (path: string, key: number | string) => {
        const bits = states.map((s) => s.get(path)?.bits ?? 0);
        if (!bits.some((b) => b & FREED)) return;
        frees.set(key, bits.every((b) => b & FREED && !(b & HELD)) ? "freed" : "maybe");
      };
      fn.parameterNames.forEach((p, i) => judge(p, i));
      for (const g of globals) judge(g, g);
      for (const [path, key] of members) judge(path, key);
      if (frees.size > 0) out.set(name, frees);
      else out.delete(name);
    }
  }
  return out;
}

/**
 * The members of what its pointer parameters point at that a function frees, itself
 * (`free(n->items);`) or through a function whose member effects free them (`names_free(n);`),
 * each with its failure-frees key (`0->items`).
 */
function parameterMembersFreed(fn: FunctionFacts, flow: Flow, model: ResourceModel, effects: ReturnType<typeof memberEffects>): Map<string, string> {
  const out = new Map<string, string>();
  const note = (path: string | undefined) => {
    const member = path ? /^([A-Za-z_]\w*)(->.*)$/s.exec(path) : null;
    const index = member ? fn.parameterNames.indexOf(member[1]!) : -1;
    if (index >= 0) out.set(path!, `${index}${member![2]}`);
  };
  for (const call of flowEvents(flow)) {
    if (call.type !== "call_expression") continue;
    const callee = calleeName(call) ?? "";
    const args = callArguments(call);
    const releaser = model.releasers.get(callee);
    if (releaser) note(accessPath(args[releaser.parameter]));
    for (const [index, members] of effects.get(callee) ?? []) {
      for (const [member, effect] of members) if (effect.bits === FREED && args[index]) note(argumentMemberPath(args[index]!, member));
    }
  }
  return out;
}

/** The file-scope paths a function frees (`free(stack);`, `free(table.rows);`): a name it neither declares nor takes. */
function fileScopePathsFreed(fn: FunctionFacts, flow: Flow, model: ResourceModel): string[] {
  const paths = new Set<string>();
  for (const call of flowEvents(flow)) {
    if (call.type !== "call_expression") continue;
    const releaser = model.releasers.get(calleeName(call) ?? "");
    const path = releaser ? accessPath(callArguments(call)[releaser.parameter]) : undefined;
    const root = path ? /^[A-Za-z_]\w*/.exec(path)?.[0] : undefined;
    if (path && root && !declaredIn(fn, root)) paths.add(path);
  }
  return [...paths];
}

/**
 * Every function other than main() that can end the process, itself or through another: each exit
 * becomes an error return and each call of such a function a check, read from its flow graph.
 */
export function planFlowHelpers(program: ProgramFacts, graphs: FlowGraphs, model: ResourceModel): FlowHelperPlan {
  const failing = functionsThatEnd(program);
  let channel = "exit_error";
  for (let i = 2; hasWord(program.source, channel); i++) channel = `exit_error${i}`;

  const problems: AnalysisProblem[] = [];
  const consumedErrno = new Set<number>();
  const readsThrough = readsThroughArgument(program, graphs, model);
  const tracking = { needed: false };
  const helpers = new Map<string, FlowHelper>();
  let endsWell = false;
  const throughPointers = callsThroughPointersThatEnd(program, failing);
  const isFailingCall = (c: Node) => failing.has(calleeName(c) ?? "") || throughPointers.has(c.id);
  const effects = memberEffects(program, graphs, model);
  const failureFrees = failureFreesOf(program, graphs, model, failing, effects);
  for (const name of failing) {
    const fn = program.functions.get(name)!;
    const type = fn.returnType.replace(/\b(const|volatile|inline|static|extern)\b/g, "").trim();
    // Any other type (a struct returned by value, an enum, a typedef of either) returns a value of
    // its own type with every member zero, a compound literal (`{}` for a struct or union, `{ 0 }`
    // where the type may be a scalar, an enum's typedef): the error channel says it failed.
    const failureReturn = type === "void" && !fn.returnsPointer ? "" : fn.returnsPointer ? "NULL" : type === "bool" || type === "_Bool" ? "false" : ARITHMETIC.test(type) ? "0" : /^[A-Za-z_][\w\s]*$/.test(type) ? `(${type.replace(/\s+/g, " ")}){${/^(?:struct|union)\b/.test(type) ? "" : " 0 "}}` : undefined;
    if (failureReturn === undefined) {
      problems.push({
        code: "K1008",
        node: fn.nameNode,
        message: `${name}() can end the process, and returns ${fn.returnType}, which has no value to return on failure`,
        note: "return a status or a pointer from it, or end the process from main()",
      });
      continue;
    }
    const flow = graphs.of(name)!;
    const pointers = pointerCalls(program);
    const ownership = analyzeOwnership(flow, model, isFailingCall, { effects, failureFrees, ...(pointers ? { pointers } : {}) });
    const releaserOf = releasersUsed(fn, model, ownership, program);
    const sites: HelperExitSite[] = [];
    for (const call of flowEvents(flow)) {
      if (call.type !== "call_expression" || !program.isCompiled(call.startIndex)) continue;
      const through = throughPointers.has(call.id);
      const named = calleeName(call);
      if (!named && !through) continue;
      const callee = named ?? callName(call);
      const ends = !through && PROCESS_ENDS.has(callee);
      if (!ends && !through && !failing.has(callee)) continue;
      const statement = statementOf(call);
      if (!statement || (ends && (statement.type !== "expression_statement" || statement.namedChild(0)?.id !== call.id))) {
        problems.push({
          code: "K1008",
          node: call,
          message: `${callee}() inside an expression cannot become an error return yet`,
          note: "call it as a statement of its own, so that it can become a return",
        });
        continue;
      }
      // exit(0) deep in the program ends it with success, and exit(status) may: the channel then
      // gets a flag of its own that says the program ended, and holds 0 for a success.
      const status = ends && STATUS_EXITS.has(callee) ? exitStatus(call) : null;
      const value = status ? helperExitValue(status) : undefined;
      // `return f(…);` passes f's failure on by itself: the error is already in the channel.
      if (!ends && statement.type === "return_statement") continue;
      const place = !ends ? conditionCheck(call, statement, isFailingCall) : undefined;
      const inCondition = place === "arms";
      const inExpression = place === "expression";
      if (!ends && valueUsedBeforeCheck(call, statement, readsThrough)) {
        problems.push(usedBeforeCheckProblem(call));
        continue;
      }
      if (!ends && statement.type !== "expression_statement" && statement.type !== "declaration" && !inCondition && !inExpression) {
        problems.push({
          code: "K1008",
          node: call,
          message: `${callee}() can fail now, and this call sits in a condition, where its failure cannot be checked yet`,
          note: `call ${callee}() as a statement of its own before the condition, keeping its result in a variable`,
        });
        continue;
      }
      let message: Node[] | undefined;
      if (ends && MESSAGE_EXITS.has(callee)) {
        const args = callArguments(call);
        if (!args[1] || (!isPlainStringLiteral(args[1]) && !isErrnoOnlyMessage(call, args[1]))) {
          problems.push({ code: "K1007", node: call, message: `${callee}() without a literal message cannot become pr_err()`, note: "give it a string literal as its message" });
          continue;
        }
        message = args.slice(1);
      }
      const state = ends ? ownership.atJump.get(call.id) : ownership.afterCall.get(call.id);
      const release = state ? releasable(state, true, call, releaserOf, problems, tracking) : [];
      if (release === undefined) continue;
      const errno = ends ? causeOf(statement, model, ownership).errno : null;
      if (value?.mayEndWell) endsWell = true;
      sites.push({ kind: ends ? "exit" : "call", statement, call, message, ...(inCondition ? { inCondition: true } : {}), ...(inExpression ? { inExpression: true } : {}), errno, ...(value?.mayEndWell ? { value: value.value(errno ?? "EINVAL") } : {}), release, ...foldedErrno(ends ? statement : undefined, consumedErrno) });
    }
    helpers.set(name, { name, fn, failureReturn, sites });
  }
  let ended: string | undefined;
  if (endsWell) {
    ended = "program_ended";
    for (let i = 2; hasWord(program.source, ended); i++) ended = `program_ended${i}`;
  }
  return { channel, ...(ended ? { ended } : {}), helpers, problems, tracked: tracking.needed, failureFrees, throughPointers, consumedErrno };
}

/**
 * Whether the statement reads through a failing call's value before the check that follows it (or
 * that goes where its condition leads) can run: a dereference of it (`f()->n`, `*f()`, `f()[i]`),
 * or another call it is handed to that reads through it (`keep(xstrdup(s))`, where keep() calls
 * strlen(s); exiting-calls-hoisted moves such calls out where no other order changes). In the
 * module that code would run on the failed value, NULL. A call that tests what it is given
 * (`pair(mk(1), mk(2))` doing `if (!a || !b) return NULL;`) runs on it safely, and its own
 * failure is checked with the statement.
 */
function valueUsedBeforeCheck(call: Node, statement: Node, readsThrough: (callee: string | undefined, index: number) => boolean): boolean {
  for (let n: Node = call; n.parent && n.parent.id !== statement.id; n = n.parent) {
    const p = n.parent;
    switch (p.type) {
      case "parenthesized_expression":
      case "cast_expression":
        continue;
      case "conditional_expression":
        if (p.childForFieldName("condition")?.id === n.id) return false;
        continue;
      case "comma_expression":
        if (p.childForFieldName("right")?.id !== n.id) return false;
        continue;
      case "binary_expression": {
        // Pointer arithmetic keeps the value a pointer (`*(f() + 1)`); anything else makes it another value.
        const op = p.childForFieldName("operator")?.text;
        if (op !== "+" && op !== "-") return false;
        continue;
      }
      case "argument_list": {
        const outer = p.parent;
        if (outer?.type !== "call_expression") return false;
        return readsThrough(calleeName(outer), callArguments(outer).findIndex((a) => a.id === n.id));
      }
      case "field_expression":
        return p.childForFieldName("operator")?.text === "->" && p.childForFieldName("argument")?.id === n.id;
      case "pointer_expression":
        return p.childForFieldName("operator")?.text === "*";
      case "subscript_expression":
        return p.childForFieldName("argument")?.id === n.id;
      default:
        return false;
    }
  }
  return false;
}

const usedBeforeCheckProblem = (call: Node): AnalysisProblem => ({
  code: "K1008",
  node: call,
  message: `${callName(call)}() can fail now, and the code around it uses its value before the failure can be checked`,
  note: `call ${callName(call)}() in a statement of its own first, keeping its result in a variable, and use the variable`,
});

/**
 * The errno a block saves first and restores just before its exit call (`int saved = errno;
 * cleanup(); errno = saved; err(1, …);`): the module reports the failure as a return value, so
 * both go, and their errno is no read of the program's (`consumed`).
 */
function foldedErrno(statement: Node | undefined, consumed: Set<number>): { folded?: Node[] } {
  const block = statement?.parent;
  if (!statement || block?.type !== "compound_statement") return {};
  const body = statementsOf(block);
  const saved = errnoSavedAroundExit(body, body.findIndex((s) => s.id === statement.id));
  if (!saved) return {};
  for (const e of saved.errno) consumed.add(e.id);
  return { folded: [saved.save, saved.restore] };
}

/**
 * What a helper's exit(status) leaves in the channel, when the status may be a success: exit(0)
 * leaves 0, a choice among constants its arms (`bad ? -EINVAL : 0`), and a status computed at run
 * time `(status) ? -EINVAL : 0`. A constant failure is the site's errno, as for err().
 */
function helperExitValue(status: Node): { mayEndWell: boolean; value: (errno: Errno) => string } | undefined {
  if (isSuccess(status)) return { mayEndWell: true, value: () => "0" };
  if (isConstantStatus(status)) return undefined;
  const constants = constantStatuses(status);
  if (constants !== undefined) return { mayEndWell: true, value: () => constants };
  return { mayEndWell: true, value: (errno) => computedStatus(status, errno) };
}
