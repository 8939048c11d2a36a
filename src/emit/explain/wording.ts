// Sentences every renderer of the explain report says the same way: titles, places, counts, links.
import { inlineSpans } from "./inline.js";
import type { ExplainDiagnostic, ExplainHunk, ExplainReport, ExplainRule, ExplainTopic } from "./model.js";

export function reportTitle(report: ExplainReport): string {
  return report.ok
    ? `How \`${report.files.user}\` became the kernel module \`${report.files.module}\``
    : `Why \`${report.files.user}\` could not be ported`;
}

/** One paragraph under the title: what the port did, and how the report is laid out. */
export function reportIntro(report: ExplainReport): string {
  if (!report.ok) {
    const n = report.diagnostics.filter((d) => d.severity === "error").length;
    return `kernelize refused the program: ${count(n, "error")} below, each with where it is and what to do about it. No module was written.`;
  }
  const { stats } = report;
  const layout =
    stats.hunks > 0
      ? `Each hunk of the unified diff is followed by the rules that made its changes and why; where a change rests on an idea of the kernel's, that idea is explained at the first change that needs it.`
      : `The program needed no change.`;
  const closing = report.closing.length > 0 ? " What concerns the module as a whole closes the report." : "";
  return `kernelize made ${count(stats.edits, "edit")} with ${count(stats.rules, "rule")}: ${count(stats.hunks, "hunk")}, ${stats.linesAdded} lines added and ${stats.linesRemoved} removed. ${layout}${closing}`;
}

export function hunkTitle(report: ExplainReport, hunk: ExplainHunk): string {
  return `Hunk ${hunk.index + 1} of ${report.hunks.length}`;
}

/** `lines 13–28 of user.c → lines 10–25 of mod.c` (in a program, of the hunk's own files) */
export function hunkPlace(report: ExplainReport, hunk: ExplainHunk): string {
  const span = (start: number, lines: number) => (lines === 0 ? `after line ${start}` : lines === 1 ? `line ${start}` : `lines ${start}–${start + lines - 1}`);
  const files = hunk.file !== undefined && report.program ? report.program[hunk.file]! : report.files;
  return `${span(hunk.old.start, hunk.old.lines)} of \`${files.user}\` → ${span(hunk.new.start, hunk.new.lines)} of \`${files.module}\``;
}

/** In a program's report, the `diff -ruN` lines that open a file's diff, before its first hunk; none elsewhere. */
export function fileHeaderBefore(report: ExplainReport, hunk: ExplainHunk): string[] {
  if (hunk.file === undefined || !report.program) return [];
  const file = report.program[hunk.file]!;
  return file.hunks[0] === hunk.index ? file.header : [];
}

/** Whether this hunk is where the rule is told in full (the first hunk it shows in). */
export function toldHere(item: ExplainRule | ExplainTopic, hunk: ExplainHunk): boolean {
  return item.hunks[0] === hunk.index;
}

/** A rule's summary as a heading: capitalised, unless it starts with code. */
export function headingOf(summary: string): string {
  const first = inlineSpans(summary)[0];
  return first && !first.code && /^[a-z]/.test(summary) ? summary[0]!.toUpperCase() + summary.slice(1) : summary;
}

/** "hunk 2", for references back to where something was told. */
/** The reasons the hunk's edits give for their choice at their place ("Line 7: printf() goes through the line buffer: …."), by the user file's line. */
export function hunkWhys(report: ExplainReport, hunk: ExplainHunk): string[] {
  return hunk.edits.flatMap((i) => {
    const e = report.edits[i]!;
    return e.why === undefined ? [] : [`Line ${e.source.line}: ${e.why}.`];
  });
}

export function hunkRef(hunk: ExplainHunk | number): string {
  return `hunk ${(typeof hunk === "number" ? hunk : hunk.index) + 1}`;
}

export function ruleAnchor(id: string): string {
  return `rule-${id}`;
}

export function topicAnchor(id: string): string {
  return `topic-${id}`;
}

export function hunkAnchor(hunk: ExplainHunk | number): string {
  return `hunk-${(typeof hunk === "number" ? hunk : hunk.index) + 1}`;
}

export const CLOSING_TITLE = "The module as a whole";
export const CLOSING_ANCHOR = "the-module-as-a-whole";

/** One sentence that says what the closing section covers, from the topics it has. */
export function closingIntro(report: ExplainReport): string {
  const gists: Record<string, string> = {
    "module-lifecycle": "how the kernel finds the module's init and exit functions and calls them",
    "module-license": "why the module must declare a license",
    "kernel-layout": "how the kernel style lays the file out and which tools check it",
    "kbuild-makefile": "how the module is built and loaded",
  };
  const parts = report.closing.map((id) => gists[id] ?? topicOf(report, id).title);
  const list = parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `What follows concerns the module as a whole rather than one change: ${list}.`;
}
export const UNPLACED_TITLE = "About lines the port kept";
export const UNCHANGED_RULES_TITLE = "Rules that changed no line";

/** A short label for a documentation link: the host and path, without the scheme and `.html`. */
export function docLabel(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\.html(?=$|#)/, "").replace(/\/$/, "");
}

export function safetyNote(rule: ExplainRule): string | undefined {
  return rule.safety === "review" ? "Review this change: the rule keeps the program's intent but cannot prove it keeps its exact meaning." : undefined;
}

/** The topics of the closing section that a hunk's changes bring in, with the rules behind them. */
export function fileTopicsOf(report: ExplainReport, hunk: ExplainHunk): ExplainTopic[] {
  return hunk.fileTopics.map((id) => report.topics.find((t) => t.id === id)!).filter(Boolean);
}

export function ruleOf(report: ExplainReport, id: string): ExplainRule {
  return report.rules.find((r) => r.id === id)!;
}

export function topicOf(report: ExplainReport, id: string): ExplainTopic {
  return report.topics.find((t) => t.id === id)!;
}

/** The source line and caret of a formatted diagnostic, without its first line (the message) and its note. */
export function diagnosticFrame(d: ExplainDiagnostic): string {
  return d.formatted
    .split("\n")
    .slice(1)
    .filter((l) => !l.startsWith("note: "))
    .join("\n");
}

/** ` at line 5, column 10`, and ` of \`list.c\`` where the diagnostic names its file (a program of several files). */
export function diagnosticWhere(d: ExplainDiagnostic): string {
  return d.range ? ` at line ${d.range.line}, column ${d.range.column}${d.file !== undefined ? ` of \`${d.file}\`` : ""}` : d.file !== undefined ? ` in \`${d.file}\`` : "";
}

export function severityLabel(d: ExplainDiagnostic): string {
  return d.severity === "error" ? "Error" : d.severity === "warning" ? "Warning" : "Note";
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
