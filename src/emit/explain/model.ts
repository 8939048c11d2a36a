// The explain report: the port's unified diff hunk by hunk, each linked to its edits, rules and topics.
//
// Every renderer (Markdown, HTML, JSON, terminal) draws this one model, so they cannot disagree
// about what is explained where; the JSON form is the model itself (docs/explain-schema.md).
// Browser-safe: the playground builds reports too.
import { structuredPatch } from "diff";
import { type Diagnostic, formatDiagnostic, LineIndex, type SourceRange } from "../../core/diagnostics.js";
import type { AppliedEdit } from "../../core/edits.js";
import type { RuleMeta } from "../../core/rule.js";
import type { TranslateResult } from "../../core/translate.js";
import { MAKEFILE_TOPIC, OBJECTS_TOPIC, topicById, type Topic } from "../../explain/topics.js";
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
  /** In the report of a program of several files: the index in `program` of the file this hunk is of. */
  file?: number;
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
  /** In the report of a program: the index in `program` of the file `source` is in. */
  file?: number;
  /** In the report of a program: the index in `program` of the file whose module side `output` is in. */
  moduleFile?: number;
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

/** One file of a program of several files: its diff, as `diff -ruN` prints it for that file. */
export interface ExplainFileDiff {
  index: number;
  /** The program's file, as the report names it. */
  user: string;
  /** The module's file ported from it, as the report names it (in the module's directory). */
  module: string;
  /** The lines `diff -ruN` prints before the file's first hunk: `diff -ruN …`, `--- …`, `+++ …`. */
  header: string[];
  /** Its hunks, as indexes into `hunks` (none when the port left the file as it was). */
  hunks: number[];
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
  /** A program of several files: each file's diff; `hunks` are in this order, file by file. Absent for one file. */
  program?: ExplainFileDiff[];
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
  const moduleFile = result.ok ? (options.moduleFile ?? `${result.names?.module ?? "module"}.c`) : null;
  const side: FileSide = { path: options.userFile, user: options.userFile, source, module: moduleFile ?? "", output: result.module ?? "" };
  return buildReport([side], { ...result, edits: result.edits.map((e) => ({ ...e, file: 0, moduleFile: 0 })), diagnostics: result.diagnostics.map((d) => ({ ...d, side: 0 })) }, options, {
    user: options.userFile,
    module: moduleFile,
    program: false,
  });
}

/** One file of a program as explain reads it: its source and its port, each with the name the report gives it. */
export interface ProgramFileSide {
  /** The program's path of the file, as the port's edits and diagnostics name it (`file`). */
  path: string;
  /** How the report names the program's file. */
  user: string;
  source: string;
  /** The ported file's path in the module (`outputFile` of the edits). */
  modulePath: string;
  /** How the report names the ported file. */
  module: string;
  output: string;
}

/** What a port of a program gives explain: translateProgram()'s result, in the terms of its files. */
export interface ProgramExplainInput {
  ok: boolean;
  name: string;
  makefile: string | undefined;
  rulesFired: readonly string[];
  names: TranslateResult["names"];
  diagnostics: readonly Diagnostic[];
  edits: ReadonlyArray<AppliedEdit & { file: string; outputFile: string }>;
}

/**
 * The report of a program of several files: every file's diff in turn (a unified diff per file, as
 * `diff -ruN` prints a directory), one numbering of hunks and edits across them, each rule told at
 * the first hunk that needs it whichever file that is in, diagnostics at the file they are in.
 */
export function buildProgramExplainReport(files: readonly ProgramFileSide[], result: ProgramExplainInput, options: Omit<ExplainOptions, "userFile" | "moduleFile"> & { program: string }): ExplainReport {
  const bySource = new Map(files.map((f, i) => [f.path, i]));
  const byModule = new Map(files.map((f, i) => [f.modulePath, i]));
  const edits = result.edits.flatMap((e) => {
    const file = bySource.get(e.file);
    const moduleFile = byModule.get(e.outputFile);
    return file === undefined || moduleFile === undefined ? [] : [{ ...e, file, moduleFile }];
  });
  const diagnostics = result.diagnostics.map((d) => {
    const side = d.file === undefined ? undefined : bySource.get(d.file);
    return side === undefined ? d : { ...d, side };
  });
  const module = result.ok ? result.name : null;
  return buildReport(
    files.map((f) => ({ path: f.path, user: f.user, source: f.source, module: f.module, output: f.output })),
    { ok: result.ok, makefile: result.makefile, rulesFired: result.rulesFired, names: result.names, diagnostics, edits },
    { ...options, userFile: options.program },
    { user: options.program, module, program: true },
  );
}

interface FileSide {
  path: string;
  user: string;
  source: string;
  module: string;
  output: string;
}

interface ReportInput {
  ok: boolean;
  makefile: string | undefined;
  rulesFired: readonly string[];
  names: TranslateResult["names"];
  /** `side`: the index of the file the diagnostic is in (absent: about no file, or the first). */
  diagnostics: ReadonlyArray<Diagnostic & { side?: number }>;
  edits: ReadonlyArray<AppliedEdit & { file: number; moduleFile: number }>;
}

function buildReport(sides: readonly FileSide[], result: ReportInput, options: ExplainOptions, named: { user: string; module: string | null; program: boolean }): ExplainReport {
  const metas = new Map((options.rules ?? allRules).map((r) => [r.id, r]));
  const moduleText = sides.map((s) => s.output).join("\n");
  const sourceLines = sides.map((s) => new LineIndex(s.source));
  const moduleLines = sides.map((s) => new LineIndex(s.output));
  const fill = fillNames(result.names);
  const program = named.program;

  const editSides = result.edits.map((e) => ({ file: e.file, moduleFile: e.moduleFile }));
  const edits: ExplainEdit[] = result.edits.map((e, index) => ({
    index,
    ...(program ? { file: e.file, moduleFile: e.moduleFile } : {}),
    ruleId: e.ruleId,
    phase: e.phase,
    text: e.text,
    source: sourceLines[e.file]!.range(e.source.start, e.source.end),
    output: moduleLines[e.moduleFile]!.range(e.output.start, e.output.end),
    hunks: [],
    ...(e.why ? { why: e.why } : {}),
  }));

  const hunks: ExplainHunk[] = [];
  const fileDiffs: ExplainFileDiff[] = [];
  let linesAdded = 0;
  let linesRemoved = 0;
  sides.forEach((side, file) => {
    const fileDiff: ExplainFileDiff = { index: file, user: side.user, module: side.module, header: [`diff -ruN ${side.user} ${side.module}`, `--- ${side.user}`, `+++ ${side.module}`], hunks: [] };
    fileDiffs.push(fileDiff);
    if (!result.ok) return;
    const { source } = side;
    const lines = { source: sourceLines[file]!, module: moduleLines[file]! };
    const patch = structuredPatch(side.user, side.module, source, side.output, undefined, undefined, {
      context: options.context ?? 3,
    });
    const oldLineTexts = source.split("\n");
    const onSource = edits.filter((e, i) => editSides[i]!.file === file);
    const onModule = edits.filter((e, i) => editSides[i]!.moduleFile === file);
    for (const h of patch.hunks) {
      const index = hunks.length;
      const sourceRange = lineSpan(lines.source, source.length, h.oldStart, h.oldLines);
      const outputRange = lineSpan(lines.module, side.output.length, h.newStart, h.newLines);
      let oldLine = h.oldStart;
      let newLine = h.newStart;
      const diffLines: ExplainDiffLine[] = h.lines.map((raw) => {
        const mark = raw[0];
        const text = raw.slice(1).replace(/\r$/, "");
        if (mark === "\\") return { kind: "no-newline", text: text.trim(), oldLine: null, newLine: null, edits: [] };
        if (mark === "+") {
          linesAdded++;
          const at = lineRange(lines.module, side.output.length, newLine);
          return { kind: "added", text, oldLine: null, newLine: newLine++, edits: touching(onModule, "output", at) };
        }
        if (mark === "-") {
          linesRemoved++;
          const at = lineRange(lines.source, source.length, oldLine);
          return { kind: "removed", text, oldLine: oldLine++, newLine: null, edits: touching(onSource, "source", at) };
        }
        return { kind: "context", text, oldLine: oldLine++, newLine: newLine++, edits: [] };
      });
      const inHunk = unique([...onSource.filter((e) => intersects(e.source, sourceRange)), ...onModule.filter((e) => intersects(e.output, outputRange))]).sort(
        (a, b) => a.output.start - b.output.start || a.index - b.index,
      );
      for (const e of inHunk) e.hunks.push(index);
      const heading = functionHeading(oldLineTexts, h.oldStart - 1) ?? null;
      fileDiff.hunks.push(index);
      hunks.push({
        index,
        ...(program ? { file } : {}),
        header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
        heading,
        old: { start: h.oldStart, lines: h.oldLines },
        new: { start: h.newStart, lines: h.newLines },
        sourceRange,
        outputRange,
        lines: diffLines,
        edits: inHunk.map((e) => e.index),
        rules: unique(inHunk.map((e) => e.ruleId)),
        topics: [],
        fileTopics: [],
        diagnostics: [],
      });
    }
  });

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
    // In a program, a line the port changed with no rule's edit is what the file needed to compile alone.
    const objects = topicById(OBJECTS_TOPIC)!;
    if (program && !needed.has(OBJECTS_TOPIC) && hunk.lines.some((l) => (l.kind === "added" || l.kind === "removed") && l.edits.length === 0 && objects.neededWhen!.test(l.text))) {
      needed.set(OBJECTS_TOPIC, hunk.outputRange.start);
      const seen = topicHunks.get(OBJECTS_TOPIC) ?? { hunks: [], rules: [], firstAt: hunk.index * 1e9 + hunk.outputRange.start };
      seen.hunks.push(hunk.index);
      topicHunks.set(OBJECTS_TOPIC, seen);
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

  const diagnostics: ExplainDiagnostic[] = result.diagnostics.map(({ side: sideIndex, ...d }, index) => {
    const file = sideIndex ?? 0;
    const side = sides[file]!;
    const hunk = d.range ? hunks.find((h) => (h.file ?? 0) === file && intersects({ start: d.range!.start, end: Math.max(d.range!.start + 1, d.range!.end) }, h.sourceRange)) : undefined;
    if (hunk) hunk.diagnostics.push(index);
    const formatted = program && sideIndex === undefined ? formatDiagnostic(d, named.user, "") : formatDiagnostic(d, side.user, side.source);
    return { ...d, ...(program && sideIndex !== undefined ? { file: side.user } : {}), index, hunk: hunk?.index ?? null, formatted };
  });

  return {
    schema: "kernelize-explain",
    version: EXPLAIN_SCHEMA_VERSION,
    ok: result.ok,
    files: { user: named.user, module: named.module, makefile: result.ok && result.makefile !== undefined ? "Makefile" : null },
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
    ...(program ? { program: fileDiffs } : {}),
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
function fillNames(names: TranslateResult["names"]): (text: string) => string {
  const values: Record<string, string> = {
    init: names?.init ?? "NAME_init",
    exit: names?.exit ?? "NAME_exit",
    module: names?.module ?? "NAME",
  };
  return (text) => text.replace(/\{(init|exit|module)\}/g, (_, key: string) => values[key]!);
}
