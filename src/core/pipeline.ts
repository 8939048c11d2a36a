// The ordered phases of a port: parse -> analyze -> rewrite passes (re-parsing between them) -> the module text.
import type { Node, SyntaxTree as Tree } from "./syntax-tree.js";
import { buildFlowGraphs } from "../analysis/flow/graph.js";
import { analyzeExecutionContext } from "../analysis/context.js";
import { type MainExitPlan, planMainExits } from "../analysis/exit-paths.js";
import { type FlowExitPlan, functionsThatEnd, planFlowExits, planFlowHelpers } from "../analysis/exits.js";
import { exitsInMacros } from "../analysis/macro-exits.js";
import { functionsUsedAsValues } from "../analysis/indirect-calls.js";
import { planHelperExits } from "../analysis/failing-helpers.js";
import { planOptions } from "../analysis/options.js";
import { moduleNames, type ModuleNames } from "../analysis/module-names.js";
import type { MacroDefinition } from "../analysis/conditional-code.js";
import { portabilityProblems } from "../analysis/portability.js";
import { analyzeProgram, type CallFacts } from "../analysis/program.js";
import { fileOffset, macroBodies, type MacroBodies } from "../analysis/macro-bodies.js";
import { analyzeResources, type BodySummaries } from "../analysis/resources.js";
import { inferStyle } from "../analysis/style.js";
import { diagnostic, type Diagnostic, hasErrors, LineIndex } from "./diagnostics.js";
import { type AppliedEdit, applyEdits, EditConflictError, OffsetMap, type TextEdit } from "./edits.js";
import type { CLanguage } from "./parse.js";
import { grammarView, strayCharacterDiagnostic, syntaxDiagnostics } from "./parse.js";
import { type CodeFormatter, layOut, layoutChanges } from "./layout.js";
import { hasKernelBlockShape, isLicenceComment, kernelBlockComment } from "./comment-shape.js";
import { indentationAt } from "./syntax.js";
import { DEFAULT_TARGET, type PortTarget } from "./target.js";
import { type Facts, type FunctionRanges, isCallRule, type Rule, type RuleContext, type Target } from "./rule.js";

export interface PipelineOptions {
  /** Module name (`--name`). */
  name?: string;
  /** Input file name without directory or extension, a fallback for the module name. */
  fileStem?: string;
  /** Input file name without directory (`prog.c`), what __FILE__ names. */
  fileBase?: string;
  /**
   * Refuse calls and headers no rule in `phases` handles, and programs without main() (default
   * true). Rule tests that run one rule alone turn it off, since the other rules are not there.
   */
  checkPortability?: boolean;
  /** The output's style and kernel release (default: the article's minimal diff, for Linux 6.1). */
  target?: PortTarget;
  /**
   * Lays out the finished module in the kernel's style: clang-format (compiled to WASM) with the
   * configuration in layout.ts. Required when `target.style` is "kernel".
   */
  format?: CodeFormatter;
  /** The build's -D and -U (a compile_commands.json's): conditional code is judged as that build sees it. */
  defines?: readonly MacroDefinition[];
}

export interface PipelineResult {
  /** The module source, or undefined when an error diagnostic stopped the port. */
  output: string | undefined;
  names: ModuleNames | undefined;
  edits: AppliedEdit[];
  /** What the kernel style's layout changed (whitespace, re-wrapped comments), as edits from the program; empty in the minimal style. */
  layoutEdits?: AppliedEdit[];
  diagnostics: Diagnostic[];
  /** Ids of the rules that fired, in pipeline order. */
  rulesFired: string[];
  /** Kernel headers the fired rules need. */
  headersNeeded: string[];
}

/** Rules grouped into phases; each phase sees the text the previous one produced, parsed again. */
export type Phases = ReadonlyArray<ReadonlyArray<Rule>>;

type PlacedEdit = TextEdit & { outStart: number; outEnd: number };

export function runPipeline(language: CLanguage, source: string, phases: Phases, options: PipelineOptions): PipelineResult {
  const originalLines = new LineIndex(source);
  const diagnostics: Diagnostic[] = [];
  const fail = (): PipelineResult => ({
    output: undefined,
    names: undefined,
    edits: [],
    diagnostics: inSourceOrder(diagnostics),
    rulesFired: [],
    headersNeeded: [],
  });

  if (!/\S/.test(source)) {
    diagnostics.push(diagnostic("K0001", "the input is empty", undefined, { note: "give kernelize a C program with a main() function" }));
    return fail();
  }
  const nul = source.indexOf("\0");
  if (nul >= 0) {
    diagnostics.push(diagnostic("K0002", "the input contains NUL bytes: it is binary data, not C source", originalLines.range(nul, nul + 1)));
    return fail();
  }

  const checkPortability = options.checkPortability !== false;
  const handled = new Set(phases.flat().flatMap((r) => r.handles ?? (isCallRule(r) ? r.calls : [])));
  // Rules write "\n"; a file with CRLF line endings gets CRLF in the lines kernelize adds too.
  const crlf = source.includes("\r\n") && (source.match(/\r\n/g)?.length ?? 0) * 2 > (source.match(/\n/g)?.length ?? 0);
  const eol = (t: string) => (crlf ? t.replace(/\r?\n/g, "\r\n") : t);
  const fired = new Set<string>();
  const headers = new Set<string>();
  const applied: AppliedEdit[] = [];
  let text = source;
  let toOriginal = OffsetMap.identity(source.length);
  let names: ModuleNames | undefined;
  let tree = language.parse(grammarView(text));
  // The edits of the phases since `tree` was parsed, not yet given to it: a phase whose rules
  // answer from the text alone (with the function ranges carried over) never needs its tree, and
  // a port whose last phases find nothing to do is never parsed again.
  let unparsed: EditBatch[] = [];
  let textVersion = 0;
  const currentTree = (): Tree => {
    if (unparsed.length > 0) {
      tree = reparse(language, tree, unparsed, text);
      unparsed = [];
    }
    return tree;
  };
  // Where each function definition is in the current text, carried over the edits from the last facts that read them.
  let carriedRanges: FunctionRanges | undefined;
  // What each parse learns about a function from its text alone, kept for the next parse.
  const summaries: BodySummaries = new Map();
  const target = options.target ?? DEFAULT_TARGET;
  const active = phases.map((rules) => rules.filter((r) => !r.appliesTo || r.appliesTo(target, source)));
  let analyzed: { version: number; facts: Facts } | undefined;
  // The program as written is checked once, by the first phase that runs.
  let checked = false;

  try {
    for (let phase = 0; phase < phases.length; phase++) {
      active[phase] = active[phase]!.filter((r) => !r.wantedIn || r.wantedIn(text));
      if (active[phase]!.length === 0) continue;
      const mapRange = (start: number, end: number) => {
        const r = toOriginal.rangeToInput(start, end);
        return originalLines.range(r.start, r.end);
      };
      // A phase that changed nothing leaves the next one the same tree and text: the same facts,
      // with what was computed of them (the exit plans, the flow graphs) kept.
      const facts = analyzed?.version === textVersion ? analyzed.facts : analyze(language, currentTree, text, options, names, summaries, carriedRanges);
      analyzed = { version: textVersion, facts };
      // A phase that repairs what the grammar cannot read runs before the program is checked, and
      // its text's facts name nothing: the names are chosen from the program as the next phase reads it.
      const repairing = active[phase]!.every((r) => r.repairsSyntax);
      if (!repairing) names = facts.names;

      if (!checked && !repairing) {
        checked = true;
        // Text the module build's preprocessor removes is never compiled: its syntax is not the port's concern.
        const syntax = syntaxDiagnostics(currentTree(), originalLines).filter((d) => !d.range || facts.program.isCompiled(d.range.start));
        if (syntax.length === 0) {
          const stray = strayCharacterDiagnostic(text, originalLines, (offset) => facts.program.isCompiled(offset));
          if (stray) syntax.push(stray);
        }
        if (syntax.length > 0) {
          diagnostics.push(...syntax);
          return fail();
        }
        const program = facts.program;
        if (checkPortability && !program.main && !program.isModule) {
          diagnostics.push(
            diagnostic("K1001", "no main() function: kernelize ports whole programs", undefined, {
              note: "the module's init function is made from main(); give the file a main()",
            }),
          );
          return fail();
        }
        if (checkPortability && program.main && !program.isModule) {
          // The errno save/restore the exit plan folds away matters only to a program that names errno: the others skip the plan here.
          // Both plans fold the same saves and restores; the graph's finds them at any depth.
          const consumedErrno = text.includes("errno") ? new Set([...(facts.mainPlan?.consumedErrno ?? []), ...(facts.flowExitPlan?.consumedErrno ?? []), ...(facts.flowHelperPlan?.consumedErrno ?? [])]) : new Set<number>();
          for (const p of portabilityProblems(program, handled, consumedErrno, facts.flow, facts.optionsPlan?.removed ?? [])) {
            diagnostics.push(diagnostic(p.code, p.message, mapRange(p.node.startIndex, p.node.endIndex), { note: p.note }));
          }
          for (const m of text.includes("#") ? exitsInMacros(program, functionsThatEnd(program)) : []) {
            // A helper that can end the program returns an error in the module, which a call inside a macro body leaves unchecked.
            const what = m.helper ? `${m.call}() can end the program, and the macro ${m.macro} calls it in its body: wherever ${m.macro} is used, the module would run on after the program had ended` : `${m.call}() in the body of the macro ${m.macro} ends the program wherever ${m.macro} is used`;
            diagnostics.push(
              diagnostic("K1008", `${what}, which kernelize cannot make an error path yet`, mapRange(m.start, m.end), {
                note: m.helper ? `call ${m.call}() where ${m.macro} is used rather than in the macro's body` : `write the test where ${m.macro} is used (if (…) { …; ${m.call}(…); }), or make ${m.macro} a function`,
              }),
            );
          }
          for (const clash of [facts.names.init, facts.names.exit].filter((n) => program.functions.has(n))) {
            diagnostics.push(
              diagnostic("K1009", `the program already has a function named ${clash}()`, undefined, {
                note: "choose another module name with --name, or rename the program's function",
              }),
            );
          }
          // No return yet: phase 0's rules still run, so that their refusals are reported too.
        }
      }

      const edits: TextEdit[] = [];
      let claimedIndex: TextEdit[] = [];
      const callNames = new Set(active[phase]!.flatMap((r) => (isCallRule(r) ? r.calls : [])));
      const callsByName = new Map<string, CallFacts[]>();
      for (const c of callNames.size > 0 ? facts.program.libraryCallsNamed(callNames) : []) {
        const list = callsByName.get(c.name) ?? [];
        list.push(c);
        callsByName.set(c.name, list);
      }
      // Calls in #define bodies, which the grammar leaves as text: parsed on their own, once per phase that has call rules.
      let macroCallsOfPhase: MacroCalls | null | undefined;
      const macroCalls = (): MacroCalls | undefined => {
        if (macroCallsOfPhase === undefined) macroCallsOfPhase = findMacroCalls(language, facts, callNames, options, names, summaries) ?? null;
        return macroCallsOfPhase ?? undefined;
      };
      for (const rule of active[phase]!) {
        let ruleFired = false;
        const offsets = (t: Target) => ("startIndex" in t ? { start: t.startIndex, end: t.endIndex } : t);
        const ctx: RuleContext = {
          facts,
          headersNeeded: headers,
          replace(target, replacement, why) {
            const { start, end } = offsets(target);
            edits.push({ start, end, text: eol(replacement), ruleId: rule.id, ...(why ? { why } : {}) });
            ruleFired = true;
          },
          insert(offset, insertion) {
            edits.push({ start: offset, end: offset, text: eol(insertion), ruleId: rule.id });
            ruleFired = true;
          },
          remove(target) {
            const { start, end } = offsets(target);
            edits.push({ start, end, text: "", ruleId: rule.id });
            ruleFired = true;
          },
          report(code, message, target, extra = {}) {
            const { start, end } = offsets(target);
            diagnostics.push(diagnostic(code, message, mapRange(start, end), { ...extra, ruleId: rule.id }));
          },
          use() {
            ruleFired = true;
          },
          claimed(start, end) {
            // Sorted once per batch of new edits: a tidying rule asks once per candidate.
            if (claimedIndex.length !== edits.length) claimedIndex = [...edits].sort((a, b) => a.start - b.start);
            let lo = 0;
            let hi = claimedIndex.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              if (claimedIndex[mid]!.start < start) lo = mid + 1;
              else hi = mid;
            }
            const before = claimedIndex[lo - 1];
            if (before && before.end > start) return true;
            const next = claimedIndex[lo];
            return next !== undefined && next.start < end;
          },
          gfpFor: (node: Node) => facts.context.gfpFor(node),
          libraryCalls: handled,
        };
        if (isCallRule(rule)) {
          for (const name of rule.calls) for (const match of callsByName.get(name) ?? []) rule.rewrite(match, ctx);
          const inMacros = macroCalls();
          if (inMacros) {
            const macroCtx = macroContext(ctx, inMacros, rule.id, diagnostics);
            for (const name of rule.calls) for (const match of inMacros.calls.get(name) ?? []) rule.rewrite(match, macroCtx);
          }
        } else {
          rule.run(ctx);
        }
        if (ruleFired) {
          fired.add(rule.id);
          for (const h of rule.headers) headers.add(h);
        }
      }
      if (macroCallsOfPhase) macroCallsOfPhase.tree.delete();
      if (hasErrors(diagnostics)) return fail();

      let result;
      try {
        result = applyEdits(text, edits);
      } catch (e) {
        if (e instanceof EditConflictError) {
          // Two rules claimed the same text: a bug in kernelize, reported where it happened.
          diagnostics.push(diagnostic("K0004", `internal error: ${e.message}`, mapRange(e.second.start, e.second.end), { note: "two rules changed the same text; please report this program" }));
          return fail();
        }
        throw e;
      }
      for (const p of result.placed) {
        // Object.assign, not a spread: the same object, much faster over tens of thousands of edits.
        const a = Object.assign({}, p) as PlacedEdit & AppliedEdit;
        a.source = toOriginal.rangeToInput(p.start, p.end);
        a.output = { start: p.outStart, end: p.outEnd };
        a.phase = phase;
        applied.push(a);
      }
      // Earlier phases' output ranges shift with each later phase; keep them pointing into the final text.
      for (const a of applied) {
        if (a.phase === phase) continue;
        a.output = { start: shift(result.placed, a.output.start, false), end: shift(result.placed, a.output.end, true) };
      }
      toOriginal = result.map.compose(toOriginal);
      if (result.placed.length > 0) {
        carriedRanges = carryRanges(facts.functionRanges(), result.placed);
        unparsed.push({ before: text, placed: result.placed });
        text = result.text;
        textVersion++;
      }
    }
  } finally {
    tree.delete();
  }
  const layout: AppliedEdit[] = [];
  if (target.style === "kernel") {
    if (!options.format) throw new Error("the kernel style needs a formatter (options.format)");
    try {
      const before = text;
      text = layOut(text, applied, options.format, (laidOut) => blockCommentsShaped(language, laidOut));
      // What the layout changed, as edits from the program: no rule's, so not among the rules'
      // edits; a map from the module's lines to the program's needs them (a re-wrapped comment
      // has more lines than it had).
      for (const c of layoutChanges(before, text)) {
        layout.push({ start: c.start, end: c.end, text: text.slice(c.outStart, c.outEnd), ruleId: "layout", source: toOriginal.rangeToInput(c.start, c.end), output: { start: c.outStart, end: c.outEnd }, phase: phases.length });
      }
    } catch (e) {
      // clang-format gives up on some inputs (nesting hundreds deep): the module is still right, only not laid out.
      diagnostics.push(
        diagnostic("K0005", `clang-format could not lay out the module (${(e as Error).message.trim() || "no reason given"}); it is written in the program's own layout`, undefined, {
          note: "run clang-format with the kernel's .clang-format on the module yourself, or simplify the code it stopped at",
        }),
      );
    }
  }
  return { output: text, names, edits: applied, layoutEdits: layout, diagnostics: inSourceOrder(diagnostics), rulesFired: [...fired], headersNeeded: [...headers] };
}

/**
 * The laid-out module with every /* … *\/ comment that spans lines in the kernel's block shape:
 * the layout breaks a trailing comment that no longer fits once the code before it is indented
 * with tabs, after block-comments-kernel-format has looked at it.
 */
function blockCommentsShaped(language: CLanguage, text: string): string {
  const tree = language.parse(grammarView(text));
  try {
    const edits: TextEdit[] = [];
    for (const c of tree.rootNode.descendantsOfType("comment")) {
      if (!c) continue;
      const comment = text.slice(c.startIndex, c.endIndex);
      if (!comment.startsWith("/*") || !comment.includes("\n") || hasKernelBlockShape(comment) || isLicenceComment(comment)) continue;
      const shaped = kernelBlockComment(comment, indentationAt(text, c.startIndex));
      if (shaped !== undefined) edits.push({ start: c.startIndex, end: c.endIndex, text: shaped, ruleId: "block-comments-kernel-format" });
    }
    return edits.length === 0 ? text : applyEdits(text, edits).text;
  } finally {
    tree.delete();
  }
}

/** The library calls in the program's macro bodies, with the facts of the text they were parsed from. */
interface MacroCalls {
  shadow: MacroBodies;
  tree: Tree;
  facts: Facts;
  calls: Map<string, CallFacts[]>;
}

function findMacroCalls(language: CLanguage, facts: Facts, callNames: ReadonlySet<string>, options: PipelineOptions, names: ModuleNames | undefined, summaries: BodySummaries): MacroCalls | undefined {
  if (callNames.size === 0) return undefined;
  const shadow = macroBodies(facts.program, (t) => language.parse(t));
  if (!shadow) return undefined;
  const tree = language.parse(shadow.text);
  const shadowFacts = analyze(language, () => tree, shadow.text, options, names, summaries, undefined);
  shadowFacts.macroBodiesOf = facts;
  shadowFacts.macroFileOffset = (offset) => fileOffset(shadow, offset);
  const calls = new Map<string, CallFacts[]>();
  // A name the program defines (a function or a macro) is the program's, in a macro body as anywhere.
  const library = new Set([...callNames].filter((n) => !facts.program.functions.has(n) && !facts.program.macros.has(n)));
  for (const c of shadowFacts.program.libraryCallsNamed(library)) {
    if (fileOffset(shadow, c.call.startIndex) === undefined) continue;
    calls.set(c.name, [...(calls.get(c.name) ?? []), c]);
  }
  if (calls.size === 0) {
    tree.delete();
    return undefined;
  }
  return { shadow, tree, facts: shadowFacts, calls };
}

/**
 * A rule's context for calls in macro bodies: its edits land on the same characters of the file,
 * on one line (a newline would end the #define), and an edit outside the bodies (code a rule adds
 * elsewhere) is refused with a diagnostic rather than applied to the wrong text.
 */
function macroContext(ctx: RuleContext, found: MacroCalls, ruleId: string, diagnostics: Diagnostic[]): RuleContext {
  const offsets = (t: Target) => ("startIndex" in t ? { start: t.startIndex, end: t.endIndex } : t);
  const range = (t: Target): { start: number; end: number } | undefined => {
    const { start, end } = offsets(t);
    const s = fileOffset(found.shadow, start, true);
    const e = start === end ? s : fileOffset(found.shadow, end);
    if (s === undefined || e === undefined) {
      diagnostics.push(diagnostic("K0004", `internal error: ${ruleId} edited outside a macro body while porting a call in one`, undefined, { note: "please report this program" }));
      return undefined;
    }
    return { start: s, end: e };
  };
  const oneLine = (t: string) => t.replace(/\r?\n[ \t]*/g, " ");
  return {
    ...ctx,
    facts: found.facts,
    replace(target, replacement, why) {
      const r = range(target);
      if (r) ctx.replace(r, oneLine(replacement), why);
    },
    insert(offset, insertion) {
      const r = range({ start: offset, end: offset });
      if (r) ctx.insert(r.start, oneLine(insertion));
    },
    remove(target) {
      const r = range(target);
      if (r) ctx.remove(r);
    },
    report(code, message, target, extra) {
      const r = range(target);
      if (r) ctx.report(code, message, r, extra);
    },
    claimed(start, end) {
      const r = range({ start, end });
      return r ? ctx.claimed(r.start, r.end) : true;
    },
    gfpFor: (node: Node) => found.facts.context.gfpFor(node),
  };
}

/**
 * Parses the edited text incrementally: the old tree is told where each edit happened (last edit
 * first, so earlier offsets stay valid), and tree-sitter re-parses only what changed.
 */
function reparse(language: CLanguage, old: Tree, batches: readonly EditBatch[], text: string): Tree {
  // Each phase's edits in the coordinates of the text that phase was given, phase after phase.
  for (const { before, placed } of batches) {
    const lines = new LineIndex(before);
    const point = (offset: number) => {
      const p = lines.position(offset);
      return { row: p.line - 1, column: p.column - 1 };
    };
    for (let i = placed.length - 1; i >= 0; i--) {
      const e = placed[i]!;
      const start = point(e.start);
      const inserted = e.text.split("\n");
      const newEnd =
        inserted.length === 1
          ? { row: start.row, column: start.column + e.text.length }
          : { row: start.row + inserted.length - 1, column: inserted.at(-1)!.length };
      old.edit({
        startIndex: e.start,
        oldEndIndex: e.end,
        newEndIndex: e.start + e.text.length,
        startPosition: start,
        oldEndPosition: point(e.end),
        newEndPosition: newEnd,
      });
    }
  }
  const tree = language.parse(grammarView(text), old);
  // Before the first edit every phase's text is the same: the top-level definitions there that
  // tree-sitter reused keep the nodes the earlier parse read of them.
  tree.adopt(old, Math.min(...batches.map((b) => b.placed[0]?.start ?? Infinity)));
  old.delete();
  return tree;
}

/** A phase's edits, placed in the text it was given (`before`). */
interface EditBatch {
  before: string;
  placed: PlacedEdit[];
}

/**
 * Function ranges carried over a phase's edits: a definition's start moves past text inserted
 * where it starts (code added above it), its end stays before text inserted where it ends. A
 * definition the phase added is not among them; one it removed is left empty.
 */
function carryRanges(ranges: FunctionRanges, placed: readonly PlacedEdit[]): FunctionRanges {
  return ranges.map((r) => ({ name: r.name, start: shift(placed, r.start, false), end: shift(placed, r.end, true) }));
}

/** Where an offset of the previous text lands after edits were applied; an end stays before text inserted at it. */
function shift(placed: readonly PlacedEdit[], offset: number, isEnd: boolean): number {
  let lo = 0;
  let hi = placed.length;
  // First edit that starts at or after `offset`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (placed[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  const before = placed[lo - 1];
  if (before && before.end > offset) return before.outEnd; // inside a replaced range
  let delta = before ? before.outEnd - before.end : 0;
  // Insertions exactly at `offset` push a start past them, but not an end.
  for (let i = lo; !isEnd && i < placed.length && placed[i]!.start === offset && placed[i]!.end === offset; i++) {
    delta = placed[i]!.outEnd - placed[i]!.end;
  }
  return offset + delta;
}

/** Diagnostics without a location first, then by position; equal positions keep their order. */
function inSourceOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.range?.start ?? -1) - (b.range?.start ?? -1));
}

/** Whether every exit of the statement-order plan holds what the flow graph says it holds, and fails for the same reason. */
function agrees(plan: MainExitPlan, flowPlan: FlowExitPlan): boolean {
  // Memory some exit holds where no name reaches it (v[i] = malloc(n), a list in a global): the
  // statement order cannot free it; only the graph's plan, with the tracker, can.
  if (flowPlan.trackedUnnamed) return false;
  const byStatement = new Map(flowPlan.exits.map((e) => [e.statement.id, e]));
  const byCall = new Map(flowPlan.exits.flatMap((e) => (e.call ? [[e.call.id, e] as const] : [])));
  for (const site of plan.sites) {
    if (site.kind !== "check") {
      // A helper's failure, passed on: what the graph says is held there must be what the statement order frees.
      const exit = byCall.get(site.call.id);
      const live = new Set(site.live.flatMap((r) => [r.variable, ...(r.aliases ?? [])]));
      if (exit && exit.release.some((r) => !live.has(r.path))) return false;
      // What the helper freed before it failed, the statement order would free again.
      if (exit?.freedByCall?.some((path) => live.has(path))) return false;
      continue;
    }
    const exit = byStatement.get(site.exitStatement.id);
    if (!exit) return false;
    if ((exit.errno ?? null) !== (site.errno ?? null)) return false;
    const live = new Set(site.live.flatMap((r) => [r.variable, ...(r.aliases ?? [])]));
    if (exit.release.some((r) => !live.has(r.path))) return false;
  }
  return true;
}

/**
 * Facts are computed on first use: a phase that only maps calls never pays for the exit plan, and
 * a rule that answers from the text and the function ranges (carried over the last phases' edits)
 * leaves the tree unparsed.
 */
function analyze(language: CLanguage, treeOf: () => Tree, source: string, options: PipelineOptions, names: ModuleNames | undefined, summaries: BodySummaries, carried: FunctionRanges | undefined): Facts {
  const lazy = <T>(compute: () => T) => {
    let value: T | undefined;
    let done = false;
    return () => {
      if (!done) {
        value = compute();
        done = true;
      }
      return value as T;
    };
  };
  let parsed: Tree | undefined;
  const tree = () => (parsed ??= treeOf());
  const program = lazy(() => analyzeProgram(tree(), source, options.defines));
  const flow = lazy(() => buildFlowGraphs(program()));
  const resources = lazy(() => analyzeResources(program(), summaries));
  const style = lazy(() => inferStyle(source, tree().rootNode));
  const context = lazy(() => analyzeExecutionContext(program()));
  const helperPlan = lazy(() => planHelperExits(program(), resources()));
  const optionsPlan = lazy(() => {
    const main = program().main;
    return main ? planOptions(main) : undefined;
  });
  const mainPlan = lazy(() => {
    const main = program().main;
    return main ? planMainExits(program(), main, resources(), helperPlan(), optionsPlan()?.removed ?? []) : undefined;
  });
  // The statement-order plan writes the article's idiom (its msg and one printk at the exit);
  // the flow graph checks it, and main() is ported from the graph where they disagree on what an
  // exit holds or why it fails, and where only the graph can port it.
  // Helpers go to the graph too where main() cannot be ported with the statement-order helper plan.
  // With failing helpers, the graph's plan of main() over the graph's helper plan: where the
  // statement-order plan has problems, or where the graph disagrees with it (what an exit holds,
  // why it fails), both main() and its helpers are ported from the graph.
  const flowWithHelpers = lazy(() => {
    const helpers = helperPlan();
    // The statement-order plan reads exit() and err() in helpers; the graph reads abort() there too.
    const failing = helpers.helpers.size > 0 || helpers.problems.length > 0 || (source.includes("abort") && functionsThatEnd(program()).size > 0);
    const plan = mainPlan();
    const main = program().main;
    if (!main || !plan || !failing) return undefined;
    const flowHelpers = planFlowHelpers(program(), flow(), resources());
    const flowPlan = planFlowExits(program(), main, flow(), resources(), optionsPlan()?.removed ?? [], flowHelpers);
    // A helper that can end the program and is used as a value keeps its type only in the graph's
    // plan (its failure goes through the channel), so a pointer to it stays a pointer of its type.
    if (plan.problems.length > 0 || functionsUsedAsValues(program(), functionsThatEnd(program())).size > 0) return { flowHelpers, flowPlan };
    if (helpers.problems.length > 0 || flowHelpers.problems.length > 0 || flowPlan.problems.length > 0 || agrees(plan, flowPlan)) return undefined;
    return { flowHelpers, flowPlan };
  });
  const flowHelperPlan = lazy(() => flowWithHelpers()?.flowHelpers);
  const flowExitPlan = lazy(() => {
    const plan = mainPlan();
    const helpers = helperPlan();
    const main = program().main;
    if (!main || !plan) return undefined;
    const withHelpers = flowWithHelpers();
    if (withHelpers) return withHelpers.flowPlan;
    if (helpers.helpers.size > 0) return undefined;
    const flowPlan = planFlowExits(program(), main, flow(), resources(), optionsPlan()?.removed ?? []);
    if (plan.problems.length === 0 && flowPlan.problems.length > 0) return undefined;
    if (plan.problems.length > 0 || plan.warnings.length > 0) return flowPlan;
    return agrees(plan, flowPlan) ? undefined : flowPlan;
  });
  const moduleNaming = lazy(() => names ?? moduleNames(program(), options));
  return {
    source,
    get program() {
      return program();
    },
    get flow() {
      return flow();
    },
    get resources() {
      return resources();
    },
    get style() {
      return style();
    },
    get context() {
      return context();
    },
    get mainPlan() {
      return mainPlan();
    },
    get flowExitPlan() {
      return flowExitPlan();
    },
    get flowHelperPlan() {
      return flowHelperPlan();
    },
    get helperPlan() {
      return helperPlan();
    },
    get optionsPlan() {
      return optionsPlan();
    },
    get names() {
      return moduleNaming();
    },
    target: options.target ?? DEFAULT_TARGET,
    portabilityChecked: options.checkPortability !== false,
    functionRanges: () => (carried && !parsed ? [...carried] : program().functions.ranges()),
  };
}
