// Splits explanation prose into plain text and code, so each renderer can set code apart its own way.
//
// Topics mark code with backticks. Rule explanations are plain sentences that also serve
// diagnostics and --help, so code in them is recognised by its shape: calls, headers, macros,
// identifiers with underscores, errno names, escapes and format conversions.

export interface InlineSpan {
  code: boolean;
  text: string;
}

const CODE_SHAPES = [
  String.raw`<[A-Za-z0-9_./-]+\.h>`, // <linux/slab.h>
  String.raw`<[a-z]+>(?:[A-Za-z0-9_]*\(\))?`, // <prefix>_init()
  String.raw`\b[A-Za-z_][A-Za-z0-9_*]*\((?:[^()\n]{0,40}?)\)`, // kmalloc(), pr_*(), pr_info(fmt, ...)
  String.raw`\b[a-z0-9_]+(?:/[A-Za-z0-9_.-]+)+\.(?:c|h|rst)\b`, // lib/string.c
  String.raw`\b_*[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+_?\b(?:\*)?`, // GFP_KERNEL, finit_module, KERN_*
  String.raw`\b[A-Z]+_\*`, // KERN_*
  String.raw`-?\bE[A-Z][A-Z0-9]{2,}\b`, // -ENOMEM
  String.raw`"(?:[^"\\\n]|\\.)*(?:\\|%)(?:[^"\\\n]|\\.)*"`, // "\001", "%s"
  String.raw`\\[nt0-7]+`, // \n
  String.raw`%[a-z]\b`, // %p
].join("|");

/** Plain text and code spans; backtick spans are kept as written, the rest is recognised by shape. */
export function inlineSpans(text: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  const push = (code: boolean, t: string) => {
    if (t === "") return;
    const last = spans.at(-1);
    if (last && last.code === code && !code) last.text += t;
    else spans.push({ code, text: t });
  };
  const parts = text.split(/(`[^`]+`)/);
  for (const part of parts) {
    if (part.startsWith("`") && part.endsWith("`") && part.length > 2) {
      push(true, part.slice(1, -1));
      continue;
    }
    const shapes = new RegExp(CODE_SHAPES, "g");
    let cursor = 0;
    for (const m of part.matchAll(shapes)) {
      push(false, part.slice(cursor, m.index));
      push(true, m[0]);
      cursor = m.index + m[0].length;
    }
    push(false, part.slice(cursor));
  }
  return spans;
}

/** The text with backticks removed: what a reader of plain text (JSON, a terminal) sees. */
export function plainText(text: string): string {
  return text.replace(/`([^`]+)`/g, "$1");
}
