// The explain report on a terminal: the colored diff, with the explanations wrapped to the width under each hunk.
//
// Colors come in as a Painter so that this file stays browser-safe: the CLI hands it picocolors
// (plain functions when standard output is not a terminal), a test hands it nothing.
import { inlineSpans } from "./inline.js";
import type { ExplainDiagnostic, ExplainHunk, ExplainReport, ExplainRule, ExplainTopic } from "./model.js";
import {
  CLOSING_TITLE,
  closingIntro,
  fileTopicsOf,
  hunkRef,
  hunkWhys,
  fileHeaderBefore,
  hunkPlace,
  hunkTitle,
  reportIntro,
  reportTitle,
  ruleOf,
  safetyNote,
  toldHere,
  topicOf,
  UNCHANGED_RULES_TITLE,
  UNPLACED_TITLE,
} from "./wording.js";

type Paint = (text: string) => string;

export interface Painter {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  cyan: Paint;
  yellow: Paint;
  magenta: Paint;
}

export interface TerminalOptions {
  /** Columns to wrap explanations to. */
  width: number;
  /** Colors; none when omitted. */
  painter?: Painter;
}

const identity: Paint = (t) => t;
const plain: Painter = { bold: identity, dim: identity, red: identity, green: identity, cyan: identity, yellow: identity, magenta: identity };

/** Explanations are indented under their heading; below this many columns the wrap stops narrowing. */
const INDENT = "    ";
const MIN_TEXT_WIDTH = 30;

export function renderTerminal(report: ExplainReport, options: TerminalOptions): string {
  const c = options.painter ?? plain;
  const width = Math.max(MIN_TEXT_WIDTH + INDENT.length, options.width);
  const out: string[] = [];
  const prose = (text: string, indent = INDENT) => out.push(...wrap(text, width, indent, c));
  const rule = (title: string) => out.push(c.bold(`── ${title} ${"─".repeat(Math.max(2, width - [...title].length - 4))}`));

  out.push(...wrap(reportTitle(report), width, "", c, c.bold));
  prose(reportIntro(report), "");
  out.push("");

  for (const hunk of report.hunks) {
    rule(hunkTitle(report, hunk));
    out.push(...wrap(hunkPlace(report, hunk), width, "", c, c.dim));
    out.push(...fileHeaderBefore(report, hunk).map((l) => c.bold(l)), ...diffLines(hunk, c), "");
    const whys = hunkWhys(report, hunk);
    for (const w of whys) out.push(...wrap(`- ${w}`, width, "  ", c, identity, "    "));
    if (whys.length > 0) out.push("");
    for (const id of hunk.rules) ruleBlock(ruleOf(report, id), hunk);
    for (const id of hunk.topics) topicBlock(topicOf(report, id), hunk);
    const closing = fileTopicsOf(report, hunk);
    if (closing.length > 0) out.push(...wrap(`More in "${CLOSING_TITLE}" below: ${closing.map((t) => t.title).join("; ")}.`, width, "  ", c, c.dim, INDENT), "");
    for (const i of hunk.diagnostics) diagnosticBlock(report.diagnostics[i]!);
    out.push("");
  }

  const unplaced = report.diagnostics.filter((d) => d.hunk === null);
  if (unplaced.length > 0) {
    rule(report.ok ? UNPLACED_TITLE : "Diagnostics");
    for (const d of unplaced) diagnosticBlock(d);
    out.push("");
  }
  const unchanged = report.rules.filter((r) => r.placement === "none");
  if (unchanged.length > 0) {
    rule(UNCHANGED_RULES_TITLE);
    for (const r of unchanged) ruleBlock(r, undefined);
    out.push("");
  }
  if (report.closing.length > 0) {
    rule(CLOSING_TITLE);
    prose(closingIntro(report), "");
    out.push("");
    for (const id of report.closing) {
      const topic = topicOf(report, id);
      out.push(...wrap(`▸ ${topic.title}`, width, "", c, (t) => c.bold(c.magenta(t)), "  "));
      paragraphs(topic.paragraphs);
      if (topic.id === "kbuild-makefile" && report.makefile) {
        out.push("", ...report.makefile.trimEnd().split("\n").map((l) => `${INDENT}${c.dim(l)}`));
      }
      for (const d of topic.docs) out.push(`${INDENT}${c.dim(d)}`);
      out.push("");
    }
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;

  /** Paragraphs of a topic, a blank line between them. */
  function paragraphs(texts: readonly string[]): void {
    texts.forEach((p, i) => {
      if (i > 0) out.push("");
      prose(p);
    });
  }

  function ruleBlock(r: ExplainRule, hunk: ExplainHunk | undefined): void {
    const head = `● ${r.id}: ${r.summary}`;
    if (hunk && !toldHere(r, hunk)) {
      out.push(...wrap(`${head} (explained at ${hunkRef(r.hunks[0]!)})`, width, "  ", c, c.dim, INDENT));
      return;
    }
    out.push(...wrap(head, width, "  ", c, c.bold, INDENT));
    prose(r.explanation);
    const review = safetyNote(r);
    if (review) out.push(...wrap(review, width, INDENT, c, c.yellow));
    for (const d of r.docs) out.push(`${INDENT}${c.dim(d)}`);
    out.push("");
  }

  function topicBlock(topic: ExplainTopic, hunk: ExplainHunk): void {
    if (!toldHere(topic, hunk)) {
      out.push(...wrap(`▸ Background: ${topic.title} (at ${hunkRef(topic.hunks[0]!)})`, width, "  ", c, c.dim, INDENT));
      return;
    }
    out.push(...wrap(`▸ Background: ${topic.title}`, width, "  ", c, (t) => c.bold(c.magenta(t)), INDENT));
    paragraphs(topic.paragraphs);
    for (const d of topic.docs) out.push(`${INDENT}${c.dim(d)}`);
    out.push("");
  }

  function diagnosticBlock(d: ExplainDiagnostic): void {
    const paint = d.severity === "error" ? c.red : d.severity === "warning" ? c.yellow : c.cyan;
    const [first, ...rest] = d.formatted.split("\n");
    out.push(`  ${paint(first!)}`, ...rest.map((l) => `  ${l.startsWith("note:") ? c.dim(l) : l}`), "");
  }
}

function diffLines(hunk: ExplainHunk, c: Painter): string[] {
  const lines = [c.cyan(hunk.heading ? `${hunk.header} ${hunk.heading}` : hunk.header)];
  for (const l of hunk.lines) {
    if (l.kind === "added") lines.push(c.green(`+${l.text}`));
    else if (l.kind === "removed") lines.push(c.red(`-${l.text}`));
    else if (l.kind === "context") lines.push(` ${l.text}`);
    else lines.push(c.dim(`\\ ${l.text}`));
  }
  return lines;
}

/**
 * Word-wraps prose to `width` columns (counted in code points), code in cyan; a word longer than
 * a line gets a line of its own rather than being cut.
 */
export function wrap(text: string, width: number, indent: string, c: Painter = plain, paint: Paint = identity, hang: string = indent): string[] {
  // A word is what lies between spaces; it may mix prose and code (`kmalloc()` followed by a comma).
  type Word = Array<{ text: string; code: boolean }>;
  const words: Word[] = [];
  let word: Word = [];
  for (const span of inlineSpans(text)) {
    for (const piece of span.text.split(/( +)/)) {
      if (piece === "") continue;
      if (piece.startsWith(" ")) {
        if (word.length > 0) words.push(word);
        word = [];
      } else word.push({ text: piece, code: span.code });
    }
  }
  if (word.length > 0) words.push(word);

  const room = Math.max(MIN_TEXT_WIDTH, width - Math.max(indent.length, hang.length));
  const length = (w: Word) => w.reduce((n, s) => n + [...s.text].length, 0);
  const draw = (w: Word) => w.map((s) => (s.code ? c.cyan(s.text) : s.text)).join("");
  const lines: string[] = [];
  let line: string[] = [];
  let used = 0;
  for (const w of words) {
    const visible = length(w);
    if (line.length > 0 && used + 1 + visible > room) {
      lines.push(line.join(" "));
      line = [];
      used = 0;
    }
    used += (line.length > 0 ? 1 : 0) + visible;
    line.push(draw(w));
  }
  if (line.length > 0) lines.push(line.join(" "));
  return lines.map((l, i) => (i === 0 ? indent : hang) + paint(l));
}
