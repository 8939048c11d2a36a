// main() becomes the module's init function, and its err() exits become one unified goto exit.
import type { Node } from "../core/syntax-tree.js";
import { PROCESS_EXITS, type MainExitPlan } from "../analysis/exit-paths.js";
import { registersAtexitHandlers, type FlowExit, type FlowExitPlan, type HeldResource } from "../analysis/exits.js";
import type { FunctionFacts } from "../analysis/program.js";
import type { CodeStyle } from "../analysis/style.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { freshName, insertAtBodyEnd } from "./added-code.js";
import { atexitRunner } from "./init-wrapper-ends-the-program.js";
import { kernelStyle } from "./kernel-style.js";
import { hoistExit, insertCheckAfter, insertCheckInArms, insertCheckInExpression, replaceStatement } from "./statements.js";
import { wholeLines, withNewline } from "./text.js";
import { callArguments, declaratorName, descendants, indentationAt, isBlankLine, lineStartOf, nextLineStart, startsLine, statementsOf, unparenthesize } from "../core/syntax.js";

export default defineRule({
  id: "main-to-module-init",
  summary: "main() becomes <prefix>_init(), and each err() exit a goto into one exit path that frees what is held",
  explanation: [
    "A module has no main(): the kernel calls its init function once, when the module is loaded, and a non-zero return from it is the load's failure.",
    "So main() is renamed to the module's init function and its exits change shape. err() would print a message and end the process; a module cannot end anything, and nobody cleans up after it: memory it forgets stays allocated until reboot.",
    "Each checked failure therefore records its message (msg = KERN_ERR \"…\"; KERN_ERR is a string literal that glues the log level onto the message) and jumps to a label; the labels sit in front of the program's own releases at the end of main(), in the order that frees exactly what was held when the failure happened.",
    "ret starts as the negative errno that matches what can fail (-ENOMEM when only allocations can), the success path sets it to 0 and clears msg, and one exit path prints msg and returns ret.",
    "A saved and restored errno around cleanup before err() is no longer needed: the kernel reports errors as return values, not through errno.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/process/coding-style.html#centralized-exiting-of-functions",
    "https://docs.kernel.org/core-api/printk-basics.html",
    "https://docs.kernel.org/kernel-hacking/hacking.html#init-exit-data",
  ],
  headers: ["linux/module.h", "linux/errno.h", "linux/printk.h"],
  safety: "safe",
  topics: ["init-returns-negative-errno", "kern-level-prefix", "one-exit-path", "freed-before-init-returns", "pr-macros-over-printk"],
  handles: [...PROCESS_EXITS],
  run(ctx) {
    const { program, mainPlan, style, names, source } = ctx.facts;
    const main = program.main;
    if (!main || !mainPlan) return;
    if (!ctx.facts.flowExitPlan) for (const p of mainPlan.problems) ctx.report(p.code, p.message, p.node, p.note ? { note: p.note } : {});

    ctx.replace(main.nameNode, names.init);
    // argc and argv go: what main() read from them becomes module parameters (argv-to-module-params).
    if (main.parameters.text.replace(/\s/g, "") === "()" || main.parameterNames.length > 0) ctx.replace(main.parameters, "(void)");
    if ((ctx.facts.optionsPlan?.problems.length ?? 0) > 0) return;

    const flowPlan = ctx.facts.flowExitPlan;
    if (flowPlan) {
      for (const p of flowPlan.problems) ctx.report(p.code, p.message, p.node, p.note ? { note: p.note } : {});
      if (flowPlan.problems.length === 0) buildFlowExits(ctx, main, flowPlan, style);
      return;
    }
    for (const w of mainPlan.warnings) ctx.report(w.code, w.message, w.node, w.note ? { note: w.note } : {});
    if (mainPlan.problems.length > 0) return;
    if (mainPlan.sites.length === 0) {
      finishWithoutExits(ctx, main, mainPlan, style);
      return;
    }
    buildUnifiedExit(ctx, main, mainPlan, style, source);
  },
});

/** No failure exits: the init function only needs to return 0. */
function finishWithoutExits(ctx: RuleContext, main: FunctionFacts, plan: MainExitPlan, style: CodeStyle): void {
  const value = plan.finalReturn?.namedChild(0);
  if (value && unparenthesize(value).text === "EXIT_SUCCESS") ctx.replace(value, "0");
  if (!plan.finalReturn) {
    const close = main.body.endIndex - 1;
    ctx.insert(lineStartOf(ctx.facts.source, close), `${bodyIndent(ctx.facts.source, main, style)}return 0;\n`);
  }
}

/** Insertions grouped by offset and ordered by slot, so that lines meeting at one place come out in a fixed order. */
class Insertions {
  private readonly at = new Map<number, Map<number, string>>();
  /** Offsets inside a line (a statement sharing its line with the end of another): lines go there, re-indented. */
  private readonly midLine = new Map<number, string>();
  constructor(
    private readonly source: string,
    private readonly indent: string,
  ) {}
  /** Whole lines before the statement (or token) at `offset`: at its line's start when it starts the line. */
  before(offset: number, slot: Slot, text: string): void {
    if (startsLine(this.source, offset)) this.add(lineStartOf(this.source, offset), slot, text);
    else {
      this.midLine.set(offset, this.indent);
      this.add(offset, slot, text);
    }
  }
  add(offset: number, slot: Slot, text: string): void {
    const slots = this.at.get(offset) ?? new Map<number, string>();
    slots.set(slot, (slots.get(slot) ?? "") + text);
    this.at.set(offset, slots);
  }
  /** A blank line before the line starting at `offset`, once however many groups ask for it. */
  blankLine(offset: number): void {
    const slots = this.at.get(offset) ?? new Map<number, string>();
    slots.set(Slot.Blank, "\n");
    this.at.set(offset, slots);
  }
  flush(ctx: RuleContext): void {
    for (const [offset, slots] of [...this.at].sort((a, b) => a[0] - b[0])) {
      const text = [...slots]
        .filter(([slot]) => !(this.midLine.has(offset) && slot === Slot.Blank))
        .sort((a, b) => a[0] - b[0])
        .map(([, t]) => t)
        .join("");
      ctx.insert(offset, this.midLine.has(offset) ? `\n${text}${this.midLine.get(offset)}` : text);
    }
  }
}

enum Slot {
  Blank,
  Success,
  Label,
  Message,
  ExitPath,
}

function buildUnifiedExit(ctx: RuleContext, main: FunctionFacts, plan: MainExitPlan, style: CodeStyle, source: string): void {
  const statements = statementsOf(main.body);
  const first = statements[0]!;
  const indent = bodyIndent(source, main, style);
  const taken = localNames(main);
  const ret = freshName(["ret", "rc", "err"], taken);
  // msg exists only for err()/errx() exits: a program that exits with a status prints nothing.
  // The kernel style prints each message where its failure is found instead.
  const kernel = kernelStyle(ctx);
  const hasMessages = !kernel && plan.sites.some((s) => s.format);
  const msg = hasMessages ? freshName(["msg", "errmsg", "err_msg"], taken) : undefined;
  const lines = new Insertions(source, indent);
  const value = (errno: string | null) => (errno ? `-${errno}` : "0");

  // ret starts as the first exit's errno; an exit with another cause sets its own, and since the
  // checks run in order, every later exit whose errno differs from what ret holds sets it again.
  const initialErrno = plan.sites[0]!.errno;
  lines.add(
    paragraphStart(source, first),
    Slot.Message,
    `${indent}int ${ret} = ${value(initialErrno)};\n` + (msg ? `${indent}const char *${msg};\n` : ""),
  );

  const labels = ladderLabels(plan, taken);
  const isFirst = (node: Node) => node.id === first.id;

  let retHolds: string | null = initialErrno;
  let msgHolds: "unset" | "message" | "null" = "unset";
  for (const site of plan.sites) {
    const label = labels.get(site.target)!;
    const anchor = site.kind === "check" ? site.ifStatement : site.statement;
    const ifIndent = indentationAt(source, anchor.startIndex);
    const goto = `${ifIndent}${style.indentUnit}goto ${label};`;
    const before: string[] = [];
    // A status helper's own return value is the errno; everything else sets ret before the check.
    const setsRetItself = site.kind === "call" && site.helper.style.kind === "status";
    if (!setsRetItself && site.errno !== retHolds) before.push(`${ret} = ${value(site.errno)};`);
    retHolds = setsRetItself ? null : site.errno;
    const report = kernel && site.kind === "check" ? reportAtSite(site) : undefined;
    if (site.format && msg) {
      before.push(`${msg} = KERN_ERR ${withNewline(site.format)};`);
      msgHolds = "message";
    } else if (msg && msgHolds !== "null") {
      // A message set for an earlier check must not be printed for this exit.
      before.push(`${msg} = NULL;`);
      msgHolds = "null";
    }
    const beforeLines = before.map((l) => `${ifIndent}${l}\n`).join("");

    if (site.kind === "call") {
      const call = site.call.text;
      if (site.helper.style.kind === "status") {
        ctx.replace(site.statement, `${ret} = ${call};\n${ifIndent}if${style.keywordSpace}(${ret})\n${goto}`);
        if (beforeLines) lines.before(site.statement.startIndex, Slot.Message, beforeLines);
      } else if (site.helper.style.kind === "bool") {
        ctx.replace(site.statement, `if${style.keywordSpace}(!${call})\n${goto}`);
        if (beforeLines) lines.before(site.statement.startIndex, Slot.Message, beforeLines);
      } else {
        // At the end of the statement's line, so that the check joins the statement's paragraph.
        const check = `${beforeLines}${ifIndent}if${style.keywordSpace}(!${site.variable})\n${goto}`;
        ctx.insert(site.statement.endIndex, `\n${check.replace(/\n$/, "")}`);
      }
    } else {
      if (before.length > 0) {
        if (startsLine(source, site.ifStatement.startIndex)) lines.add(lineStartOf(source, site.ifStatement.startIndex), Slot.Message, beforeLines);
        else lines.add(site.ifStatement.startIndex, Slot.Message, before.map((l) => `${l} `).join(""));
      }
      const inner = `${ifIndent}${style.indentUnit}`;
      if (report && site.kept.length === 0) {
        ctx.replace({ start: site.condition.endIndex, end: site.consequence.endIndex }, ` {\n${inner}${report}\n${goto}\n${ifIndent}}`);
      } else if (report) {
        for (const s of site.folded) ctx.remove(wholeLines(source, s));
        ctx.replace(site.exitStatement, `${report}\n${indentationAt(source, site.exitStatement.startIndex)}goto ${label};`);
      } else if (site.kept.length === 0 && site.consequence.type === "compound_statement") {
        ctx.replace({ start: site.condition.endIndex, end: site.consequence.endIndex }, `\n${goto}`);
      } else if (site.kept.length === 0) {
        ctx.replace(site.consequence, `goto ${label};`);
      } else {
        // What the block does besides exiting stays; only the releases (now the ladder's) and the exit go.
        for (const s of site.folded) ctx.remove(wholeLines(source, s));
        ctx.replace(site.exitStatement, `goto ${label};`);
      }
    }

    // Each failure check reads as a paragraph of its own: the acquisition, the message, the jump.
    const groupLine = paragraphStart(source, site.groupStart);
    if (!isFirst(site.groupStart) && !isBlankLine(source, lineStartOf(source, groupLine - 1))) lines.blankLine(groupLine);
    const after = nextLineStart(source, anchor.endIndex - 1);
    const next = anchor.nextNamedSibling;
    if (next && next.startIndex >= after && !isBlankLine(source, after)) lines.blankLine(after);
  }

  // Success path: clear the error, then fall through the releases into the exit path.
  const success = `${indent}${ret} = 0;\n` + (msg ? `${indent}${msg} = NULL;\n` : "");
  const exitAt = plan.finalReturn ? plan.finalReturn.startIndex : main.body.endIndex - 1;
  const successAt = plan.tail.length > 0 ? plan.tail[0]!.statement.startIndex : exitAt;
  if (startsLine(source, successAt) && !isBlankLine(source, lineStartOf(source, lineStartOf(source, successAt) - 1))) lines.blankLine(lineStartOf(source, successAt));
  lines.before(successAt, Slot.Success, success);
  for (const [index, label] of labels) {
    const at = index < plan.tail.length ? plan.tail[index]!.statement.startIndex : exitAt;
    lines.before(at, Slot.Label, `${style.labelIndent}${label}:\n`);
  }
  if (msg) lines.before(exitAt, Slot.ExitPath, `${indent}if${style.keywordSpace}(${msg})\n${indent}${style.indentUnit}printk(${msg});\n`);
  if (plan.finalReturn) {
    const value = plan.finalReturn.namedChild(0);
    if (value) ctx.replace(value, ret);
    else ctx.insert(plan.finalReturn.endIndex - 1, ` ${ret}`);
  } else {
    lines.before(exitAt, Slot.ExitPath, `${indent}return ${ret};\n`);
  }
  lines.flush(ctx);
}

/**
 * The kernel style's message at a failure: pr_err() with err()'s format and arguments, where the
 * failure is found (oom-messages-removed takes out those after a failed allocation).
 */
function reportAtSite(site: MainExitPlan["sites"][number] & { kind: "check" }): string | undefined {
  if (!site.format || !site.exitCall) return undefined;
  const args = callArguments(site.exitCall);
  const at = args.findIndex((a) => a.id === site.format!.id);
  const rest = at >= 0 ? args.slice(at + 1).map((a) => a.text) : [];
  return `pr_err(${[withNewline(site.format), ...rest].join(", ")});`;
}

/** Label names for the ladder's entry points: `out` after all releases, `out_free` (or `out_free_<var>`) before one. */
function ladderLabels(plan: MainExitPlan, taken: Set<string>): Map<number, string> {
  const targets = [...new Set(plan.sites.map((s) => s.target))].sort((a, b) => a - b);
  const releases = targets.filter((t) => t < plan.tail.length);
  const labels = new Map<number, string>();
  for (const t of targets) {
    let name: string;
    if (t === plan.tail.length) name = "out";
    else if (releases.length === 1) name = "out_free";
    else name = `out_free_${plan.tail[t]!.resource?.variable ?? t}`;
    labels.set(t, freshName([name], taken));
  }
  return labels;
}

/** The line a statement's paragraph starts on, taking in comments directly above it. */
function paragraphStart(source: string, statement: Node): number {
  let start = lineStartOf(source, statement.startIndex);
  for (let prev = statement.previousNamedSibling; prev?.type === "comment"; prev = prev.previousNamedSibling) {
    if (nextLineStart(source, prev.endIndex) !== start) break;
    start = lineStartOf(source, prev.startIndex);
  }
  return start;
}

function bodyIndent(source: string, main: FunctionFacts, style: CodeStyle): string {
  const first = statementsOf(main.body)[0];
  if (first && startsLine(source, first.startIndex)) return indentationAt(source, first.startIndex);
  return indentationAt(source, main.body.startIndex) + style.indentUnit;
}

function localNames(main: FunctionFacts): Set<string> {
  const names = new Set<string>();
  for (const id of descendants(main.node, ["identifier", "statement_identifier"])) names.add(id.text);
  return names;
}

/**
 * main() as the flow graph reads it: every exit, at any depth, becomes a return of 0 or a
 * negative errno, and what it holds is released on the way out: through a goto ladder after
 * main()'s last statement where the exits hold nested sets (newest released first), inline
 * before the jump where they do not, and directly (`return -ENOMEM;`) where nothing is held.
 */
function buildFlowExits(ctx: RuleContext, main: FunctionFacts, plan: FlowExitPlan, style: CodeStyle): void {
  if (plan.tracked || ctx.facts.flowHelperPlan?.tracked) {
    buildTrackedExits(ctx, main, plan, style);
    return;
  }
  const { source } = ctx.facts;
  const indent = bodyIndent(source, main, style);
  const taken = localNames(main);
  const status = plan.statusVariable;
  if (status) {
    for (const f of status.failures) ctx.replace(f.value, `-${f.errno}`);
    for (const s of status.successes) if (unparenthesize(s).text === "EXIT_SUCCESS") ctx.replace(s, "0");
  }
  const endExit: FlowExit | undefined = !plan.endReachable
    ? undefined
    : { statement: main.body, call: undefined, outcome: "success", errno: null, errnoReason: "", message: undefined, release: plan.endRelease, isFinal: true };
  const exits = endExit ? [...plan.exits, endExit] : plan.exits;

  // The ladder frees, newest first, everything an exit holds where that is a run of it (what the
  // exit holds is exactly what follows its label). Exits holding nothing return directly, as the
  // kernel's coding style asks; exits holding something else release it before returning.
  const entryOf = (e: FlowExit, ladder: readonly HeldResource[]): number | undefined => {
    const k = ladder.length - e.release.length;
    return e.release.every((r, i) => ladder[k + i]?.path === r.path) ? k : undefined;
  };
  // The ladder sits after main()'s last statement, where only the variables of its outermost block
  // (and its parameters) can be named: an exit holding one declared in an inner block (a loop's
  // `char *a = …;`) releases it before its own jump instead.
  const outermost = new Set(main.parameterNames);
  for (const d of statementsOf(main.body)) {
    if (d.type !== "declaration") continue;
    for (const c of d.namedChildren) {
      const name = c && (c.type === "init_declarator" || c.type.endsWith("declarator") || c.type === "identifier") ? declaratorName(c.type === "init_declarator" ? c.childForFieldName("declarator") : c)?.text : undefined;
      if (name) outermost.add(name);
    }
  }
  const nameable = (e: FlowExit) => e.release.every((r) => outermost.has(/^[A-Za-z_]\w*/.exec(r.path)?.[0] ?? r.path));
  const byPath = new Map<string, HeldResource>();
  for (const e of exits) if (nameable(e)) for (const r of e.release) if (!byPath.has(r.path)) byPath.set(r.path, r);
  const ladder = [...byPath.values()].sort((a, b) => b.acquiredAt - a.acquiredAt);
  const joins = (e: FlowExit) =>
    e.release.length > 0 && nameable(e) && entryOf(e, ladder) !== undefined && !(e.isFinal && e.release.length === ladder.length && exits.filter((x) => x.release.length > 0).length === 1);
  const joining = exits.filter(joins);
  const fallsThrough = (e: FlowExit) => e.isFinal && entryOf(e, ladder) === 0;
  const entries = new Set(joining.filter((e) => !fallsThrough(e)).map((e) => entryOf(e, ladder)!));
  const firstRelease = Math.min(ladder.length, ...joining.map((e) => entryOf(e, ladder)!));
  const ret = joining.length === 0 ? undefined : (status?.name ?? freshName(["ret", "rc", "err"], taken));
  const labels = new Map<number, string>();
  for (const k of [...entries].sort((a, b) => a - b)) {
    const name = entries.size === 1 ? "out_free" : `out_free_${ladder[k]!.path.replace(/\W+/g, "_")}`;
    labels.set(k, freshName([name], taken));
  }
  const channel = ctx.facts.flowHelperPlan?.channel;
  // What says a helper ended the program: the channel, or the flag beside it where an exit may succeed.
  const test = ctx.facts.flowHelperPlan?.ended ?? channel;
  const valueOf = (e: FlowExit) => (e.outcome === "success" ? "0" : e.outcome === "failure" ? `-${e.errno}` : e.outcome === "channel" ? channel! : e.outcome === "either" ? e.value! : status!.name);
  const place = (e: FlowExit, lines: string[]) =>
    e.hoist
      ? hoistExit(ctx, source, style, e.hoist, lines)
      : e.inCondition ? insertCheckInArms(ctx, source, style, e.statement, test!, lines) : e.inExpression && e.call ? insertCheckInExpression(ctx, e.call, test!, lines) : e.checkAfter ? insertCheckAfter(ctx, source, style, e.statement, test!, lines) : replaceStatement(ctx, source, style, e.statement, lines);
  const release = (r: HeldResource) => `${r.releaser}(${r.path});`;
  const atEnd = (lines: string[]) => insertAtBodyEnd(ctx, source, main, lines.map((l) => `${indent}${l}\n`).join(""));

  for (const e of exits) {
    for (const f of e.folded ?? []) ctx.remove(wholeLines(source, f));
    const lines: string[] = [];
    if (e.message) lines.push(`pr_err(${[withNewline(e.message[0]!), ...e.message.slice(1).map((a) => a.text)].join(", ")});`);
    const value = valueOf(e);
    if (!joins(e)) {
      for (const r of e.release) lines.push(release(r));
      if (e === endExit) {
        atEnd([...lines, "return 0;"]);
        continue;
      }
      if (lines.length === 0 && !e.call) {
        mapReturnValue(ctx, e.statement, value);
        continue;
      }
      lines.push(`return ${value};`);
      place(e, lines);
      continue;
    }
    const k = entryOf(e, ladder)!;
    if (e.outcome !== "status") lines.push(`${ret} = ${value};`);
    // A helper's failure, kept in the channel, is init's now: the channel is cleared before the
    // ladder runs the program's own release functions, which test it after each call they make
    // (a stack-guarded destroy() recursing) and would otherwise stop at their first call, leaking the rest.
    if (e.outcome === "channel" && ladder.slice(k).some((r) => ctx.facts.program.functions.has(r.releaser))) lines.push(`${channel} = 0;`);
    // main()'s last statement runs straight into the ladder when it holds all of it.
    if (!fallsThrough(e)) lines.push(`goto ${labels.get(k)!};`);
    if (e === endExit) atEnd(lines);
    else place(e, lines);
  }
  if (!ret) return;

  let text = "";
  for (let k = firstRelease; k < ladder.length; k++) {
    const label = labels.get(k);
    if (label) text += `${style.labelIndent}${label}:\n`;
    text += `${indent}${release(ladder[k]!)}\n`;
  }
  text += `${indent}return ${ret};\n`;
  insertAtBodyEnd(ctx, source, main, text);
  if (!status) ctx.insert(paragraphStart(source, statementsOf(main.body)[0]!), `${indent}int ${ret};\n`);
}

/** `return EXIT_SUCCESS;` → `return 0;`, `return 1;` → `return -EINVAL;`; a status variable stays. */
function mapReturnValue(ctx: RuleContext, statement: Node, value: string): void {
  const v = statement.namedChild(0);
  if (!v) ctx.insert(statement.endIndex - 1, ` ${value}`);
  else if (unparenthesize(v).text !== value) ctx.replace(v, value);
}

/** The call the port's exit path makes to free what init still holds; tracked-allocations defines it. */
export const FREE_TRACKED = "free_tracked_allocations";

/**
 * Where some exit holds memory the graph cannot name, every allocation is tracked (the
 * tracked-allocations rule), and every exit of init goes through one label that frees whatever
 * is still tracked there, as a process's exit would have.
 */
function buildTrackedExits(ctx: RuleContext, main: FunctionFacts, plan: FlowExitPlan, style: CodeStyle): void {
  const { source } = ctx.facts;
  const indent = bodyIndent(source, main, style);
  const taken = localNames(main);
  const status = plan.statusVariable;
  if (status) {
    for (const f of status.failures) ctx.replace(f.value, `-${f.errno}`);
    for (const s of status.successes) if (unparenthesize(s).text === "EXIT_SUCCESS") ctx.replace(s, "0");
  }
  const ret = status?.name ?? freshName(["ret", "rc", "err"], taken);
  const out = freshName(["out", "out_tracked"], taken);
  const channel = ctx.facts.flowHelperPlan?.channel;
  const test = ctx.facts.flowHelperPlan?.ended ?? channel;
  // The label goes in only when some exit jumps to it: the kernel builds with -Wunused-label.
  let jumps = 0;
  for (const e of plan.exits) {
    for (const f of e.folded ?? []) ctx.remove(wholeLines(source, f));
    const value = e.outcome === "success" ? "0" : e.outcome === "failure" ? `-${e.errno}` : e.outcome === "channel" ? channel! : e.outcome === "either" ? e.value! : ret;
    const lines: string[] = [];
    if (e.message) lines.push(`pr_err(${[withNewline(e.message[0]!), ...e.message.slice(1).map((a) => a.text)].join(", ")});`);
    const setsRet = value !== ret && !(value === "0" && !status);
    if (e.isFinal && !e.call) {
      // main()'s last statement runs into the exit path.
      if (lines.length === 0 && !setsRet) ctx.remove(wholeLines(source, e.statement));
      else replaceStatement(ctx, source, style, e.statement, [...lines, ...(setsRet ? [`${ret} = ${value};`] : [])]);
      continue;
    }
    if (setsRet) lines.push(`${ret} = ${value};`);
    lines.push(`goto ${out};`);
    jumps++;
    if (e.hoist) hoistExit(ctx, source, style, e.hoist, lines);
    else if (e.inCondition) insertCheckInArms(ctx, source, style, e.statement, test!, lines);
    else if (e.inExpression && e.call) insertCheckInExpression(ctx, e.call, test!, lines);
    else if (e.checkAfter) insertCheckAfter(ctx, source, style, e.statement, test!, lines);
    else replaceStatement(ctx, source, style, e.statement, lines);
  }
  const label = jumps > 0 ? `${style.labelIndent}${out}:\n` : "";
  // The atexit() handlers run while the program's memory is still there, as in a process: they may
  // use or free it, and the tracker frees only what they left (init-wrapper-ends-the-program then
  // does not run them again).
  const handlers = registersAtexitHandlers(ctx.facts.program) ? atexitRunner(ctx.facts.program) : undefined;
  const runHandlers = handlers ? `${indent}${handlers}();\n` : "";
  insertAtBodyEnd(ctx, source, main, `${label}${runHandlers}${indent}${FREE_TRACKED}();\n${indent}return ${ret};\n`);
  const first = statementsOf(main.body)[0];
  // main() { } holds no statement to put the declaration before: it opens the body.
  if (!status) ctx.insert(first ? paragraphStart(source, first) : main.body.startIndex + 1, first ? `${indent}int ${ret} = 0;\n` : `\n${indent}int ${ret} = 0;`);
}
