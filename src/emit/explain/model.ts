// The explain report: the port's unified diff hunk by hunk, each linked to its edits, rules and topics.
//
// Every renderer (Markdown, HTML, JSON, terminal) draws this one model, so they cannot disagree
// about what is explained where; the JSON form is the model itself (docs/explain-schema.md).
// Browser-safe: the playground builds reports too.
import { structuredPatch } from "diff";
import { type Diagnostic, formatDiagnostic, LineIndex, type SourceRange } from "../../core/diagnostics.js";
import type { RuleMeta } from "../../core/rule.js";
import type { TranslateResult } from "../../core/translate.js";
import { MAKEFILE_TOPIC, topicById, type Topic } from "../../explain/topics.js";
import { rules as allRules } from "../../rules/index.js";
import { functionHeading } from "../diff.js";

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const EXPLAIN_SCHEMA_VERSION = 1;

export interface ExplainOptions {
  /** The user's file as the report names it. */
  userFile: string;
  /** The module's file name; defaults to NAME.c. */
  moduleFile?: string;
  /** Lines of context around each change (default 3, as diff -u). */
  context?: number;
  /** The rules the port ran with (default: every rule); their metadata is what the report quotes. */
  rules?: readonly RuleMeta[];
}

export type DiffLineKind = "context" | "added" | "removed" | "no-newline";

export interface ExplainDiffLine {
  kind: DiffLineKind;
  /** The line without its end-of-line characters. */
  text: string;
  /** 1-based line in the user's file (context and removed lines). */
  oldLine: number | null;
  /** 1-based line in the module (context and added lines). */
  newLine: number | null;
  /** Indexes into `edits` of the edits that produced or removed this line. */
  edits: number[];
}

export interface ExplainHunk {
  index: number;
  /** `@@ -13,16 +10,16 @@` */
  header: string;
  /** What `diff -p` prints after the header: the last line before the hunk that starts a definition. */
  heading: string | null;
  old: { start: number; lines: number };
  new: { start: number; lines: number };
  /** Offsets of the hunk's lines in the user's file and in the module. */
  sourceRange: { start: number; end: number };
  outputRange: { start: number; end: number };
  lines: ExplainDiffLine[];
  /** Indexes into `edits`, in the order of the module's text. */
  edits: number[];
  /** Ids of the rules whose changes are in this hunk, in the order of their first change. */
  rules: string[];
  /** Ids of the "hunk" topics these changes need, in the order of the first change that needs each. */
  topics: string[];
  /** Ids of the "file" topics (told in the closing section) that changes in this hunk bring in. */
  fileTopics: string[];
  /** Indexes into `diagnostics` of those about lines of this hunk. */
  diagnostics: number[];
}

export interface ExplainEdit {
  index: number;
  ruleId: string;
  /** 0-based pipeline phase. */
  phase: number;
  /** The text the edit put in (empty for a removal). */
  text: string;
  /** What it covered in the user's file (an empty range for an insertion). */
  source: SourceRange;
  /** Where its text sits in the module. */
  output: SourceRange;
  /** Indexes of the hunks it shows in. */
  hunks: number[];
  /** Why the rule made this change here rather than its other one (an output call buffered: what leaves its line open); absent where the rule's explanation says all. */
  why?: string;
}

export interface ExplainRule {
  id: string;
  summary: string;
  explanation: string;
  docs: string[];
  headers: string[];
  safety: "safe" | "review";
  /** Hunks it is explained at: the first tells it in full, the later ones refer back. */
  hunks: number[];
  /** How it was placed: by its edits, by the include of a header it needs (a rule that keeps calls as they are), or nowhere. */
  placement: "edits" | "header" | "none";
  edits: number[];
  /** Topics its changes brought in. */
  topics: string[];
}

export interface ExplainTopic {
  id: string;
  title: string;
  scope: "hunk" | "file";
  /** Paragraphs; `backticks` mark code; the module's names are filled in. */
  paragraphs: string[];
  docs: string[];
  /** Hunks whose changes need it: a "hunk" topic is told at the first of them. */
  hunks: number[];
  /** Rules whose changes brought it in (empty for the Makefile, which every port writes). */
  rules: string[];
}

export interface ExplainDiagnostic extends Diagnostic {
  index: number;
  /** The hunk it is shown in, or null when it is about a line the port did not change. */
  hunk: number | null;
  /** Compiler-style text with the source line and a caret. */
  formatted: string;
}

export interface ExplainReport {
  schema: "kernelize-explain";
  version: typeof EXPLAIN_SCHEMA_VERSION;
  /** True when the module was produced; false when diagnostics refused the program (no hunks then). */
  ok: boolean;
  files: { user: string; module: string | null; makefile: string | null };
  moduleName: string | null;
  names: { init: string; exit: string } | null;
  /** Ids of the rules that fired, in pipeline order. */
  rulesFired: string[];
  stats: { hunks: number; edits: number; rules: number; linesAdded: number; linesRemoved: number };
  hunks: ExplainHunk[];
  edits: ExplainEdit[];
  /** The rules that fired, in pipeline order. */
  rules: ExplainRule[];
  /** The topics the report tells: "hunk" topics in order of first need, then the closing section's. */
  topics: ExplainTopic[];
  /** Ids of the "file" topics of the closing section, in reading order. */
  closing: string[];
  diagnostics: ExplainDiagnostic[];
  /** The Kbuild Makefile written beside the module. */
  makefile: string | null;
}

interface Range {
  start: number;
  end: number;
}

/** An empty range touches a range when it sits inside it; non-empty ranges must share a character. */
function intersects(r: Range, h: Range): boolean {
  if (r.start === r.end) return h.start <= r.start && r.start < h.end;
  return r.start < h.end && r.end > h.start;
}

/** Builds the report of a port from the user's source and translate()'s result. */
export function buildExplainReport(source: string, result: TranslateResult, options: ExplainOptions): ExplainReport {
  const metas = new Map((options.rules ?? allRules).map((r) => [r.id, r]));
  const moduleText = result.module ?? "";
  const moduleFile = result.ok ? (options.moduleFile ?? `${result.names?.module ?? "module"}.c`) : null;
  const sourceLines = new LineIndex(source);
  const moduleLines = new LineIndex(moduleText);
  const fill = fillNames(result);

  const edits: ExplainEdit[] = result.edits.map((e, index) => ({
    index,
    ruleId: e.ruleId,
    phase: e.phase,
    text: e.text,
    source: sourceLines.range(e.source.start, e.source.end),
    output: moduleLines.range(e.output.start, e.output.end),
    hunks: [],
    ...(e.why ? { why: e.why } : {}),
  }));

  const hunks: ExplainHunk[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  if (result.ok && result.module !== undefined) {
    const patch = structuredPatch(options.userFile, moduleFile ?? "", source, moduleText, undefined, undefined, {
      context: options.context ?? 3,
    });
    const oldLineTexts = source.split("\n");
    patch.hunks.forEach((h, index) => {
      const sourceRange = lineSpan(sourceLines, source.length, h.oldStart, h.oldLines);
      const outputRange = lineSpan(moduleLines, moduleText.length, h.newStart, h.newLines);
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      const lines: ExplainDiffLine[] = h.lines.map((raw) => {
        const mark = raw[0];
        const text = raw.slice(1).replace(/\r$/, "");
        if (mark === "\\") return { kind: "no-newline", text: text.trim(), oldLine: null, newLine: null, edits: [] };
        if (mark === "+") {
          linesAdded++;
          const at = lineRange(moduleLines, moduleText.length, newLine);
          return { kind: "added", text, oldLine: null, newLine: newLine++, edits: touching(edits, "output", at) };
        }
        if (mark === "-") {
          linesRemoved++;
          const at = lineRange(sourceLines, source.length, oldLine);
          return { kind: "removed", text, oldLine: oldLine++, newLine: null, edits: touching(edits, "source", at) };
        }
        return { kind: "context", text, oldLine: oldLine++, newLine: newLine++, edits: [] };
      });
      const inHunk = edits
        .filter((e) => intersects(e.source, sourceRange) || intersects(e.output, outputRange))
        .sort((a, b) => a.output.start - b.output.start || a.index - b.index);
      for (const e of inHunk) e.hunks.push(index);
      const heading = functionHeading(oldLineTexts, h.oldStart - 1) ?? null;
      hunks.push({
        index,
        header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
        heading,
        old: { start: h.oldStart, lines: h.oldLines },
        new: { start: h.newStart, lines: h.newLines },
        sourceRange,
        outputRange,
        lines,
        edits: inHunk.map((e) => e.index),
        rules: unique(inHunk.map((e) => e.ruleId)),
        topics: [],
        fileTopics: [],
        diagnostics: [],
      });
    });
  }

  // Topics: a listing rule's change whose added text matches the topic's pattern needs it there.
  const topicHunks = new Map<string, { hunks: number[]; rules: string[]; firstAt: number }>();
  for (const hunk of hunks) {
    const needed = new Map<string, number>();
    for (const i of hunk.edits) {
      const e = edits[i]!;
      for (const id of metas.get(e.ruleId)?.topics ?? []) {
        const topic = topicById(id);
        if (!topic || (topic.neededWhen && !topic.neededWhen.test(e.text))) continue;
        if (!needed.has(id)) needed.set(id, e.output.start);
        const seen = topicHunks.get(id) ?? { hunks: [], rules: [], firstAt: hunk.index * 1e9 + e.output.start };
        if (!seen.hunks.includes(hunk.index)) seen.hunks.push(hunk.index);
        if (!seen.rules.includes(e.ruleId)) seen.rules.push(e.ruleId);
        topicHunks.set(id, seen);
      }
    }
    const ordered = [...needed].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    hunk.topics = ordered.filter((id) => topicById(id)!.scope === "hunk");
    hunk.fileTopics = ordered.filter((id) => topicById(id)!.scope === "file");
  }
  if (result.ok && result.makefile !== undefined && !topicHunks.has(MAKEFILE_TOPIC)) {
    topicHunks.set(MAKEFILE_TOPIC, { hunks: [], rules: [], firstAt: Number.MAX_SAFE_INTEGER });
  }

  const rules: ExplainRule[] = result.rulesFired.map((id) => {
    const meta = metas.get(id);
    const own = edits.filter((e) => e.ruleId === id);
    let ruleHunks = unique(own.flatMap((e) => e.hunks)).sort((a, b) => a - b);
    let placement: ExplainRule["placement"] = ruleHunks.length > 0 ? "edits" : "none";
    if (ruleHunks.length === 0 && meta) {
      // A rule that fired without an edit (calls kept as they are) shows where its header comes in.
      const at = hunks.find((h) =>
        h.lines.some((l) => l.kind === "added" && meta.headers.some((header) => l.text.trim() === `#include <${header}>`)),
      );
      if (at) {
        ruleHunks = [at.index];
        placement = "header";
        at.rules.push(id);
      }
    }
    return {
      id,
      summary: meta?.summary ?? "",
      explanation: meta?.explanation ?? "",
      docs: meta?.docs ?? [],
      headers: meta?.headers ?? [],
      safety: meta?.safety ?? "review",
      hunks: ruleHunks,
      placement,
      edits: own.map((e) => e.index),
      topics: [...topicHunks].filter(([, t]) => t.rules.includes(id)).map(([topicId]) => topicId),
    };
  });

  const told = [...topicHunks].sort((a, b) => a[1].firstAt - b[1].firstAt);
  const asTopic = ([id, t]: [string, { hunks: number[]; rules: string[] }]): ExplainTopic => {
    const topic = topicById(id) as Topic;
    return {
      id,
      title: fill(topic.title),
      scope: topic.scope,
      paragraphs: topic.paragraphs.filter((p) => typeof p === "string" || p.when.test(p.in === "makefile" ? (result.ok ? (result.makefile ?? "") : "") : moduleText)).map((p) => fill(typeof p === "string" ? p : p.text)),
      docs: topic.docs,
      hunks: [...t.hunks].sort((a, b) => a - b),
      rules: t.rules,
    };
  };
  const hunkTopics = told.filter(([id]) => topicById(id)!.scope === "hunk").map(asTopic);
  // The closing section reads in the order of a module's life: entry points, license, then building and loading.
  const fileOrder = (id: string) => topicOrder.indexOf(id);
  const fileTopics = told
    .filter(([id]) => topicById(id)!.scope === "file")
    .sort((a, b) => fileOrder(a[0]) - fileOrder(b[0]))
    .map(asTopic);

  const diagnostics: ExplainDiagnostic[] = result.diagnostics.map((d, index) => {
    const hunk = d.range ? hunks.find((h) => intersects({ start: d.range!.start, end: Math.max(d.range!.start + 1, d.range!.end) }, h.sourceRange)) : undefined;
    if (hunk) hunk.diagnostics.push(index);
    return { ...d, index, hunk: hunk?.index ?? null, formatted: formatDiagnostic(d, options.userFile, source) };
  });

  return {
    schema: "kernelize-explain",
    version: EXPLAIN_SCHEMA_VERSION,
    ok: result.ok,
    files: { user: options.userFile, module: moduleFile, makefile: result.ok && result.makefile !== undefined ? "Makefile" : null },
    moduleName: result.ok ? (result.names?.module ?? null) : null,
    names: result.ok && result.names ? { init: result.names.init, exit: result.names.exit } : null,
    rulesFired: [...result.rulesFired],
    stats: { hunks: hunks.length, edits: edits.length, rules: rules.length, linesAdded, linesRemoved },
    hunks,
    edits,
    rules,
    topics: [...hunkTopics, ...fileTopics],
    closing: fileTopics.map((t) => t.id),
    diagnostics,
    makefile: result.ok ? (result.makefile ?? null) : null,
  };
}

const topicOrder = ["module-lifecycle", "module-license", "kernel-layout", MAKEFILE_TOPIC];

/** Offsets of lines `start`..`start + count - 1` (1-based); a hunk side with no lines is empty at the line after `start`. */
function lineSpan(lines: LineIndex, length: number, start: number, count: number): Range {
  if (count === 0) {
    const at = start === 0 ? 0 : lines.lineStart(start + 1);
    return { start: Math.min(at, length), end: Math.min(at, length) };
  }
  return { start: lines.lineStart(start), end: lineRange(lines, length, start + count - 1).end };
}

/** Offsets of one 1-based line, its line break included. */
function lineRange(lines: LineIndex, length: number, line: number): Range {
  const start = lines.lineStart(line);
  const next = lines.lineStart(line + 1);
  return { start, end: next > start ? next : length };
}

function touching(edits: readonly ExplainEdit[], side: "source" | "output", at: Range): number[] {
  return edits.filter((e) => intersects(e[side], at)).map((e) => e.index);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/** Fills {init}, {exit} and {module} with the port's names, or generic words when it has none. */
function fillNames(result: TranslateResult): (text: string) => string {
  const names = result.names;
  const values: Record<string, string> = {
    init: names?.init ?? "NAME_init",
    exit: names?.exit ?? "NAME_exit",
    module: names?.module ?? "NAME",
  };
  return (text) => text.replace(/\{(init|exit|module)\}/g, (_, key: string) => values[key]!);
}
