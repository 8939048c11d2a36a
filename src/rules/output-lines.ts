// Which output calls write whole log lines and which go through their stream's line buffer: data flow over each function's output, across calls.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "../analysis/program.js";
import type { Facts, RuleContext } from "../core/rule.js";
import type { FlowGraphs } from "../analysis/flow/graph.js";
import { type Lattice, solveFunction } from "../analysis/flow/solve.js";
import { callArguments, calleeName, declaratorName, descendants, functionDeclarator, unparenthesize } from "../core/syntax.js";
import { functionsUsedAsValues, indirectCalls } from "../analysis/indirect-calls.js";
import { constantValue } from "../analysis/long-loops.js";
import { LINE_PART_BYTES } from "../core/log-lines.js";
import { freshName, wordsOf } from "./added-code.js";
import { macroDefinitions } from "../analysis/macro-bodies.js";
import { charEndings, ENDS_LINE, type Endings, LEAVES_OPEN, PRINTS_NOTHING, textEndings } from "./printk-formats.js";

/*
 * printk() ends a log record at each "\n": the log is a list of lines, each with a level, while
 * stdout and stderr are streams of bytes that stdio cuts into lines only when they are read. A
 * printf() whose text is a whole line (nothing of the line before it, a "\n" at its end) maps onto
 * one record: it stays the article's pr_info(). Anything else (a line built by several calls,
 * across a loop, a branch or a helper; a format that is not a literal; a character that may be
 * '\n') goes through a line buffer in the module, one per stream, which logs each line whole at
 * the stream's level when its "\n" arrives, and what is left when init returns, as stdio flushes
 * at exit (output-line-buffers). The model below tracks, for each point of each function and each
 * stream, whether that stream's line can be open there, and answers per output call.
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

/** How an output call reaches the log. */
export interface Route {
  /** `whole`: the call writes whole lines onto a closed line, a pr_*() of its own; `buffered`: through its stream's line buffer. */
  way: "whole" | "buffered";
  /** Why it is buffered, for the explanation. */
  reason?: "open-before" | "leaves-open" | "long" | "count";
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
  // Bytes, not a format: where they end is not read from them, so the call always goes through the buffer.
  ["fwrite", (a) => withStream(a[3], { endings: LEAVES_OPEN | ENDS_LINE })],
  ["putchar", (a) => ({ stream: "stdout", endings: charEndings(a[0]) })],
  ["putc", (a) => withStream(a[1], { endings: charEndings(a[0]) })],
  ["fputc", (a) => withStream(a[1], { endings: charEndings(a[0]) })],
  // A va_list's format is known only to the caller: its text can end anywhere, so it always goes through the buffer.
  ["vprintf", (a, p) => ({ stream: "stdout", endings: textEndings(a[0], p) | LEAVES_OPEN })],
  ["vfprintf", (a, p) => withStream(a[0], { endings: textEndings(a[1], p) | LEAVES_OPEN })],
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
  route(call: Node): Route;
  /** The streams with at least one call through a line buffer. */
  buffered: ReadonlySet<Stream>;
  /** The name of each stream's print function (printf()'s arguments), chosen once from the program's words. */
  printer(stream: Stream): string;
  /** The streams with a call other than vprintf()/vfprintf() through the line buffer, which uses the print function. */
  printed: ReadonlySet<Stream>;
  /** The streams vprintf() or vfprintf() writes to, which need a print function that takes a va_list. */
  vbuffered: ReadonlySet<Stream>;
  /** The name of each stream's print function that takes vprintf()'s arguments (a format and a va_list). */
  vprinter(stream: Stream): string;
}

/** Whether nothing reads an expression's value: a statement of its own, the left of a comma, a cast to void, a for loop's update. */
export function valueDiscarded(expr: Node): boolean {
  const parent = expr.parent;
  if (!parent) return true;
  switch (parent.type) {
    case "expression_statement":
      return true;
    case "parenthesized_expression":
      return valueDiscarded(parent);
    case "comma_expression":
      return parent.childForFieldName("left")?.id === expr.id || valueDiscarded(parent);
    case "cast_expression":
      return parent.childForFieldName("type")?.text.replace(/\s+/g, "") === "void";
    // An arm of `c ? f() : g()` whose value nothing reads (the condition's value is read).
    case "conditional_expression":
      return parent.childForFieldName("condition")?.id !== expr.id && valueDiscarded(parent);
    case "for_statement":
      return parent.childForFieldName("update")?.id === expr.id;
  }
  return false;
}

/** The calls whose result is the count of bytes written, as the line buffer's print function returns it. */
const COUNTED_FUNCTIONS: ReadonlySet<string> = new Set(["printf", "fprintf"]);

/** The calls that print a va_list: their print function takes one. */
export const VPRINT_FUNCTIONS: ReadonlySet<string> = new Set(["vprintf", "vfprintf"]);

const models = new WeakMap<ProgramFacts, LineModel>();

/** The line model of the text a phase works on, computed once for all the output rules of that phase. */
export function lineModel(facts: Facts): LineModel {
  let model = models.get(facts.program);
  if (!model) {
    const routes = new Map<number, Route>();
    const buffered = new Set<Stream>();
    const streamRoutesByStream = new Map<Stream, Map<number, Route>>();
    for (const stream of ["stdout", "stderr"] as const) {
      const found = streamRoutes(facts.program, facts.flow, stream);
      // A printf() whose count the program reads: pr_info() returns the count without the '\n'
      // printk() takes off, the line buffer returns vsnprintf()'s, which is printf()'s.
      for (const c of facts.program.libraryCallsNamed(COUNTED_FUNCTIONS)) {
        if (valueDiscarded(c.call) || found.get(c.call.startIndex)?.way === "buffered") continue;
        if (EFFECTS.get(c.name)!(callArguments(c.call), facts.program)?.stream === stream) found.set(c.call.startIndex, { way: "buffered", reason: "count" });
      }
      streamRoutesByStream.set(stream, found);
      for (const [at, route] of found) {
        routes.set(at, route);
        if (route.way === "buffered") buffered.add(stream);
      }
    }
    // A macro that prints a format its uses give: the lines it ends are its uses' to say, and the
    // stream's line buffer takes any format at run time (printMacro sends the body's call there).
    if (!facts.macroBodiesOf) for (const stream of macroFormatStreams(facts.program)) buffered.add(stream);
    const vbuffered = new Set<Stream>();
    const vcalls = new Set<number>();
    for (const c of facts.program.libraryCallsNamed(VPRINT_FUNCTIONS)) {
      const stream = EFFECTS.get(c.name)!(callArguments(c.call), facts.program)?.stream;
      if (stream) vbuffered.add(stream);
      vcalls.add(c.call.startIndex);
    }
    const printed = new Set<Stream>();
    for (const stream of ["stdout", "stderr"] as const) {
      if (buffered.has(stream) && [...(streamRoutesByStream.get(stream) ?? [])].some(([at, route]) => route.way === "buffered" && !vcalls.has(at))) printed.add(stream);
    }
    const taken = wordsOf(facts.source);
    const names = { stdout: freshName(["print_stdout", "module_print_stdout"], taken), stderr: freshName(["print_stderr", "module_print_stderr"], taken) };
    const vnames = { stdout: freshName(["vprint_stdout", "module_vprint_stdout"], taken), stderr: freshName(["vprint_stderr", "module_vprint_stderr"], taken) };
    model = {
      route: (call) => routes.get(call.startIndex) ?? { way: "whole" },
      buffered,
      printer: (stream) => names[stream],
      printed,
      vbuffered,
      vprinter: (stream) => vnames[stream],
    };
    models.set(facts.program, model);
  }
  return model;
}

/**
 * The streams a function-like macro prints a format to that is one of its parameters:
 * `#define LOG(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)`, `#define SAY(...) printf(__VA_ARGS__)`,
 * `#define WARN(...) fprintf(stderr, "warning: " __VA_ARGS__)`.
 */
function macroFormatStreams(program: ProgramFacts): Set<Stream> {
  const out = new Set<Stream>();
  if (!program.source.includes("define")) return out;
  for (const d of macroDefinitions(program)) {
    if (d.type !== "preproc_function_def" || !program.isCompiled(d.startIndex)) continue;
    const parameters = new Set((d.childForFieldName("parameters")?.text.match(/[A-Za-z_]\w*|\.\.\./g) ?? []).map((p) => (p === "..." ? "__VA_ARGS__" : p)));
    const body = d.childForFieldName("value")?.text ?? "";
    // The format may start with literals the parameter is joined to (`"x: " __VA_ARGS__`, `PREFIX fmt`).
    for (const m of body.matchAll(/\bprintf\s*\(\s*(?:"(?:[^"\\\n]|\\.)*"\s*)*([A-Za-z_]\w*)|\bfprintf\s*\(\s*(stdout|stderr)\s*,\s*(?:"(?:[^"\\\n]|\\.)*"\s*)*([A-Za-z_]\w*)/g)) {
      if (parameters.has(m[1] ?? m[3]!)) out.add((m[2] as Stream | undefined) ?? "stdout");
    }
  }
  return out;
}

/**
 * What an output call becomes: `level` (pr_info, pr_err) where it writes whole lines onto a closed
 * line, the stream's print function (output-line-buffers) where it does not.
 */
export function printMacro(ctx: RuleContext, call: Node, level: string): string {
  const stream = level === "pr_err" || level === "pr_warn" ? "stderr" : "stdout";
  const program = ctx.facts.macroBodiesOf;
  if (program) {
    // A macro's output lands wherever the macro is used: through the stream's buffer where the
    // program has one (it keeps every line in order), whole where every line is whole; a macro that
    // leaves a line open in a program with no buffer is refused, since the lines around its uses would break.
    const programModel = lineModel(program);
    if (programModel.buffered.has(stream)) return programModel.printer(stream);
    if (lineModel(ctx.facts).route(call).way !== "whole") {
      ctx.report("K2022", `${calleeName(call) ?? "this call"}() in a macro body leaves a line open, and the program writes only whole lines elsewhere`, call, {
        note: "end the line in the macro, or write the output the macro adds to in code rather than in a #define",
      });
    }
    return level;
  }
  const model = lineModel(ctx.facts);
  if (model.route(call).way === "whole") return level;
  return model.printer(stream);
}

/** What each reason a route is buffered means, said of the call, for the explain report. */
const BUFFERED_BECAUSE: Record<NonNullable<Route["reason"]>, string> = {
  "open-before": "goes through the line buffer: on some path a line is still open when it runs, so its text continues that line",
  "leaves-open": "goes through the line buffer: on some path its text does not end in \\n, so the line stays open for the output after it",
  long: "goes through the line buffer: its line may be longer than one log record holds, and the buffer logs it in parts",
  count: "goes through the line buffer: the program uses the count of bytes it returns, which the buffer's print function gives as printf() does (pr_info() would leave out the \\n)",
};

/** Why the call goes through its stream's line buffer, for the edit that makes it do so; undefined for a whole-line call. */
export function bufferedWhy(ctx: RuleContext, call: Node): string | undefined {
  // A call in a macro body prints wherever the macro is used: no one reason holds for it.
  if (ctx.facts.macroBodiesOf) return undefined;
  const route = lineModel(ctx.facts).route(call);
  if (route.way === "whole" || !route.reason) return undefined;
  return `${calleeName(call) ?? "this call"}() ${BUFFERED_BECAUSE[route.reason]}`;
}

/** Output to a FILE * other than stdout and stderr: a module has no file for it to go to. */
export function reportOtherStream(ctx: RuleContext, call: Node, name: string, stream: Node | undefined): void {
  ctx.report("K2021", `${name}() writes to ${stream?.text ?? "a stream"}, which is neither stdout nor stderr`, stream ?? call, {
    note: "a module has no files: its output goes to the kernel log, which only stdout and stderr map to; write to stdout or stderr, or keep the file output out of the program",
  });
}

// Line states form a lattice of bit sets: union is the join, the empty set is no path.
const LINE_STATES: Lattice<number> = { bottom: 0, join: (a, b) => a | b, equals: (a, b) => a === b };

function applyEffect(effect: OutputEffect, before: number): number {
  if (before === 0) return 0;
  let after = 0;
  if (effect.endings & PRINTS_NOTHING) after |= before;
  if (effect.endings & ENDS_LINE) after |= CLOSED;
  if (effect.endings & LEAVES_OPEN) after |= openBit(effect.stream);
  return after;
}

function routeOf(effect: OutputEffect, before: number): Route {
  if (before & ~CLOSED) return { way: "buffered", reason: "open-before" };
  if (effect.endings !== ENDS_LINE) return { way: "buffered", reason: "leaves-open" };
  return { way: "whole" };
}

// ---------------------------------------------------------------------------------------------

interface OutputSite {
  call: Node;
  effect: OutputEffect;
  fn: string | undefined;
  /** It may print more than one log record holds. */
  long: boolean;
}

/**
 * The route of every call that writes to `stream` through stdio. Kernel calls already in the text
 * (the unified exit's pr_err()) and the whole-line messages of perror()/err()/warn() log records of
 * their own and leave the stream's buffer as it was: they are not sites here.
 */
function streamRoutes(program: ProgramFacts, graphs: FlowGraphs, stream: Stream): Map<number, Route> {
  const sites = new Map<number, OutputSite>();
  for (const c of program.libraryCallsNamed(OUTPUT_FUNCTIONS)) {
    const effect = EFFECTS.get(c.name)!(callArguments(c.call), program);
    if (effect && effect.stream === stream && !effect.fixed) sites.set(c.call.startIndex, { call: c.call, effect, fn: undefined, long: printsLongArray(c.call, program) });
  }
  // Where every piece of output is a whole line, the line is closed everywhere: nothing to analyse.
  if (![...sites.values()].some((s) => s.effect.endings !== ENDS_LINE || s.long)) return new Map();

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
  const spread = (from: Set<string>) => {
    let fresh = from;
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
  };
  spread(new Set(printing));
  // A printing function whose address is taken (a callback, puts_function) may run wherever the
  // program calls through a pointer: such a call does what any of them may do, or nothing.
  const pointers = functionsUsedAsValues(program, printing);
  const indirect: ReadonlyMap<number, Node> = pointers.size === 0 ? new Map() : indirectCalls(program);
  if (indirect.size > 0) {
    const callingThrough = new Set<string>();
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name);
      if (fn && !printing.has(name) && descendants(fn.body, "call_expression").some((c) => indirect.has(c.id))) callingThrough.add(name);
    }
    for (const name of callingThrough) printing.add(name);
    spread(callingThrough);
  }
  const calls = program.callsNamed(printing);

  // The shared flow of each printing function, in source order: helpers usually come before their
  // callers, so the fixed points below settle in few rounds.
  const order = [...printing].sort((a, b) => program.functions.get(a)!.node.startIndex - program.functions.get(b)!.node.startIndex);
  const callers = new Map<string, number>();
  for (const c of calls) {
    if (enclosing(c.call)) callers.set(c.name, (callers.get(c.name) ?? 0) + 1);
  }
  const flowOf = (name: string) => graphs.of(name)!;
  /** The printing function a call event calls, when it is one. */
  const printingCallee = (node: Node) => {
    if (node.type !== "call_expression") return undefined;
    const name = node.childForFieldName("function");
    return name?.type === "identifier" && printing.has(name.text) ? name.text : undefined;
  };

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
  /** What an output call or a call of a printing function does to the line states. */
  const step = (node: Node, before: number, onCall?: (callee: string, before: number) => void) => {
    if (node.type !== "call_expression") return before;
    const site = sites.get(node.startIndex);
    if (site && site.call.id === node.id) return applyEffect(site.effect, before);
    const callee = printingCallee(node);
    if (!callee) {
      if (!indirect.has(node.id)) return before;
      let out = before;
      for (const p of pointers) out |= applySummary(p, before);
      return out;
    }
    onCall?.(callee, before);
    return applySummary(callee, before);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of order) {
      const summary = summaries.get(name)!;
      ELEMENTS.forEach((e, i) => {
        const out = solveFunction(flowOf(name), e, LINE_STATES, { event: (node, before) => step(node, before) });
        if (out !== summary[i]) {
          summary[i] = out;
          changed = true;
        }
      });
    }
  }

  // Entry states: a closed line where the kernel enters (module init and exit), any state where an
  // unknown caller may (a function used through a pointer: an atexit() handler runs after main()
  // may have left a line open), and the states at every call from the program.
  const ANY = ELEMENTS.reduce((a, e) => a | e, 0);
  const entries = new Map<string, number>(order.map((f) => [f, pointers.has(f) ? ANY : callers.has(f) ? 0 : CLOSED]));
  const before = new Map<number, number>();
  for (let changed = true; changed; ) {
    changed = false;
    before.clear();
    for (const name of order) {
      solveFunction(flowOf(name), entries.get(name)!, LINE_STATES, {
        event: (node, s) => {
          if (sites.get(node.startIndex)?.call.id === node.id) before.set(node.startIndex, (before.get(node.startIndex) ?? 0) | s);
          return step(node, s, (callee, s) => {
            const old = entries.get(callee)!;
            if ((old | s) !== old) {
              entries.set(callee, old | s);
              changed = true;
            }
          });
        },
      });
    }
  }

  const routes = new Map<number, Route>();
  for (const [at, site] of sites) routes.set(at, site.long ? { way: "buffered", reason: "long" } : routeOf(site.effect, site.fn ? (before.get(at) ?? 0) : CLOSED));
  return routes;
}

/**
 * Whether a call prints a char array that can hold more than one log record (about 1 KiB): a
 * single pr_info() would cut such a line, the line buffer logs it in parts. Arrays of a size the
 * port cannot read (a macro from a header) count as long; pointers are taken to be short strings.
 */
function printsLongArray(call: Node, program: ProgramFacts): boolean {
  for (const arg of callArguments(call).slice(1)) {
    const a = unparenthesize(arg);
    if (a.type !== "identifier") continue;
    const size = charArraySize(a, program);
    if (size !== undefined && !(size <= LINE_PART_BYTES)) return true;
  }
  return false;
}

/** The declared size of the char array `name` refers to (NaN when not a number the port can read); undefined when it is not one. */
function charArraySize(name: Node, program: ProgramFacts): number | undefined {
  for (let scope: Node | null = name.parent; scope; scope = scope.parent) {
    if (scope.type === "translation_unit") {
      // The file scope is read once per program: every call that prints an identifier would
      // otherwise scan every top-level declaration before it.
      const found = fileScopeCharArrays(scope, program).get(name.text);
      return found && found.declaration.startIndex <= name.startIndex ? arraySize(found.declarator, found.array, program) : undefined;
    }
    if (scope.type !== "compound_statement") continue;
    for (const d of scope.namedChildren) {
      if (d?.type !== "declaration") continue;
      if (d.startIndex > name.startIndex) break;
      for (const { declarator, array, id } of charArrayDeclarators(d)) if (id === name.text) return arraySize(declarator, array, program);
    }
  }
  return undefined;
}

interface CharArrayDeclarator {
  declaration: Node;
  declarator: Node;
  array: Node;
  id: string;
}

/** The char arrays one declaration declares (`char a[8], b[] = "x";`), in order. */
function* charArrayDeclarators(d: Node): Generator<CharArrayDeclarator> {
  const type = d.childForFieldName("type")?.text;
  if (type !== "char" && type !== "unsigned char" && type !== "signed char") return;
  for (const declarator of d.childrenForFieldName("declarator")) {
    const array: Node | null = declarator?.type === "init_declarator" ? declarator.childForFieldName("declarator") : declarator;
    if (array?.type !== "array_declarator") continue;
    const id = array.childForFieldName("declarator");
    if (id?.type === "identifier") yield { declaration: d, declarator: declarator!, array, id: id.text };
  }
}

function arraySize(declarator: Node, array: Node, program: ProgramFacts): number {
  const size = array.childForFieldName("size");
  if (size) return constantValue(size, program, size) ?? NaN;
  // `char s[] = "abc"`: sized by its initializer.
  const value = declarator.type === "init_declarator" ? declarator.childForFieldName("value") : null;
  if (value?.type === "string_literal") return value.text.length;
  if (value?.type === "initializer_list") return value.namedChildCount;
  return NaN;
}

const fileScopeArrays = new WeakMap<ProgramFacts, Map<string, CharArrayDeclarator>>();

/** The first file-scope char array declared under each name. */
function fileScopeCharArrays(root: Node, program: ProgramFacts): Map<string, CharArrayDeclarator> {
  let arrays = fileScopeArrays.get(program);
  if (arrays) return arrays;
  arrays = new Map();
  for (const d of root.namedChildren) {
    if (d?.type !== "declaration") continue;
    for (const found of charArrayDeclarators(d)) if (!arrays.has(found.id)) arrays.set(found.id, found);
  }
  fileScopeArrays.set(program, arrays);
  return arrays;
}

