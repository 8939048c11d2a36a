// The ways out of main(): which checked failures exit, what each must release, and the shared cleanup tail.
import type { Node } from "web-tree-sitter";
import type { DiagnosticCode } from "../core/diagnostics.js";
import { callArguments, calleeName, descendants, statementCall, statementsOf, unparenthesize } from "../core/syntax.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";
import { acquisitionOf, type Errno, releaseOf, type ResourceModel, testedVariable } from "./resources.js";

/** Calls that end the process; only `err`/`errx` under a failure check in main() are ported for now. */
export const PROCESS_EXITS = new Set(["err", "errx", "verr", "verrx", "exit", "_exit", "_Exit", "abort"]);
/** Calls that end the process after printing a message, whose format they take as the second argument. */
export const MESSAGE_EXITS = new Set(["err", "errx"]);

export interface Resource {
  variable: string;
  /** The statement that acquires it. */
  acquisition: Node;
}

export interface ExitSite {
  ifStatement: Node;
  condition: Node;
  /** The exit itself: an `err(…);` statement or a block ending in one. */
  consequence: Node;
  exitCall: Node;
  /** The format string literal of the exit message. */
  format: Node;
  errno: Errno;
  /** Why that errno, in words, for the explanation. */
  errnoReason: string;
  /** Resources held at this exit, in acquisition order. */
  live: Resource[];
  /** The acquisition this check tests, when it tests one. */
  tested: Resource | undefined;
  /** First statement of the group the exit belongs to: the acquisition it checks, or the check itself. */
  groupStart: Node;
  /** Statements of a block consequence that the unified exit takes over (cleanup, errno save/restore). */
  folded: Node[];
  /** Index into `tail` of the first release this exit needs; `tail.length` when it needs none. */
  target: number;
}

export interface TailRelease {
  statement: Node;
  resource: Resource | undefined;
}

export interface ExitProblem {
  code: DiagnosticCode;
  node: Node;
  message: string;
  note?: string;
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
  problems: ExitProblem[];
}

export function planMainExits(program: ProgramFacts, main: FunctionFacts, model: ResourceModel): MainExitPlan {
  const statements = statementsOf(main.body);
  const problems: ExitProblem[] = [];
  const last = statements.at(-1);
  const finalReturn = last?.type === "return_statement" ? last : undefined;
  const tailEnd = finalReturn ? statements.length - 1 : statements.length;
  let tailStart = tailEnd;
  while (tailStart > 0 && releaseOf(statements[tailStart - 1]!, model.releasers)) tailStart--;

  const resources: Resource[] = [];
  let live: Resource[] = [];
  const pendingSites: Array<Omit<ExitSite, "target">> = [];
  const consumedErrno = new Set<number>();
  /** Exit calls already reported as a problem of their own. */
  const claimed = new Set<number>();

  for (let i = 0; i < tailStart; i++) {
    const statement = statements[i]!;
    const acquired = acquisitionOf(statement, model.allocators);
    if (acquired) {
      const resource = { variable: acquired.variable, acquisition: statement };
      resources.push(resource);
      live = live.filter((r) => r.variable !== acquired.variable).concat(resource);
      continue;
    }
    const released = releaseOf(statement, model.releasers);
    if (released) {
      live = live.filter((r) => r.variable !== released.variable);
      continue;
    }
    const site = statement.type === "if_statement" ? exitSiteOf(statement, statements[i - 1], live, model, problems, consumedErrno, claimed) : undefined;
    if (site) pendingSites.push(site);
  }

  const tail: TailRelease[] = [];
  for (let i = tailStart; i < tailEnd; i++) {
    const statement = statements[i]!;
    const released = releaseOf(statement, model.releasers)!;
    const resource = live.find((r) => r.variable === released.variable);
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
        node: site.exitCall,
        message: `this exit holds ${names}, but the releases at the end of main() do not free exactly that`,
        note: "end main() with one release per resource, newest first (free(b); free(a); return 0;), so that every exit can jump into that sequence",
      });
      continue;
    }
    sites.push({ ...site, target });
  }

  const siteCalls = new Set(sites.map((s) => s.exitCall.id));
  for (const { name, call } of program.callsNamed(PROCESS_EXITS)) {
    if (siteCalls.has(call.id) || claimed.has(call.id) || pendingSites.some((s) => s.exitCall.id === call.id)) continue;
    problems.push({
      code: "K1008",
      node: call,
      message: `${name}() here cannot become a module error path yet`,
      note: "kernelize turns `if (failed) err(…);` at the top level of main() into a jump to the unified exit; a module cannot end a process, so exits elsewhere need restructuring into error returns",
    });
  }
  for (const r of descendants(main.body, "return_statement")) {
    if (r.id === finalReturn?.id) continue;
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
        message: `main() ends with 'return ${value.text}', a failure on every run`,
        note: "a module's init returns 0 on success; end main() with return 0",
      });
    }
  }
  return { sites, resources, tail, finalReturn, consumedErrno, problems };
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

function exitSiteOf(
  statement: Node,
  previous: Node | undefined,
  live: Resource[],
  model: ResourceModel,
  problems: ExitProblem[],
  consumedErrno: Set<number>,
  claimed: Set<number>,
): Omit<ExitSite, "target"> | undefined {
  const condition = statement.childForFieldName("condition");
  const consequence = statement.childForFieldName("consequence");
  if (!condition || !consequence || statement.childForFieldName("alternative")) return undefined;

  const testedName = testedVariable(condition);
  const tested = testedName ? live.findLast((r) => r.variable === testedName) : undefined;
  const held = live.filter((r) => r !== tested);
  let exitCall: Node | undefined;
  const folded: Node[] = [];
  const foldedReleases: string[] = [];
  if (consequence.type === "expression_statement") {
    const call = statementCall(consequence);
    if (call && MESSAGE_EXITS.has(calleeName(call) ?? "")) exitCall = call;
  } else if (consequence.type === "compound_statement") {
    const body = statementsOf(consequence);
    const call = body.length > 0 ? statementCall(body.at(-1)!) : undefined;
    if (!call || !MESSAGE_EXITS.has(calleeName(call) ?? "")) return undefined;
    exitCall = call;
    const saved = body.length > 1 ? errnoSave(body[0]!) : undefined;
    const restoreAt = body.length - 2;
    const restored = saved && restoreAt > 0 ? errnoRestore(body[restoreAt]!, saved.variable) : undefined;
    if (saved && !restored) {
      claimed.add(call.id);
      problems.push({
        code: "K1006",
        node: body[0]!,
        message: `errno is saved in '${saved.variable}' but not restored just before ${calleeName(call)}()`,
        note: "kernelize recognises `int t = errno; cleanup(); errno = t; err(…);`, where the kernel's unified exit needs no errno at all",
      });
      return undefined;
    }
    const middle = body.slice(saved ? 1 : 0, restored ? restoreAt : body.length - 1);
    for (const s of middle) {
      const released = releaseOf(s, model.releasers);
      if (!released || !held.some((r) => r.variable === released.variable)) {
        claimed.add(call.id);
        problems.push({
          code: "K1005",
          node: s,
          message: released
            ? `this exit releases '${released.variable}', which is not held here`
            : "this exit does more than release what it holds, so it cannot share the unified exit",
          note: "keep only releases of what is held (and an errno save/restore) between the check and err(); the unified exit releases them in order",
        });
        return undefined;
      }
      foldedReleases.push(released.variable);
    }
    folded.push(...body.slice(0, -1));
    if (saved) {
      consumedErrno.add(saved.errno.id);
      consumedErrno.add(restored!.errno.id);
    }
  }
  if (!exitCall) return undefined;

  const args = callArguments(exitCall);
  const format = args[1];
  if (!format || (format.type !== "string_literal" && format.type !== "concatenated_string") || args.length > 2) {
    claimed.add(exitCall.id);
    problems.push({
      code: "K1007",
      node: exitCall,
      message: `${calleeName(exitCall)}() with ${format ? "a computed message or format arguments" : "no message"} cannot become a constant error message`,
      note: "the unified exit prints one constant string per exit; give err() a plain string literal",
    });
    return undefined;
  }

  let errno: Errno = "EINVAL";
  let errnoReason = "the check does not say why it failed, so kernelize reports an invalid argument";
  if (tested) {
    errno = "ENOMEM";
    errnoReason = `'${tested.variable}' is NULL only when its allocation failed`;
  } else {
    const call = descendants(condition, "call_expression")[0];
    const name = call ? calleeName(call) : undefined;
    const cause = name ? model.failureCause.get(name) : undefined;
    if (name && cause === "ENOMEM") {
      errno = "ENOMEM";
      errnoReason = `${name}() fails only when an allocation inside it fails`;
    }
  }
  const groupStart = tested && previous && previous.id === tested.acquisition.id ? previous : statement;
  return {
    ifStatement: statement,
    condition,
    consequence,
    exitCall,
    format,
    errno,
    errnoReason,
    live: held,
    tested,
    groupStart,
    folded,
  };
}

/** `int t = errno;` */
function errnoSave(statement: Node): { variable: string; errno: Node } | undefined {
  if (statement.type !== "declaration") return undefined;
  const init = statement.namedChildren.find((c) => c?.type === "init_declarator");
  const value = init?.childForFieldName("value");
  const name = init?.childForFieldName("declarator");
  if (value?.type === "identifier" && value.text === "errno" && name?.type === "identifier") return { variable: name.text, errno: value };
  return undefined;
}

/** `errno = t;` */
function errnoRestore(statement: Node, variable: string): { errno: Node } | undefined {
  if (statement.type !== "expression_statement") return undefined;
  const expr = statement.namedChild(0);
  if (expr?.type !== "assignment_expression") return undefined;
  const left = expr.childForFieldName("left");
  const right = expr.childForFieldName("right");
  if (left?.text === "errno" && right?.text === variable) return { errno: left };
  return undefined;
}
