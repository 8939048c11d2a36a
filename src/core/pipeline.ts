// The ordered phases of a port: parse -> analyze -> rewrite passes (re-parsing between them) -> the module text.
import type { Node, Tree } from "web-tree-sitter";
import { analyzeExecutionContext } from "../analysis/context.js";
import { planMainExits } from "../analysis/exit-paths.js";
import { moduleNames, type ModuleNames } from "../analysis/module-names.js";
import { portabilityProblems } from "../analysis/portability.js";
import { analyzeProgram } from "../analysis/program.js";
import { analyzeResources } from "../analysis/resources.js";
import { inferStyle } from "../analysis/style.js";
import { diagnostic, type Diagnostic, hasErrors, LineIndex } from "./diagnostics.js";
import { type AppliedEdit, applyEdits, EditConflictError, OffsetMap, type TextEdit } from "./edits.js";
import type { CLanguage } from "./parse.js";
import { syntaxDiagnostics } from "./parse.js";
import { type Facts, isQueryRule, type Rule, type RuleContext, type Target } from "./rule.js";

export interface PipelineOptions {
  /** Module name (`--name`). */
  name?: string;
  /** Input file name without directory or extension, a fallback for the module name. */
  fileStem?: string;
  /**
   * Refuse calls and headers no rule in `phases` handles (default true). Rule tests that run one
   * rule alone turn it off, since the other rules are not there to handle the rest.
   */
  checkPortability?: boolean;
}

export interface PipelineResult {
  /** The module source, or undefined when an error diagnostic stopped the port. */
  output: string | undefined;
  names: ModuleNames | undefined;
  edits: AppliedEdit[];
  diagnostics: Diagnostic[];
  /** Ids of the rules that fired, in pipeline order. */
  rulesFired: string[];
  /** Kernel headers the fired rules need. */
  headersNeeded: string[];
}

/** Rules grouped into phases; each phase sees the text the previous one produced, freshly parsed. */
export type Phases = ReadonlyArray<ReadonlyArray<Rule>>;

export function runPipeline(language: CLanguage, source: string, phases: Phases, options: PipelineOptions): PipelineResult {
  const originalLines = new LineIndex(source);
  const diagnostics: Diagnostic[] = [];
  const fail = (): PipelineResult => ({ output: undefined, names: undefined, edits: [], diagnostics: inSourceOrder(diagnostics), rulesFired: [], headersNeeded: [] });

  if (source.trim() === "") {
    diagnostics.push(diagnostic("K0001", "the input is empty", undefined, { note: "give kernelize a C program with a main() function" }));
    return fail();
  }
  const nul = source.indexOf("\0");
  if (nul >= 0) {
    diagnostics.push(
      diagnostic("K0002", "the input contains NUL bytes: it is binary data, not C source", originalLines.range(nul, nul + 1)),
    );
    return fail();
  }

  const handled = new Set(phases.flat().flatMap((r) => r.handles ?? []));
  // Rules write "\n"; a file with CRLF line endings gets CRLF in the lines kernelize adds too.
  const crlf = (source.match(/\r\n/g)?.length ?? 0) * 2 > (source.match(/\n/g)?.length ?? 0);
  const eol = (t: string) => (crlf ? t.replace(/\r?\n/g, "\r\n") : t);
  const fired = new Set<string>();
  const headers = new Set<string>();
  const applied: AppliedEdit[] = [];
  let text = source;
  let toOriginal = OffsetMap.identity(source.length);
  let names: ModuleNames | undefined;

  for (let phase = 0; phase < phases.length; phase++) {
    const tree = language.parse(text);
    try {
      const lines = new LineIndex(text);
      const mapRange = (start: number, end: number) => {
        const r = toOriginal.rangeToInput(start, end);
        return originalLines.range(r.start, r.end);
      };
      const facts = analyze(tree, text, options, names);
      names = facts.names;

      if (phase === 0) {
        const syntax = syntaxDiagnostics(tree, lines);
        if (syntax.length > 0) {
          diagnostics.push(...syntax);
          return fail();
        }
        if (!facts.program.main && !facts.program.isModule && options.checkPortability !== false) {
          diagnostics.push(
            diagnostic("K1001", "no main() function: kernelize ports whole programs", undefined, {
              note: "the module's init function is made from main(); give the file a main()",
            }),
          );
          return fail();
        }
        if (facts.program.main && !facts.program.isModule && options.checkPortability !== false) {
          for (const p of portabilityProblems(facts.program, handled, facts.mainPlan?.consumedErrno ?? new Set())) {
            diagnostics.push(diagnostic(p.code, p.message, mapRange(p.node.startIndex, p.node.endIndex), { note: p.note }));
          }
          for (const clash of [names.init, names.exit].filter((n) => facts.program.declaredFunctions.has(n))) {
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
      for (const rule of phases[phase]!) {
        let ruleFired = false;
        const offsets = (t: Target) => ("startIndex" in t ? { start: t.startIndex, end: t.endIndex } : t);
        const ctx: RuleContext = {
          facts,
          headersNeeded: headers,
          replace(target, replacement) {
            const { start, end } = offsets(target);
            edits.push({ start, end, text: eol(replacement), ruleId: rule.id });
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
          gfpFor: (node: Node) => facts.context.gfpFor(node),
        };
        if (isQueryRule(rule)) {
          for (const match of language.query(rule.match).matches(tree.rootNode)) {
            const captures: Record<string, Node> = {};
            for (const c of match.captures) captures[c.name] = c.node;
            rule.rewrite(captures, ctx);
          }
        } else {
          rule.run(ctx);
        }
        if (ruleFired) {
          fired.add(rule.id);
          for (const h of rule.headers) headers.add(h);
        }
      }
      if (hasErrors(diagnostics)) return fail();

      let result;
      try {
        result = applyEdits(text, edits);
      } catch (e) {
        if (e instanceof EditConflictError) {
          // Two rules claimed the same text: a bug in kernelize, reported where it happened.
          diagnostics.push(
            diagnostic("K0003", `internal error: ${e.message}`, mapRange(e.second.start, e.second.end), { severity: "error" }),
          );
          return fail();
        }
        throw e;
      }
      for (const p of result.placed) {
        const src = toOriginal.rangeToInput(p.start, p.end);
        applied.push({ ...p, source: src, output: { start: p.outStart, end: p.outEnd }, phase });
      }
      // Earlier phases' output ranges shift with each later phase; keep them pointing into the final text.
      for (const a of applied) {
        if (a.phase === phase) continue;
        a.output = { start: shift(result.placed, a.output.start, false), end: shift(result.placed, a.output.end, true) };
      }
      toOriginal = result.map.compose(toOriginal);
      text = result.text;
    } finally {
      tree.delete();
    }
  }
  return { output: text, names, edits: applied, diagnostics: inSourceOrder(diagnostics), rulesFired: [...fired], headersNeeded: [...headers] };
}

/** Diagnostics without a location first, then by position; equal positions keep their order. */
function inSourceOrder(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => (a.range?.start ?? -1) - (b.range?.start ?? -1));
}

/** Where an offset of the previous text lands after edits were applied; an end stays before text inserted at it. */
function shift(placed: ReadonlyArray<TextEdit & { outStart: number; outEnd: number }>, offset: number, isEnd: boolean): number {
  let delta = 0;
  for (const p of placed) {
    if (isEnd && p.start === p.end && p.start === offset) break;
    if (p.end <= offset) delta = p.outEnd - p.end;
    else if (p.start < offset) return p.outEnd;
    else break;
  }
  return offset + delta;
}

function analyze(tree: Tree, source: string, options: PipelineOptions, names: ModuleNames | undefined): Facts {
  const program = analyzeProgram(tree);
  const resources = analyzeResources(program);
  return {
    source,
    program,
    resources,
    style: inferStyle(source, tree.rootNode),
    context: analyzeExecutionContext(program),
    mainPlan: program.main ? planMainExits(program, program.main, resources) : undefined,
    names: names ?? moduleNames(program, options),
  };
}
