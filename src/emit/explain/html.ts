// The explain report as one self-contained HTML page: each hunk's diff with its explanation beside it.
//
// No script, no font or image from the network: the page is a file a reviewer can open offline or
// attach to a ticket. The unified/side-by-side switch is two radio buttons and CSS. Below 900px
// the explanation moves under its diff and the diff scrolls sideways on its own, so a phone shows
// the page without zooming.
import escapeHtml from "escape-html";
import { inlineSpans, plainText } from "./inline.js";
import type { ExplainDiagnostic, ExplainDiffLine, ExplainHunk, ExplainReport, ExplainRule, ExplainTopic } from "./model.js";
import {
  CLOSING_ANCHOR,
  CLOSING_TITLE,
  closingIntro,
  diagnosticFrame,
  diagnosticWhere,
  docLabel,
  fileTopicsOf,
  headingOf,
  hunkRef,
  hunkWhys,
  hunkAnchor,
  fileHeaderBefore,
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

const esc = (text: string): string => escapeHtml(text);

export function renderHtml(report: ExplainReport): string {
  const body: string[] = [];
  body.push(
    `<input type="radio" name="view" id="view-unified" class="view-choice" checked>`,
    `<input type="radio" name="view" id="view-split" class="view-choice">`,
    `<header class="page">`,
    `<h1>${inline(reportTitle(report))}</h1>`,
    `<p class="intro">${inline(reportIntro(report))}</p>`,
  );
  if (report.hunks.length > 0) {
    body.push(
      `<div class="toolbar"><span>Diff:</span> <label for="view-unified">Unified</label> <label for="view-split">Side by side</label></div>`,
      `<nav class="toc"><ol>`,
      ...report.hunks.map(
        (h) => `<li><a href="#${hunkAnchor(h)}">${esc(hunkTitle(report, h))}</a> <span class="toc-rules">${h.rules.map((id) => `<code>${esc(id)}</code>`).join(" ")}</span></li>`,
      ),
      report.closing.length > 0 ? `<li><a href="#${CLOSING_ANCHOR}">${esc(CLOSING_TITLE)}</a></li>` : "",
      `</ol></nav>`,
    );
  }
  body.push(`</header>`, `<main>`);
  for (const hunk of report.hunks) body.push(renderHunk(report, hunk));

  const unplaced = report.diagnostics.filter((d) => d.hunk === null);
  if (unplaced.length > 0) {
    body.push(`<section class="notes"><h2>${esc(report.ok ? UNPLACED_TITLE : "Diagnostics")}</h2>`, ...unplaced.map(renderDiagnostic), `</section>`);
  }
  const unchanged = report.rules.filter((r) => r.placement === "none");
  if (unchanged.length > 0) {
    body.push(`<section class="notes"><h2>${esc(UNCHANGED_RULES_TITLE)}</h2>`, ...unchanged.map((r) => renderRule(r)), `</section>`);
  }
  if (report.closing.length > 0) {
    body.push(`<section class="closing" id="${CLOSING_ANCHOR}"><h2>${esc(CLOSING_TITLE)}</h2><p>${inline(closingIntro(report))}</p>`);
    for (const id of report.closing) body.push(renderClosingTopic(report, topicOf(report, id)));
    body.push(`</section>`);
  }
  body.push(`</main>`);

  return [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="generator" content="kernelize explain">`,
    `<title>${esc(plainText(reportTitle(report)))}</title>`,
    `<style>${STYLE}${highlightRules(report)}</style>`,
    `</head>`,
    `<body>`,
    ...body.filter((l) => l !== ""),
    `</body>`,
    `</html>`,
    ``,
  ].join("\n");
}

function renderHunk(report: ExplainReport, hunk: ExplainHunk): string {
  const explain: string[] = [];
  const whys = hunkWhys(report, hunk);
  if (whys.length > 0) explain.push(`<ul class="why">${whys.map((w) => `<li>${inline(w)}</li>`).join("")}</ul>`);
  for (const id of hunk.rules) {
    const rule = ruleOf(report, id);
    if (toldHere(rule, hunk)) explain.push(renderRule(rule));
    else {
      const first = report.hunks[rule.hunks[0]!]!;
      explain.push(
        `<article class="rule ref" data-rule="${esc(rule.id)}"><h3>${inline(headingOf(rule.summary))}</h3><p><code>${esc(rule.id)}</code>: explained at <a href="#${ruleAnchor(rule.id)}">${esc(hunkRef(first))}</a>.</p></article>`,
      );
    }
  }
  for (const id of hunk.topics) {
    const topic = topicOf(report, id);
    if (toldHere(topic, hunk)) explain.push(renderTopic(topic));
    else {
      const first = report.hunks[topic.hunks[0]!]!;
      explain.push(
        `<p class="topic ref" data-topic="${esc(topic.id)}">Background: <a href="#${topicAnchor(topic.id)}">${inline(topic.title)}</a>, at ${esc(hunkRef(first))}.</p>`,
      );
    }
  }
  const closing = fileTopicsOf(report, hunk);
  if (closing.length > 0) {
    explain.push(
      `<p class="more">More in <a href="#${CLOSING_ANCHOR}">${esc(CLOSING_TITLE)}</a>: ${closing.map((t) => `<a href="#${topicAnchor(t.id)}">${inline(t.title)}</a>`).join("; ")}.</p>`,
    );
  }
  for (const i of hunk.diagnostics) explain.push(renderDiagnostic(report.diagnostics[i]!));

  return [
    `<section class="hunk" id="${hunkAnchor(hunk)}" data-hunk="${hunk.index}" data-rules="${esc(hunk.rules.join(" "))}">`,
    `<h2>${esc(hunkTitle(report, hunk))} <span class="place">${inline(hunkPlace(report, hunk))}</span></h2>`,
    `<div class="hunk-body">`,
    `<div class="hunk-diff">`,
    ...fileHeaderBefore(report, hunk).map((l) => `<div class="file-header"><code>${esc(l)}</code></div>`),
    `<div class="hunk-header"><code>${esc(hunk.header)}</code>${hunk.heading ? ` <code class="heading">${esc(hunk.heading)}</code>` : ""}</div>`,
    unifiedTable(report, hunk),
    splitTable(report, hunk),
    `</div>`,
    `<aside class="hunk-explain" aria-label="Why these changes">`,
    ...explain,
    `</aside>`,
    `</div>`,
    `</section>`,
  ].join("\n");
}

function lineRules(report: ExplainReport, line: ExplainDiffLine): string {
  return [...new Set(line.edits.map((i) => report.edits[i]!.ruleId))].join(" ");
}

/** class and data-rules of a row or cell: its kind (or `empty` for the blank side of a split row) and the rules behind it. */
function lineAttributes(report: ExplainReport, line: ExplainDiffLine | undefined, cellClass?: string): string {
  const classes = [cellClass, line ? line.kind : "empty"].filter(Boolean).join(" ");
  const rules = line ? lineRules(report, line) : "";
  return ` class="${classes}"${rules ? ` data-rules="${esc(rules)}"` : ""}`;
}

const SIGN: Record<ExplainDiffLine["kind"], string> = { added: "+", removed: "-", context: " ", "no-newline": "\\" };

function unifiedTable(report: ExplainReport, hunk: ExplainHunk): string {
  const rows = hunk.lines.map(
    (l) =>
      `<tr${lineAttributes(report, l)}><td class="num">${l.oldLine ?? ""}</td><td class="num">${l.newLine ?? ""}</td><td class="sign">${SIGN[l.kind]}</td><td class="code">${esc(l.text)}</td></tr>`,
  );
  return `<div class="scroll"><table class="diff unified"><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

/** Side by side: context on both sides; a run of removed lines faces the run of added lines after it, row by row. */
function splitTable(report: ExplainReport, hunk: ExplainHunk): string {
  const rows: Array<[ExplainDiffLine | undefined, ExplainDiffLine | undefined]> = [];
  let removed: ExplainDiffLine[] = [];
  let added: ExplainDiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) rows.push([removed[i], added[i]]);
    removed = [];
    added = [];
  };
  for (const l of hunk.lines) {
    if (l.kind === "removed") {
      if (added.length > 0) flush();
      removed.push(l);
    } else if (l.kind === "added") added.push(l);
    else {
      flush();
      rows.push([l, l]);
    }
  }
  flush();
  const cell = (l: ExplainDiffLine | undefined, side: "old" | "new") => {
    const num = l ? (side === "old" ? l.oldLine : l.newLine) ?? "" : "";
    return `<td${lineAttributes(report, l, "num")}>${num}</td><td${lineAttributes(report, l, "code")}>${l ? esc(l.text) : ""}</td>`;
  };
  const html = rows.map(([a, b]) => `<tr>${cell(a, "old")}${cell(b, "new")}</tr>`);
  return `<div class="scroll split-view"><table class="diff split"><colgroup><col class="num"><col><col class="num"><col></colgroup><tbody>\n${html.join("\n")}\n</tbody></table></div>`;
}

function renderRule(rule: ExplainRule): string {
  const review = safetyNote(rule);
  return [
    `<article class="rule" id="${ruleAnchor(rule.id)}" data-rule="${esc(rule.id)}">`,
    `<h3>${inline(headingOf(rule.summary))}</h3>`,
    `<p class="rule-id"><code>${esc(rule.id)}</code> <span class="safety ${rule.safety}">${esc(rule.safety)}</span></p>`,
    `<p>${inline(rule.explanation)}</p>`,
    review ? `<p class="review">${inline(review)}</p>` : "",
    docsList(rule.docs, "Kernel documentation"),
    `</article>`,
  ]
    .filter((l) => l !== "")
    .join("\n");
}

function renderTopic(topic: ExplainTopic): string {
  return [
    `<article class="topic" id="${topicAnchor(topic.id)}" data-topic="${esc(topic.id)}">`,
    `<h3><span class="kicker">Background</span> ${inline(topic.title)}</h3>`,
    ...topic.paragraphs.map((p) => `<p>${inline(p)}</p>`),
    docsList(topic.docs, "Read more"),
    `</article>`,
  ].join("\n");
}

function renderClosingTopic(report: ExplainReport, topic: ExplainTopic): string {
  const where =
    topic.hunks.length > 0
      ? `<p class="brought">Brought in by ${topic.rules.map((r) => `<code>${esc(r)}</code>`).join(", ")} at ${topic.hunks
          .map((h) => `<a href="#${hunkAnchor(h)}">${esc(hunkTitle(report, report.hunks[h]!))}</a>`)
          .join(", ")}.</p>`
      : "";
  const makefile = topic.id === "kbuild-makefile" && report.makefile ? `<pre class="makefile"><code>${esc(report.makefile.trimEnd())}</code></pre>` : "";
  return [
    `<article class="topic file" id="${topicAnchor(topic.id)}" data-topic="${esc(topic.id)}">`,
    `<h3>${inline(topic.title)}</h3>`,
    where,
    ...topic.paragraphs.map((p) => `<p>${inline(p)}</p>`),
    makefile,
    docsList(topic.docs, "Read more"),
    `</article>`,
  ]
    .filter((l) => l !== "")
    .join("\n");
}

function renderDiagnostic(d: ExplainDiagnostic): string {
  const frame = diagnosticFrame(d);
  return [
    `<div class="diagnostic ${d.severity}" data-code="${esc(d.code)}">`,
    `<p><strong>${esc(severityLabel(d))} ${esc(d.code)}</strong>${inline(diagnosticWhere(d))}: ${inline(d.message)}</p>`,
    frame ? `<pre>${esc(frame)}</pre>` : "",
    d.note ? `<p class="suggestion">Suggestion: ${inline(d.note)}</p>` : "",
    `</div>`,
  ]
    .filter((l) => l !== "")
    .join("\n");
}

function docsList(urls: readonly string[], label: string): string {
  if (urls.length === 0) return "";
  return `<p class="docs">${esc(label)}: ${urls.map((u) => `<a href="${esc(u)}">${esc(docLabel(u))}</a>`).join(" · ")}</p>`;
}

function inline(text: string): string {
  return inlineSpans(text)
    .map((s) => (s.code ? `<code>${esc(s.text)}</code>` : esc(s.text)))
    .join("");
}

/** Hovering a rule's explanation outlines the diff lines it changed (rule ids are kebab-case, safe in a selector). */
function highlightRules(report: ExplainReport): string {
  return report.rules
    .map((r) => `.hunk:has(.rule[data-rule="${r.id}"]:hover) [data-rules~="${r.id}"]{background:var(--hl)}`)
    .join("\n");
}

const STYLE = `
:root{--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--add:#dafbe1;--add-num:#aceebb;--del:#ffebe9;--del-num:#ffcecb;--hl:#fff8c5;--accent:#0969da;--warn:#9a6700;--err:#cf222e;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--add:#12261e;--add-num:#1c4428;--del:#25171c;--del-num:#542426;--hl:#3a3000;--accent:#4493f8;--warn:#d29922;--err:#f85149}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.page,main{max-width:1400px;margin:0 auto;padding:0 1.25rem}
header.page{padding-top:1.5rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
h2{font-size:1.25rem;margin:0 0 .75rem}
h3{font-size:1.05rem;margin:0 0 .4rem;line-height:1.35}
a{color:var(--accent)}
code,pre,.diff{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:.875em}
p code,h3 code,li code{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 .25em;overflow-wrap:anywhere}
.intro{color:var(--muted);max-width:80ch}
.toolbar{margin:1rem 0 .5rem;display:flex;gap:.5rem;align-items:center;color:var(--muted)}
.toolbar label{border:1px solid var(--line);border-radius:6px;padding:.15rem .6rem;cursor:pointer;color:var(--fg)}
.view-choice{position:absolute;opacity:0;pointer-events:none}
#view-unified:checked~header label[for=view-unified],#view-split:checked~header label[for=view-split]{background:var(--accent);border-color:var(--accent);color:#fff}
.toc ol{margin:.5rem 0 1.5rem;padding-left:1.5rem}
.toc-rules code{font-size:.8em}
.hunk{border-top:1px solid var(--line);padding:1.25rem 0}
.hunk h2 .place{display:block;font-size:.85rem;font-weight:normal;color:var(--muted)}
.hunk-body{display:grid;grid-template-columns:minmax(0,7fr) minmax(0,5fr);gap:1.5rem;align-items:start}
.hunk-diff{border:1px solid var(--line);border-radius:8px;overflow:hidden;min-width:0}
@media (min-width:901px){.hunk-diff{position:sticky;top:.75rem;max-height:calc(100vh - 1.5rem);overflow:auto}}
.hunk-header{background:var(--panel);border-bottom:1px solid var(--line);padding:.35rem .75rem;color:var(--muted);overflow-x:auto;white-space:nowrap}
.hunk-header code{font-size:.8rem}
.file-header{background:var(--panel);padding:.1rem .75rem;font-weight:600;overflow-x:auto;white-space:nowrap}
.file-header code{font-size:.8rem}
.scroll{overflow-x:auto}
.diff{border-collapse:collapse;width:100%;tab-size:8;-moz-tab-size:8;line-height:1.45}
.diff td{padding:0 .5rem;vertical-align:top}
.diff td.code{white-space:pre;width:100%}
.diff td.num{color:var(--muted);text-align:right;user-select:none;min-width:2.25rem;white-space:nowrap}
.diff td.sign{user-select:none;padding:0 .25rem;color:var(--muted)}
.diff tr.added td,.diff td.added{background:var(--add)}
.diff tr.added td.num,.diff td.num.added{background:var(--add-num)}
.diff tr.removed td,.diff td.removed{background:var(--del)}
.diff tr.removed td.num,.diff td.num.removed{background:var(--del-num)}
.diff td.empty{background:var(--panel)}
.diff tr.no-newline td{color:var(--muted);font-style:italic}
.diff.split{table-layout:fixed}
.diff.split col.num{width:3rem}
.diff.split td.code{white-space:pre-wrap;overflow-wrap:anywhere;width:auto}
.split-view{display:none}
#view-split:checked~main .split-view{display:block}
#view-split:checked~main .unified{display:none}
.hunk-explain>*+*{margin-top:1rem}
.hunk-explain p,.closing p,.notes p{margin:.4rem 0}
.rule,.topic{border-left:3px solid var(--line);padding-left:.9rem}
.rule{border-left-color:var(--accent)}
.topic{border-left-color:#8250df}
.rule.ref h3{font-size:.95rem}
.rule.ref,.topic.ref,.more{color:var(--muted)}
.kicker{display:block;font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:#8250df}
.rule-id{color:var(--muted)}
.safety{font-size:.75rem;border:1px solid var(--line);border-radius:999px;padding:0 .5em}
.safety.review,.review{color:var(--warn)}
.docs{font-size:.85rem;color:var(--muted);overflow-wrap:anywhere}
.diagnostic{border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:6px;padding:.5rem .75rem;background:var(--panel)}
.diagnostic.error{border-left-color:var(--err)}
.diagnostic pre,.makefile{overflow-x:auto;margin:.5rem 0 0;font-size:.8rem;tab-size:8}
.makefile code{font-size:inherit}
.makefile{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem}
.closing,.notes{border-top:1px solid var(--line);padding:1.25rem 0 2rem}
.closing .topic{max-width:80ch;margin-top:1.25rem}
.brought{font-size:.85rem;color:var(--muted)}
@media (max-width:900px){
.hunk-body{grid-template-columns:minmax(0,1fr)}
.diff{tab-size:4;-moz-tab-size:4}
.diff td.num{min-width:1.75rem;padding:0 .3rem}
.toolbar,.split-view,#view-split:checked~main .split-view{display:none}
#view-split:checked~main .unified{display:table}
body{font-size:15px}
header.page,main{padding:0 .75rem}
}
`;
