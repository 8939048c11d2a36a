// Which output calls start a kernel log line and which continue one: data flow over each function's output, across calls.
import type { Node } from "web-tree-sitter";
import type { ProgramFacts } from "../analysis/program.js";
import type { Facts, RuleContext } from "../core/rule.js";
import { callArguments, declaratorName, descendants, functionDeclarator, namedChildren, unparenthesize } from "../core/syntax.js";
import { charEndings, ENDS_LINE, type Endings, LEAVES_OPEN, PRINTS_NOTHING, textEndings } from "./printk-formats.js";

/*
 * printk() ends a log record at each "\n"; a record without one stays open, and the next
 * printk() with KERN_CONT (pr_cont) from the same task appends to it, while any other level
 * closes it and starts a new one. stdio has no such rule: printf("a") then printf("b\n") is one
 * line. So a piece of output must become pr_cont() exactly when the log line is open at that
 * point, which depends on the output before it: in the same statement list, in an earlier loop
 * iteration, in the caller. The model below tracks, for each point of each function, the set of
 * states the line can be in, and answers per output call.
 */

export type Stream = "stdout" | "stderr";

/** What an output call does to the log line. */
export interface OutputEffect {
  stream: Stream;
  /** How its text can end (a set of ENDS_LINE, LEAVES_OPEN, PRINTS_NOTHING). */
  endings: Endings;
  /** A whole line of its own whatever came before (perror, warn, pr_err), or always a continuation (pr_cont). */
  fixed?: "starts" | "continues";
}

/** Where an output call sits on the log line. */
export interface Placement {
  continues: boolean;
  /** It starts a line on some paths and continues one on others. */
  undecided: boolean;
  /** Only the first undecided call of a run is reported; the rest share its cause. */
  report: boolean;
}

// The line states, as bits of a set: closed, or left open by output to stdout or to stderr.
const CLOSED = 1;
const OPEN_STDOUT = 2;
const OPEN_STDERR = 4;
const ELEMENTS = [CLOSED, OPEN_STDOUT, OPEN_STDERR];
const openBit = (s: Stream) => (s === "stdout" ? OPEN_STDOUT : OPEN_STDERR);

/** The stream a FILE * argument names, when it is stdout or stderr. */
export function streamOf(node: Node | undefined): Stream | undefined {
  const n = node && unparenthesize(node);
  return n?.type === "identifier" && (n.text === "stdout" || n.text === "stderr") ? n.text : undefined;
}

const KERNEL_LEVELS = ["pr_emerg", "pr_alert", "pr_crit", "pr_err", "pr_warn", "pr_notice", "pr_info", "pr_debug", "pr_devel"];

type EffectOf = (args: Node[], program: ProgramFacts) => OutputEffect | undefined;

const wholeLine: EffectOf = () => ({ stream: "stderr", endings: ENDS_LINE, fixed: "starts" });

/** Every function whose call prints, with what it does to the line; undefined when a call does not reach the log. */
const EFFECTS: ReadonlyMap<string, EffectOf> = new Map<string, EffectOf>([
  ["printf", (a, p) => ({ stream: "stdout", endings: textEndings(a[0], p) })],
  ["fprintf", (a, p) => withStream(a[0], { endings: textEndings(a[1], p) })],
  ["puts", () => ({ stream: "stdout", endings: ENDS_LINE })],
  ["fputs", (a, p) => withStream(a[1], { endings: textEndings(a[0], p) })],
  ["putchar", (a) => ({ stream: "stdout", endings: charEndings(a[0]) })],
  ["putc", (a) => withStream(a[1], { endings: charEndings(a[0]) })],
  ["fputc", (a) => withStream(a[1], { endings: charEndings(a[0]) })],
  ["perror", wholeLine],
  ["warn", wholeLine],
  ["warnx", wholeLine],
  ["err", wholeLine],
  ["errx", wholeLine],
  // Kernel calls already in the text (the unified exit's printk(msg) prints whole lines).
  ["printk", (a, p) => kernelEffect(a[0], p, "stdout")],
  ["pr_cont", (a, p) => ({ stream: "stdout", endings: textEndings(a[0], p), fixed: "continues" })],
  ...KERNEL_LEVELS.map((n): [string, EffectOf] => [n, (a, p) => kernelEffect(a[0], p, n === "pr_err" ? "stderr" : "stdout")]),
]);

/** Names of every call that prints. */
export const OUTPUT_FUNCTIONS: ReadonlySet<string> = new Set(EFFECTS.keys());

function withStream(stream: Node | undefined, effect: { endings: Endings }): OutputEffect | undefined {
  const s = streamOf(stream);
  return s ? { stream: s, ...effect } : undefined;
}

function kernelEffect(format: Node | undefined, program: ProgramFacts, stream: Stream): OutputEffect {
  const f = format && unparenthesize(format);
  if (f?.type === "concatenated_string" && f.firstNamedChild?.text === "KERN_CONT") return { stream, endings: textEndings(f, program), fixed: "continues" };
  const endings = f && f.type !== "string_literal" && f.type !== "concatenated_string" ? ENDS_LINE : textEndings(f, program);
  return { stream, endings, fixed: "starts" };
}

export interface LineModel {
  placement(call: Node): Placement;
}

const models = new WeakMap<ProgramFacts, LineModel>();

/** The line model of the text a phase works on, computed once for all the output rules of that phase. */
export function lineModel(facts: Facts): LineModel {
  let model = models.get(facts.program);
  if (!model) {
    model = buildModel(facts.program);
    models.set(facts.program, model);
  }
  return model;
}

/**
 * The pr_*() macro an output call becomes: pr_cont() where it continues the log line, `level`
 * where it starts one. Where the path decides, pr_cont() is the choice that never breaks a line
 * the program built: with no line open, it starts one at the default log level. That case is
 * reported, once per run of such calls.
 */
export function printMacro(ctx: RuleContext, call: Node, level: string): string {
  const p = lineModel(ctx.facts).placement(call);
  if (p.undecided && p.report) {
    const name = call.childForFieldName("function")?.text ?? "this call";
    ctx.report(
      "K2020",
      `this ${name}() starts a log line on some paths and continues one on others (a line built in a loop, a branch or a helper)`,
      call,
      {
        note: "it becomes pr_cont(), which starts a new line at the default log level when none is open; print the start of the line (a label, with printf and no \\n) before the loop or branch, so that every piece continues it",
      },
    );
  }
  return p.continues ? "pr_cont" : level;
}

/** Output to a FILE * other than stdout and stderr: a module has no file for it to go to. */
export function reportOtherStream(ctx: RuleContext, call: Node, name: string, stream: Node | undefined): void {
  ctx.report("K2021", `${name}() writes to ${stream?.text ?? "a stream"}, which is neither stdout nor stderr`, stream ?? call, {
    note: "a module has no files: its output goes to the kernel log, which only stdout and stderr map to; write to stdout or stderr, or keep the file output out of the program",
  });
}

// ---------------------------------------------------------------------------------------------
// The flow of one function, reduced to what matters for the line: output, calls of functions
// that print, and the jumps between them.

type Flow =
  | { kind: "seq"; items: Flow[] }
  | { kind: "output"; at: number }
  | { kind: "call"; callee: string; at: number }
  | { kind: "branch"; arms: Flow[] }
  | { kind: "loop"; testFirst: boolean; infinite: boolean; test: Flow; body: Flow; update: Flow }
  | { kind: "switch"; head: Flow; cases: Flow[]; hasDefault: boolean }
  | { kind: "jump"; to: "break" | "continue" | "return" | "goto"; value: Flow; label?: string }
  | { kind: "label"; label: string; body: Flow };

const EMPTY: Flow = { kind: "seq", items: [] };
const MAX_DEPTH = 400;
const JUMPS = ["return_statement", "break_statement", "continue_statement", "goto_statement", "labeled_statement"];

class FlowBuilder {
  constructor(
    /** Sorted start offsets of everything that matters; a subtree holding none of them is skipped. */
    private readonly marks: number[],
    private readonly events: Map<number, Flow>,
  ) {}

  private relevant(node: Node): boolean {
    let lo = 0;
    let hi = this.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.marks[mid]! < node.startIndex) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.marks.length && this.marks[lo]! < node.endIndex;
  }

  private seq(items: Array<Flow | undefined>): Flow {
    const kept = items.filter((f): f is Flow => f !== undefined && !(f.kind === "seq" && f.items.length === 0));
    return kept.length === 1 ? kept[0]! : { kind: "seq", items: kept };
  }

  /** How deep the walk is: past MAX_DEPTH a subtree is read as straight-line code, so no input can exhaust the stack. */
  private depth = 0;

  statement(node: Node | null | undefined): Flow | undefined {
    if (!node || !this.relevant(node)) return undefined;
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.statementFlow(node);
    } finally {
      this.depth--;
    }
  }

  /** The events inside a node in source order, as if it were straight-line code. */
  private flat(node: Node): Flow {
    return this.seq([...this.events].filter(([at]) => at >= node.startIndex && at < node.endIndex).sort((a, b) => a[0] - b[0]).map(([, f]) => f));
  }

  private statementFlow(node: Node): Flow | undefined {
    const field = (name: string) => node.childForFieldName(name);
    switch (node.type) {
      case "compound_statement":
        return this.seq(namedChildren(node).map((c) => this.any(c)));
      case "expression_statement":
        return this.expression(node.namedChild(0));
      case "if_statement": {
        const alternative = field("alternative");
        const elseBody = alternative?.type === "else_clause" ? alternative.namedChild(0) : alternative;
        return this.seq([this.expression(field("condition")), { kind: "branch", arms: [this.statement(field("consequence")) ?? EMPTY, this.statement(elseBody) ?? EMPTY] }]);
      }
      case "while_statement":
        return this.loop(true, field("condition"), field("body"), null);
      case "do_statement":
        return this.loop(false, field("condition"), field("body"), null);
      case "for_statement":
        return this.seq([this.any(field("initializer")), this.loop(true, field("condition"), field("body"), field("update"))]);
      case "switch_statement": {
        const body = field("body");
        const cases = body ? namedChildren(body).filter((c) => c.type === "case_statement") : [];
        return {
          kind: "switch",
          head: this.expression(field("condition")) ?? EMPTY,
          cases: cases.map((c) => this.seq(namedChildren(c).filter((s) => s.id !== c.childForFieldName("value")?.id).map((s) => this.any(s)))),
          hasDefault: cases.some((c) => !c.childForFieldName("value")),
        };
      }
      case "return_statement":
        return { kind: "jump", to: "return", value: this.expression(node.namedChild(0)) ?? EMPTY };
      case "break_statement":
        return { kind: "jump", to: "break", value: EMPTY };
      case "continue_statement":
        return { kind: "jump", to: "continue", value: EMPTY };
      case "goto_statement":
        return { kind: "jump", to: "goto", value: EMPTY, label: field("label")?.text ?? "" };
      case "labeled_statement": {
        const label = field("label");
        const body = namedChildren(node).find((c) => c.id !== label?.id);
        return { kind: "label", label: label?.text ?? "", body: this.statement(body) ?? EMPTY };
      }
      default:
        return this.seq(namedChildren(node).map((c) => this.any(c)));
    }
  }

  private loop(testFirst: boolean, condition: Node | null, body: Node | null, update: Node | null): Flow {
    const c = condition && unparenthesize(condition);
    const infinite = !c || c.text === "1" || c.text === "true";
    return {
      kind: "loop",
      testFirst,
      infinite,
      test: this.expression(condition) ?? EMPTY,
      body: this.statement(body) ?? EMPTY,
      update: this.expression(update) ?? EMPTY,
    };
  }

  private any(node: Node | null): Flow | undefined {
    if (!node) return undefined;
    return node.type.endsWith("_statement") || node.type === "declaration" ? this.statement(node) : this.expression(node);
  }

  expression(node: Node | null | undefined): Flow | undefined {
    if (!node || !this.relevant(node)) return undefined;
    if (this.depth > MAX_DEPTH) return this.flat(node);
    this.depth++;
    try {
      return this.expressionFlow(node);
    } finally {
      this.depth--;
    }
  }

  private expressionFlow(node: Node): Flow | undefined {
    switch (node.type) {
      case "call_expression": {
        const fn = node.childForFieldName("function");
        return this.seq([
          fn?.type === "identifier" ? undefined : this.expression(fn),
          ...callArguments(node).map((a) => this.any(a)),
          this.events.get(node.startIndex),
        ]);
      }
      case "conditional_expression":
        return this.seq([
          this.expression(node.childForFieldName("condition")),
          { kind: "branch", arms: [this.expression(node.childForFieldName("consequence")) ?? EMPTY, this.expression(node.childForFieldName("alternative")) ?? EMPTY] },
        ]);
      case "binary_expression": {
        const op = node.childForFieldName("operator")?.text;
        if (op !== "&&" && op !== "||") break;
        return this.seq([this.expression(node.childForFieldName("left")), { kind: "branch", arms: [this.expression(node.childForFieldName("right")) ?? EMPTY, EMPTY] }]);
      }
    }
    return this.seq(namedChildren(node).map((c) => this.any(c)));
  }
}

// ---------------------------------------------------------------------------------------------
// Running a flow over sets of line states.

interface Hooks {
  output(at: number, before: number): number;
  call(callee: string, at: number, before: number): number;
}

class Interpreter {
  private readonly breaks: number[] = [];
  private readonly continues: number[] = [];
  private returns = 0;
  private labelsIn = new Map<string, number>();
  private gotos = new Map<string, number>();
  constructor(private readonly hooks: Hooks) {}

  /** The states at the function's end, from the states at its entry; labels are iterated to a fixed point. */
  runFunction(body: Flow, entry: number): number {
    for (;;) {
      this.returns = 0;
      this.gotos = new Map();
      const out = this.run(body, entry) | this.returns;
      let grew = false;
      for (const [label, states] of this.gotos) {
        const old = this.labelsIn.get(label) ?? 0;
        if ((old | states) !== old) {
          this.labelsIn.set(label, old | states);
          grew = true;
        }
      }
      if (!grew) return out;
    }
  }

  private run(f: Flow, s: number): number {
    switch (f.kind) {
      case "seq":
        for (const item of f.items) s = this.run(item, s);
        return s;
      case "output":
        return this.hooks.output(f.at, s);
      case "call":
        return s === 0 ? 0 : this.hooks.call(f.callee, f.at, s);
      case "branch": {
        let out = 0;
        for (const arm of f.arms) out |= this.run(arm, s);
        return out;
      }
      case "loop": {
        let head = s;
        for (;;) {
          this.breaks.push(0);
          this.continues.push(0);
          let exit: number;
          let next: number;
          if (f.testFirst) {
            const tested = this.run(f.test, head);
            const bodyOut = this.run(f.body, tested);
            next = this.run(f.update, bodyOut | this.continues.pop()!);
            exit = f.infinite ? 0 : tested;
          } else {
            const bodyOut = this.run(f.body, head);
            next = this.run(f.test, bodyOut | this.continues.pop()!);
            exit = f.infinite ? 0 : next;
          }
          exit |= this.breaks.pop()!;
          const newHead = head | next;
          if (newHead === head) return exit;
          head = newHead;
        }
      }
      case "switch": {
        const h = this.run(f.head, s);
        this.breaks.push(0);
        let fall = 0;
        for (const c of f.cases) fall = this.run(c, h | fall);
        return fall | this.breaks.pop()! | (f.hasDefault ? 0 : h);
      }
      case "jump": {
        const v = this.run(f.value, s);
        const top = (stack: number[]) => {
          if (stack.length > 0) stack[stack.length - 1]! |= v;
        };
        if (f.to === "break") top(this.breaks);
        else if (f.to === "continue") top(this.continues);
        else if (f.to === "return") this.returns |= v;
        else this.gotos.set(f.label!, (this.gotos.get(f.label!) ?? 0) | v);
        return 0;
      }
      case "label":
        return this.run(f.body, s | (this.labelsIn.get(f.label) ?? 0));
    }
  }
}

function applyEffect(effect: OutputEffect, before: number): number {
  if (before === 0) return 0;
  let after = 0;
  if (effect.endings & PRINTS_NOTHING) after |= before;
  if (effect.endings & ENDS_LINE) after |= CLOSED;
  if (effect.endings & LEAVES_OPEN) {
    // pr_cont() leaves open whichever line it continued.
    after |= effect.fixed === "continues" ? before & (OPEN_STDOUT | OPEN_STDERR) || OPEN_STDOUT : openBit(effect.stream);
  }
  return after;
}

function place(effect: OutputEffect, before: number): Omit<Placement, "report"> {
  if (effect.fixed) return { continues: effect.fixed === "continues", undecided: false };
  // A line left open by the other stream is not this output's line: the kernel log has one line
  // open at a time, and a stderr message must not be glued onto a half-built stdout line.
  const continuing = before & openBit(effect.stream);
  const starting = before & ~openBit(effect.stream);
  if (!continuing) return { continues: false, undecided: false };
  return { continues: true, undecided: starting !== 0 };
}

// ---------------------------------------------------------------------------------------------

interface OutputSite {
  call: Node;
  effect: OutputEffect;
  fn: string | undefined;
}

function buildModel(program: ProgramFacts): LineModel {
  const sites = new Map<number, OutputSite>();
  for (const c of program.callsNamed(OUTPUT_FUNCTIONS)) {
    const effect = EFFECTS.get(c.name)!(callArguments(c.call), program);
    if (effect) sites.set(c.call.startIndex, { call: c.call, effect, fn: undefined });
  }
  const starts: LineModel = { placement: () => ({ continues: false, undecided: false, report: false }) };
  // Where every piece of output ends its line, every line is closed everywhere: nothing to analyse.
  if (![...sites.values()].some((s) => s.effect.endings & LEAVES_OPEN)) return starts;

  // The functions that print, and every function that calls one of them, are the ones that move the line.
  const definitionNames = new Map<number, string | undefined>();
  const enclosing = (node: Node): string | undefined => {
    for (let n: Node | null = node.parent; n; n = n.parent) {
      if (n.type !== "function_definition") continue;
      if (!definitionNames.has(n.id)) {
        const name = declaratorName(functionDeclarator(n))?.text;
        definitionNames.set(n.id, name !== undefined && program.functions.get(name)?.node.id === n.id ? name : undefined);
      }
      return definitionNames.get(n.id);
    }
    return undefined;
  };
  const printing = new Set<string>();
  for (const site of sites.values()) {
    site.fn = enclosing(site.call);
    if (site.fn) printing.add(site.fn);
  }
  let fresh = new Set(printing);
  while (fresh.size > 0) {
    const found = program.callsNamed(fresh);
    fresh = new Set();
    for (const c of found) {
      const caller = enclosing(c.call);
      if (caller && !printing.has(caller)) {
        printing.add(caller);
        fresh.add(caller);
      }
    }
  }
  const calls = program.callsNamed(printing);

  // One flow per printing function, in source order: helpers usually come before their callers,
  // so the fixed points below settle in few rounds.
  const order = [...printing].sort((a, b) => program.functions.get(a)!.node.startIndex - program.functions.get(b)!.node.startIndex);
  const flows = new Map<string, Flow>();
  const callers = new Map<string, number>();
  const eventsOf = new Map<string, Map<number, Flow>>(order.map((f) => [f, new Map()]));
  for (const site of sites.values()) if (site.fn) eventsOf.get(site.fn)!.set(site.call.startIndex, { kind: "output", at: site.call.startIndex });
  for (const c of calls) {
    const caller = enclosing(c.call);
    if (!caller) continue;
    eventsOf.get(caller)!.set(c.call.startIndex, { kind: "call", callee: c.name, at: c.call.startIndex });
    callers.set(c.name, (callers.get(c.name) ?? 0) + 1);
  }
  for (const name of order) {
    const body = program.functions.get(name)!.body;
    const events = eventsOf.get(name)!;
    const marks = [...events.keys(), ...descendants(body, JUMPS).map((j) => j.startIndex)].sort((a, b) => a - b);
    flows.set(name, new FlowBuilder(marks, events).statement(body) ?? EMPTY);
  }

  // Per function and per entry state, the states at its end. Starting from nothing and growing,
  // recursion settles too.
  const summaries = new Map<string, number[]>(order.map((f) => [f, ELEMENTS.map(() => 0)]));
  const applySummary = (callee: string, before: number) => {
    const summary = summaries.get(callee)!;
    let out = 0;
    ELEMENTS.forEach((e, i) => {
      if (before & e) out |= summary[i]!;
    });
    return out;
  };
  const outputHook = (at: number, before: number) => applyEffect(sites.get(at)!.effect, before);
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of order) {
      const summary = summaries.get(name)!;
      ELEMENTS.forEach((e, i) => {
        const out = new Interpreter({ output: outputHook, call: (callee, _at, before) => applySummary(callee, before) }).runFunction(flows.get(name)!, e);
        if (out !== summary[i]) {
          summary[i] = out;
          changed = true;
        }
      });
    }
  }

  // Entry states: a closed line where the kernel or an unknown caller enters (module init and
  // exit, functions used through a pointer), and the states at every call from the program.
  const pointers = addressTaken(program, printing);
  const entries = new Map<string, number>(order.map((f) => [f, callers.has(f) && !pointers.has(f) ? 0 : CLOSED]));
  const before = new Map<number, number>();
  for (let changed = true; changed; ) {
    changed = false;
    before.clear();
    for (const name of order) {
      const interpreter = new Interpreter({
        output: (at, s) => {
          before.set(at, (before.get(at) ?? 0) | s);
          return outputHook(at, s);
        },
        call: (callee, _at, s) => {
          const old = entries.get(callee)!;
          if ((old | s) !== old) {
            entries.set(callee, old | s);
            changed = true;
          }
          return applySummary(callee, s);
        },
      });
      interpreter.runFunction(flows.get(name)!, entries.get(name)!);
    }
  }

  // Placements, and which undecided ones to report: the first of each run, in source order.
  const placements = new Map<number, Placement>();
  let previousUndecided: { fn: string | undefined } | undefined;
  for (const [at, site] of [...sites].sort((a, b) => a[0] - b[0])) {
    const p = place(site.effect, site.fn ? (before.get(at) ?? 0) : CLOSED);
    const report = p.undecided && !(previousUndecided && previousUndecided.fn === site.fn);
    previousUndecided = p.undecided ? { fn: site.fn } : undefined;
    placements.set(at, { ...p, report });
  }
  return { placement: (call) => placements.get(call.startIndex) ?? { continues: false, undecided: false, report: false } };
}

/** Functions named somewhere other than a call or a declarator: through that pointer, anyone can call them. */
function addressTaken(program: ProgramFacts, names: ReadonlySet<string>): Set<string> {
  const taken = new Set<string>();
  for (const m of program.source.matchAll(new RegExp(`\\b(?:${[...names].join("|")})\\b`, "g"))) {
    if (taken.has(m[0])) continue;
    const id = program.root.descendantForIndex(m.index, m.index + m[0].length);
    if (id?.type !== "identifier" || id.startIndex !== m.index || id.endIndex !== m.index + m[0].length) continue;
    const parent = id.parent;
    if (parent?.type === "function_declarator") continue;
    if (parent?.type === "call_expression" && parent.startIndex === id.startIndex) continue;
    taken.add(m[0]);
  }
  return taken;
}
