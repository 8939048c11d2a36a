// The explain report as Markdown that reads as it is on a code-hosting site (GitHub, GitLab, Forgejo).
import { inlineSpans } from "./inline.js";
import type { ExplainDiagnostic, ExplainHunk, ExplainReport, ExplainRule, ExplainTopic } from "./model.js";
import {
  CLOSING_ANCHOR,
  CLOSING_TITLE,
  closingIntro,
  diagnosticFrame,
  diagnosticWhere,
  docLabel,
  fileHeaderBefore,
  fileTopicsOf,
  headingOf,
  hunkRef,
  hunkWhys,
  hunkAnchor,
  hunkPlace,
  hunkTitle,
  reportIntro,
  reportTitle,
  ruleAnchor,
  ruleOf,
  safetyNote,
  severityLabel,
  toldHere,
  topicAnchor,
  topicOf,
  UNCHANGED_RULES_TITLE,
  UNPLACED_TITLE,
} from "./wording.js";

export function renderMarkdown(report: ExplainReport): string {
  const out: string[] = [];
  out.push(`# ${inline(reportTitle(report))}`, "", inline(reportIntro(report)), "");

  if (report.hunks.length > 0) {
    out.push("**Contents**", "");
    for (const hunk of report.hunks) {
      const file = hunk.file !== undefined && report.program ? ` (${code(report.program[hunk.file]!.user)})` : "";
      out.push(`- [${hunkTitle(report, hunk)}](#${hunkAnchor(hunk)})${file}: ${hunk.rules.map((id) => code(id)).join(", ")}`.trimEnd());
    }
    if (report.closing.length > 0) out.push(`- [${CLOSING_TITLE}](#${CLOSING_ANCHOR})`);
    out.push("");
  }

  for (const hunk of report.hunks) out.push(...renderHunk(report, hunk));

  const unplaced = report.diagnostics.filter((d) => d.hunk === null);
  if (unplaced.length > 0) {
    out.push(`## ${report.ok ? UNPLACED_TITLE : "Diagnostics"}`, "");
    for (const d of unplaced) out.push(...renderDiagnostic(d));
  }

  const unchanged = report.rules.filter((r) => r.placement === "none");
  if (unchanged.length > 0) {
    out.push(`## ${UNCHANGED_RULES_TITLE}`, "");
    for (const rule of unchanged) out.push(...renderRule(rule, true));
  }

  if (report.closing.length > 0) {
    out.push(`<a id="${CLOSING_ANCHOR}"></a>`, "", `## ${CLOSING_TITLE}`, "", inline(closingIntro(report)), "");
    for (const id of report.closing) out.push(...renderClosingTopic(report, topicOf(report, id)));
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function renderHunk(report: ExplainReport, hunk: ExplainHunk): string[] {
  const out = [`<a id="${hunkAnchor(hunk)}"></a>`, "", `## ${hunkTitle(report, hunk)}: ${inline(hunkPlace(report, hunk))}`, ""];
  const diff = [...fileHeaderBefore(report, hunk), hunk.heading ? `${hunk.header} ${hunk.heading}` : hunk.header];
  for (const line of hunk.lines) {
    diff.push(line.kind === "added" ? `+${line.text}` : line.kind === "removed" ? `-${line.text}` : line.kind === "context" ? ` ${line.text}` : `\\ ${line.text}`);
  }
  out.push(...fenced("diff", diff.join("\n")), "");
  const whys = hunkWhys(report, hunk);
  if (whys.length > 0) out.push(...whys.map((w) => `- ${inline(w)}`), "");
  for (const id of hunk.rules) {
    const rule = ruleOf(report, id);
    if (toldHere(rule, hunk)) out.push(...renderRule(rule, true));
    else {
      out.push(`### ${inline(headingOf(rule.summary))}`, "", `${code(rule.id)}: explained at [${hunkRef(rule.hunks[0]!)}](#${ruleAnchor(rule.id)}).`, "");
    }
  }
  for (const id of hunk.topics) {
    const topic = topicOf(report, id);
    if (toldHere(topic, hunk)) out.push(...renderTopic(topic, "###"));
    else out.push(`> Background: [${inline(topic.title)}](#${topicAnchor(topic.id)}), at ${hunkRef(topic.hunks[0]!)}.`, "");
  }
  const closing = fileTopicsOf(report, hunk);
  if (closing.length > 0) {
    out.push(`> More in [${CLOSING_TITLE}](#${CLOSING_ANCHOR}): ${closing.map((t) => `[${inline(t.title)}](#${topicAnchor(t.id)})`).join("; ")}.`, "");
  }
  for (const i of hunk.diagnostics) out.push(...renderDiagnostic(report.diagnostics[i]!));
  return out;
}

function renderRule(rule: ExplainRule, anchored: boolean): string[] {
  const out = anchored ? [`<a id="${ruleAnchor(rule.id)}"></a>`, ""] : [];
  out.push(`### ${inline(headingOf(rule.summary))}`, "");
  const review = safetyNote(rule);
  out.push(`Rule ${code(rule.id)}${review ? ` (**review**)` : ""}. ${inline(rule.explanation)}`, "");
  if (review) out.push(`> ${inline(review)}`, "");
  if (rule.docs.length > 0) out.push(`Kernel documentation: ${links(rule.docs)}.`, "");
  return out;
}

function renderTopic(topic: ExplainTopic, level: string): string[] {
  const out = [`<a id="${topicAnchor(topic.id)}"></a>`, "", `${level} Background: ${inline(topic.title)}`, ""];
  for (const p of topic.paragraphs) out.push(inline(p), "");
  if (topic.docs.length > 0) out.push(`Read more: ${links(topic.docs)}.`, "");
  return out;
}

function renderClosingTopic(report: ExplainReport, topic: ExplainTopic): string[] {
  const out = [`<a id="${topicAnchor(topic.id)}"></a>`, "", `### ${inline(topic.title)}`, ""];
  if (topic.hunks.length > 0) {
    const where = topic.hunks.map((h) => `[${hunkTitle(report, report.hunks[h]!)}](#${hunkAnchor(h)})`).join(", ");
    out.push(`*Brought in by ${topic.rules.map(code).join(", ")} at ${where}.*`, "");
  }
  for (const p of topic.paragraphs) out.push(inline(p), "");
  if (topic.id === "kbuild-makefile" && report.makefile) out.push(...fenced("make", report.makefile.trimEnd()), "");
  if (topic.docs.length > 0) out.push(`Read more: ${links(topic.docs)}.`, "");
  return out;
}

function renderDiagnostic(d: ExplainDiagnostic): string[] {
  const frame = diagnosticFrame(d);
  return [
    `> **${severityLabel(d)} ${d.code}**${inline(diagnosticWhere(d))}: ${inline(d.message)}`,
    "",
    ...(frame ? [...fenced("text", frame), ""] : []),
    ...(d.note ? [`Suggestion: ${inline(d.note)}`, ""] : []),
  ];
}

/** Prose with code set in code spans and everything else escaped, so no character is taken for Markdown. */
export function inlineMarkdown(text: string): string {
  return inline(text);
}

function inline(text: string): string {
  return inlineSpans(text)
    .map((s) => (s.code ? code(s.text) : escapeMarkdown(s.text)))
    .join("");
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, "\\$&").replace(/&(?=[#A-Za-z0-9]+;)/g, "&amp;");
}

/** A code span whose fence is longer than any run of backticks inside it. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function fenced(language: string, body: string): string[] {
  const longest = Math.max(0, ...[...body.matchAll(/^ {0,3}(`{3,}|~{3,})/gm)].map((m) => m[1]!.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, body, fence];
}

function links(urls: readonly string[]): string {
  return urls.map((u) => `[${escapeMarkdown(docLabel(u))}](${u})`).join(" · ");
}
