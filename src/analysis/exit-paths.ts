// The ways out of main(): which checked failures exit, what each must release, and the shared cleanup tail.
import type { Node } from "../core/syntax-tree.js";
import { callArguments, calleeName, declaratorName, descendants, isPlainStringLiteral, statementCall, statementsOf, unparenthesize } from "../core/syntax.js";
import { errnoRestore, errnoSave, isErrnoOnlyMessage } from "./errno-text.js";
import { type FailingHelper, type HelperExitPlan, helperCallOf } from "./failing-helpers.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";
import type { AnalysisProblem } from "./problems.js";
import { acquisitionOf, type Errno, releaseOf, type ResourceModel, testedVariable } from "./resources.js";

/** Calls that end the process; only `err`/`errx` under a failure check in main() are ported for now. */
export const PROCESS_EXITS = new Set(["err", "errx", "verr", "verrx", "exit", "_exit", "_Exit", "quick_exit", "abort"]);
/** Calls that end the process after printing a message, whose format they take as the second argument. */
export const MESSAGE_EXITS = new Set(["err", "errx"]);

export interface Resource {
  variable: string;
  /** The statement that acquires it. */
  acquisition: Node;
  /** Other names the same memory went under later (`buf = more;`). */
  aliases?: Set<string>;
}

/** Whether a resource goes by this name. */
const named = (r: Resource, name: string) => r.variable === name || (r.aliases?.has(name) ?? false);

/** Reallocators: the memory they return replaces the block passed as their first argument. */
const REALLOCATORS = new Set(["realloc", "reallocarray"]);

/** Where main() leaves: a checked failure it wrote, or a call of a helper that can fail now. */
export type ExitSite = CheckExit | HelperCallExit;

/** A call in main() of a helper whose exits became error returns: main() now checks what it returns. */
export interface HelperCallExit {
  kind: "call";
  /** `f(args);`, or `T *x = f(args);` for a helper returning a pointer. */
  statement: Node;
  call: Node;
  helper: FailingHelper;
  /** The variable a pointer helper's result goes into. */
  variable: string | undefined;
  format: undefined;
  errno: Errno;
  errnoReason: string;
  live: Resource[];
  groupStart: Node;
  target: number;
}

export interface CheckExit {
  kind: "check";
  ifStatement: Node;
  condition: Node;
  /** What runs when the check fails: the exit statement, or a block ending in one. */
  consequence: Node;
  /** The statement that ends the process: `err(…);`, `exit(n);` or `return n;`. */
  exitStatement: Node;
  /** The err()/errx()/exit() call, when the exit is a call. */
  exitCall: Node | undefined;
  /** The format string literal of an err()/errx() message; undefined for exit() and return. */
  format: Node | undefined;
  /** The errno init returns from this exit; null where the program ends successfully. */
  errno: Errno | null;
  /** Why that errno, in words, for the explanation. */
  errnoReason: string;
  /** Resources held at this exit, in acquisition order. */
  live: Resource[];
  /** The acquisition this check tests, when it tests one. */
  tested: Resource | undefined;
  /** First statement of the group the exit belongs to: the acquisition it checks, or the check itself. */
  groupStart: Node;
  /** Statements of a block consequence that the unified exit takes over (releases, errno save/restore). */
  folded: Node[];
  /** Statements of a block consequence that stay before the jump (output, bookkeeping). */
  kept: Node[];
  /** Index into `tail` of the first release this exit needs; `tail.length` when it needs none. */
  target: number;
}

export interface TailRelease {
  statement: Node;
  resource: Resource | undefined;
}


export interface MainExitPlan {
  sites: ExitSite[];
  resources: Resource[];
  /** The release statements that end main() before its final return, in order. */
  tail: TailRelease[];
  /** main()'s last statement when it is a return. */
  finalReturn: Node | undefined;
  /** `errno` uses the unified exit makes unnecessary. */
  consumedErrno: Set<number>;
  /** What stops the port. */
  problems: AnalysisProblem[];
  /** What ports, but deserves a look. */
  warnings: AnalysisProblem[];
}

export function planMainExits(
  program: ProgramFacts,
  main: FunctionFacts,
  model: ResourceModel,
  helperPlan: HelperExitPlan,
  /** Statements that only read the command line and go away with it (their exits go too). */
  removed: readonly Node[] = [],
): MainExitPlan {
  const within = (node: Node) => removed.some((r) => node.startIndex >= r.startIndex && node.endIndex <= r.endIndex);
  const statements = statementsOf(main.body).filter((s) => !within(s));
  const problems: AnalysisProblem[] = [];
  const last = statements.at(-1);
  const finalReturn = last?.type === "return_statement" ? last : undefined;
  const tailEnd = finalReturn ? statements.length - 1 : statements.length;
  let tailStart = tailEnd;
  while (tailStart > 0 && releaseOf(statements[tailStart - 1]!, model.releasers)) tailStart--;

  const resources: Resource[] = [];
  let live: Resource[] = [];
  const pendingSites: Array<Omit<CheckExit, "target"> | Omit<HelperCallExit, "target">> = [];
  const consumedErrno = new Set<number>(helperPlan.consumedErrno);
  /** Helper calls main() passes a failure on from, or checks itself. */
  const checkedHelperCalls = new Set<number>();
  /** Exit calls already reported as a problem of their own. */
  const claimed = new Set<number>();
  /** Names that hold a realloc()'s result: NULL there means the resize failed and the old block is still held. */
  const reallocated = new Set<string>();

  for (let i = 0; i < tailStart; i++) {
    const statement = statements[i]!;
    const found = helperCallOf(statement, helperPlan.helpers);
    const helperCall = found ? { call: found.call, helper: found.callee, variable: found.variable } : undefined;
    const next = statements[i + 1];
    const checkedByNext = helperCall?.variable !== undefined && next?.type === "if_statement" && testedVariable(next.childForFieldName("condition")) === helperCall.variable;
    if (helperCall && !checkedByNext) {
      const held = live.filter((r) => r.variable !== helperCall.variable);
      checkedHelperCalls.add(helperCall.call.id);
      pendingSites.push({
        kind: "call",
        statement,
        call: helperCall.call,
        helper: helperCall.helper,
        variable: helperCall.variable,
        format: undefined,
        errno: helperCall.helper.errno,
        errnoReason: `${helperCall.helper.name}() ${helperCall.helper.errno === "ENOMEM" ? "fails only when an allocation inside it fails" : "reports a failure that is not an allocation"}`,
        live: held,
        groupStart: statement,
      });
    } else if (helperCall) checkedHelperCalls.add(helperCall.call.id);
    const acquired = acquisitionOf(statement, model.allocators);
    if (acquired) {
      // `more = realloc(buf, n)` resizes the block buf holds: the same resource under a second name.
      // If the check of more fails, buf still holds the old block, so that check frees it as held.
      const old = REALLOCATORS.has(calleeName(acquired.call) ?? "") ? unparenthesize(callArguments(acquired.call)[0] ?? acquired.call) : undefined;
      const resized = old?.type === "identifier" ? live.find((r) => named(r, old.text)) : undefined;
      if (resized) {
        (resized.aliases ??= new Set()).add(acquired.variable);
        reallocated.add(acquired.variable);
        continue;
      }
      const resource = { variable: acquired.variable, acquisition: statement };
      resources.push(resource);
      live = live.filter((r) => !named(r, acquired.variable)).concat(resource);
      continue;
    }
    if (helperCall) continue;
    const released = releaseOf(statement, model.releasers);
    if (released) {
      live = live.filter((r) => !named(r, released.variable));
      continue;
    }
    // `buf = more;`: the same memory under another name, which a later release may use.
    const alias = statement.type === "expression_statement" ? statement.namedChild(0) : null;
    if (alias?.type === "assignment_expression" && alias.childForFieldName("operator")?.text === "=") {
      const left = alias.childForFieldName("left");
      const right = alias.childForFieldName("right");
      const source = right?.type === "identifier" ? live.find((r) => named(r, right.text)) : undefined;
      if (left?.type === "identifier" && source) {
        live = live.filter((r) => r === source || !named(r, left.text));
        (source.aliases ??= new Set()).add(left.text);
      }
    }
    const site = statement.type === "if_statement" ? exitSiteOf(statement, statements[i - 1], live, model, problems, consumedErrno, claimed, reallocated) : undefined;
    if (site) pendingSites.push(site);
    // A helper that can fail, called in the condition of main()'s own check, is checked there: where
    // the condition tests its value (`if (!parse(s))`), not where another call takes it first
    // (`if (keep(xstrdup(s)) > 0)`: keep() would run on the failed value).
    if (statement.type === "if_statement") {
      for (const { call } of program.callsNamed(new Set(helperPlan.helpers.keys()))) {
        if (call.startIndex >= statement.startIndex && call.endIndex <= (statement.childForFieldName("condition")?.endIndex ?? 0) && testedWhereItStands(call)) checkedHelperCalls.add(call.id);
      }
    }
  }

  const tail: TailRelease[] = [];
  for (let i = tailStart; i < tailEnd; i++) {
    const statement = statements[i]!;
    const released = releaseOf(statement, model.releasers)!;
    const resource = live.find((r) => named(r, released.variable));
    live = live.filter((r) => r !== resource);
    tail.push({ statement, resource });
  }

  const sites: ExitSite[] = [];
  for (const site of pendingSites) {
    const target = ladderEntry(site.live, tail);
    if (target === undefined) {
      const names = site.live.map((r) => r.variable).join(", ");
      problems.push({
        code: "K1005",
        node: site.kind === "check" ? site.exitStatement : site.statement,
        message: `this exit holds ${names}, but the releases at the end of main() do not free exactly that`,
        note: "end main() with one release per resource, newest first (free(b); free(a); return 0;), so that every exit can jump into that sequence",
      });
      continue;
    }
    sites.push({ ...site, target } as ExitSite);
  }

  const siteCalls = new Set(sites.flatMap((s) => (s.kind === "check" && s.exitCall ? [s.exitCall.id] : [])));
  const pendingCalls = new Set(pendingSites.flatMap((s) => (s.kind === "check" && s.exitCall ? [s.exitCall.id] : [])));
  problems.push(...helperPlan.problems);
  const helperProblemCalls = new Set(helperPlan.problems.map((p) => p.node.id));
  for (const { name, call } of program.callsNamed(PROCESS_EXITS)) {
    if (siteCalls.has(call.id) || claimed.has(call.id) || pendingCalls.has(call.id) || helperPlan.handledCalls.has(call.id) || helperProblemCalls.has(call.id) || within(call)) continue;
    problems.push({
      code: "K1008",
      node: call,
      message: `${name}() here cannot become a module error path yet`,
      note: "kernelize turns `if (failed) err(…);` at the top level of main() into a jump to the unified exit; a module cannot end a process, so exits elsewhere need restructuring into error returns",
    });
  }
  // Every call of a helper that can fail must pass the failure on: main() does, other callers cannot yet.
  if (helperPlan.helpers.size > 0) {
    for (const { name, call } of program.callsNamed(new Set(helperPlan.helpers.keys()))) {
      if (checkedHelperCalls.has(call.id) || helperPlan.propagatedCalls.has(call.id) || checkedInPlace(call)) continue;
      problems.push({
        code: "K1008",
        node: call,
        message: `${name}() can fail now that it returns instead of exiting, and this call does not check it`,
        note: `call ${name}() as a statement of main(), or check its result right after the call (if (!x) …)`,
      });
    }
  }
  const siteReturns = new Set(pendingSites.flatMap((s) => (s.kind === "check" ? [s.exitStatement.id] : [])));
  for (const r of descendants(main.body, "return_statement")) {
    if (r.id === finalReturn?.id || siteReturns.has(r.id) || within(r)) continue;
    problems.push({
      code: "K1008",
      node: r,
      message: "a return before the end of main() cannot become a module error path yet",
      note: "end main() with its only return, and report failures with err() under a check",
    });
  }
  if (finalReturn) {
    const value = finalReturn.namedChild(0);
    if (value && !/^(0|EXIT_SUCCESS)$/.test(unparenthesize(value).text)) {
      problems.push({
        code: "K1008",
        node: value,
        message: /^\(*\s*[-\w]+\s*\)*$/.test(value.text)
          ? `main() ends with 'return ${value.text}', a failure on every run`
          : `main() ends with 'return ${value.text}', an exit status computed at run time, which init cannot return as it is`,
        note: "a module's init returns 0 on success; end main() with return 0",
      });
    }
  }
  // In user space the kernel takes back a process's memory when it exits; a module's stays allocated.
  const warnings: AnalysisProblem[] = live.map((r) => ({
    code: "K3014",
    node: r.acquisition,
    message: `'${r.variable}' is still allocated when main() returns`,
    note: "a program's memory is freed when it exits, a module's is not: this stays allocated until reboot; release it before main() returns",
  }));
  return { sites, resources, tail, finalReturn, consumedErrno, problems, warnings };
}

/** A call whose value a condition tests, through parentheses, `!` and comparisons alone: `if (!f(…))`. */
function testedWhereItStands(call: Node): boolean {
  let n: Node | null = call.parent;
  while (n && (n.type === "parenthesized_expression" || n.type === "unary_expression" || n.type === "binary_expression")) n = n.parent;
  return n?.type === "if_statement" || n?.type === "while_statement";
}

/** A call whose result the code checks where it stands: `if (!f(…))`, or `x = f(…);` followed by `if (!x)`. */
function checkedInPlace(call: Node): boolean {
  if (testedWhereItStands(call)) return true;
  let statement: Node | null = call;
  while (statement && statement.type !== "declaration" && statement.type !== "expression_statement") statement = statement.parent;
  const next = statement?.nextNamedSibling;
  if (!statement || next?.type !== "if_statement") return false;
  const init = statement.type === "declaration" ? statement.namedChildren.find((c) => c?.type === "init_declarator") : undefined;
  const assigned = init ? declaratorName(init.childForFieldName("declarator"))?.text : statement.namedChild(0)?.childForFieldName("left")?.text;
  return assigned !== undefined && testedVariable(next.childForFieldName("condition")) === assigned;
}

/** The first tail release that frees exactly `live`; `tail.length` for nothing to free. */
function ladderEntry(live: Resource[], tail: TailRelease[]): number | undefined {
  if (live.length === 0) return tail.length;
  for (let j = 0; j < tail.length; j++) {
    const suffix = tail.slice(j).map((t) => t.resource);
    if (suffix.some((r) => r === undefined || !live.includes(r))) continue;
    if (suffix.length === live.length) return j;
  }
  return undefined;
}

/** The statement that ends the process, when `statement` is one: `err(…);`, `exit(n);` or `return n;`. */
function exitStatementKind(statement: Node): { kind: "message" | "status"; call?: Node; status?: Node | null } | undefined {
  if (statement.type === "return_statement") return { kind: "status", status: statement.namedChild(0) };
  const call = statementCall(statement);
  const name = call ? calleeName(call) : undefined;
  if (!call || !name) return undefined;
  if (MESSAGE_EXITS.has(name)) return { kind: "message", call };
  if (name === "exit" || name === "_exit" || name === "_Exit" || name === "quick_exit") return { kind: "status", call, status: callArguments(call)[0] ?? null };
  return undefined;
}

/** `0`, `EXIT_SUCCESS` and their parenthesised forms are success. */
function isSuccessStatus(status: Node | null | undefined): boolean {
  return !!status && /^\(*\s*(0|EXIT_SUCCESS)\s*\)*$/.test(status.text);
}

function exitSiteOf(
  statement: Node,
  previous: Node | undefined,
  live: Resource[],
  model: ResourceModel,
  problems: AnalysisProblem[],
  consumedErrno: Set<number>,
  claimed: Set<number>,
  reallocated: ReadonlySet<string> = new Set(),
): Omit<CheckExit, "target"> | undefined {
  const condition = statement.childForFieldName("condition");
  const consequence = statement.childForFieldName("consequence");
  if (!condition || !consequence || statement.childForFieldName("alternative")) return undefined;

  const testedName = testedVariable(condition);
  const resizeFailed = testedName !== undefined && reallocated.has(testedName);
  const tested = testedName && !resizeFailed ? live.findLast((r) => named(r, testedName)) : undefined;
  const held = live.filter((r) => r !== tested);
  const body = consequence.type === "compound_statement" ? statementsOf(consequence) : [consequence];
  const exitStatement = body.at(-1);
  const exit = exitStatement ? exitStatementKind(exitStatement) : undefined;
  if (!exitStatement || !exit) return undefined;
  const claim = () => {
    if (exit.call) claimed.add(exit.call.id);
  };

  // Between the check and the exit: an optional errno save/restore, releases of what is held
  // (the ladder takes them over), and anything else, which stays where it is.
  const folded: Node[] = [];
  const kept: Node[] = [];
  const saved = body.length > 1 ? errnoSave(body[0]!) : undefined;
  const restoreAt = body.length - 2;
  const restored = saved && restoreAt > 0 ? errnoRestore(body[restoreAt]!, saved.variable) : undefined;
  if (saved && !restored) {
    claim();
    problems.push({
      code: "K1006",
      node: body[0]!,
      message: `errno is saved in '${saved.variable}' but not restored just before the exit`,
      note: "kernelize recognises `int t = errno; cleanup(); errno = t; err(…);`, where the kernel's unified exit needs no errno at all",
    });
    return undefined;
  }
  if (saved) {
    folded.push(body[0]!, body[restoreAt]!);
    consumedErrno.add(saved.errno.id);
    consumedErrno.add(restored!.errno.id);
  }
  for (const s of body.slice(saved ? 1 : 0, restored ? restoreAt : body.length - 1)) {
    const released = releaseOf(s, model.releasers);
    if (!released) {
      kept.push(s);
      continue;
    }
    if (!held.some((r) => named(r, released.variable))) {
      claim();
      problems.push({
        code: "K1005",
        node: s,
        message: `this exit releases '${released.variable}', which is not held here`,
        note: "release only what is held before an exit; the unified exit releases everything held, newest first",
      });
      return undefined;
    }
    folded.push(s);
  }

  let format: Node | undefined;
  if (exit.kind === "message") {
    const args = callArguments(exit.call!);
    format = args[1];
    if (!format || (!isPlainStringLiteral(format) && !isErrnoOnlyMessage(exit.call!, format)) || args.length > 2) {
      claim();
      problems.push({
        code: "K1007",
        node: exit.call!,
        message: `${calleeName(exit.call!)}() with ${format ? "a computed message or format arguments" : "no message"} cannot become a constant error message`,
        note: "the unified exit prints one constant string per exit; give err() a plain string literal",
      });
      return undefined;
    }
  }

  let errno: Errno | null = "EINVAL";
  let errnoReason = "the check does not say why it failed, so kernelize reports an invalid argument";
  if (exit.kind === "status" && isSuccessStatus(exit.status)) {
    errno = null;
    errnoReason = "the program ends here successfully, so init returns 0";
  } else if (tested) {
    errno = "ENOMEM";
    errnoReason = `'${tested.variable}' is NULL only when its allocation failed`;
  } else if (resizeFailed) {
    errno = "ENOMEM";
    errnoReason = `'${testedName}' is NULL only when the resize failed, and the old block is still held`;
  } else {
    // The call in the condition, or the call whose result the previous statement stored in the tested variable.
    const assigned = testedName && previous ? assignedCall(previous, testedName) : undefined;
    const call = descendants(condition, "call_expression")[0] ?? assigned;
    const name = call ? calleeName(call) : undefined;
    const cause = name ? model.failureCause.get(name) : undefined;
    if (name && cause === "ENOMEM") {
      errno = "ENOMEM";
      errnoReason = `${name}() fails only when an allocation inside it fails`;
    }
  }
  // The check belongs with the statement that produced what it tests.
  const checksPrevious = previous && ((tested && previous.id === tested.acquisition.id) || (resizeFailed && assignedCall(previous, testedName!)));
  const groupStart = checksPrevious ? previous : statement;
  return {
    kind: "check",
    ifStatement: statement,
    condition,
    consequence,
    exitStatement,
    exitCall: exit.call,
    format,
    errno,
    errnoReason,
    live: held,
    tested,
    groupStart,
    folded,
    kept,
  };
}

/** The call whose result a statement stores in `variable`: `T *v = f(…);` or `v = f(…);`. */
function assignedCall(statement: Node, variable: string): Node | undefined {
  let value: Node | null | undefined;
  if (statement.type === "declaration") {
    const init = statement.namedChildren.find((c) => c?.type === "init_declarator" && /\w+/.exec(c.childForFieldName("declarator")?.text.replace(/^[*\s]+/, "") ?? "")?.[0] === variable);
    value = init?.childForFieldName("value");
  } else if (statement.type === "expression_statement") {
    const e = statement.namedChild(0);
    if (e?.type === "assignment_expression" && e.childForFieldName("left")?.text === variable) value = e.childForFieldName("right");
  }
  const v = value ? unparenthesize(value) : undefined;
  return v?.type === "call_expression" ? v : undefined;
}

