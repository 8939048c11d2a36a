// Which of a port's allocation calls are the program's own allocations, and which only the port makes.
import type { AppliedEdit } from "../core/edits.js";
import { LineIndex } from "../core/diagnostics.js";
import { codeSpans } from "../core/parse.js";
import { hasWord, wordsAmong } from "../core/words.js";
import { COUNTED_ALLOCATORS } from "./fault.js";
import { WRAPPED_ALLOCATORS } from "./userspace.js";

/** An allocation call in the port that no allocation of the program stands behind. */
export interface PortOnlySite {
  /** The allocator the port calls (`kcalloc`). */
  fn: string;
  /** The port's lines the call spans, first to last: the test build's __LINE__ is one of them. */
  firstLine: number;
  lastLine: number;
  /** The user's line it stands on (a moved array's declaration), when the edit came from one. */
  userLine: number;
  /** The rule that wrote it in place of the program's text. */
  ruleId: string;
  /** In a module of several objects: the ported file it is in (its path in the module) and the program's file `userLine` is in. */
  file?: string;
  userFile?: string;
}

/**
 * portOnlyAllocationSites() for a module of several objects: each ported .c file against the
 * program's file it came from, with the edits of the port of the whole program that landed in it.
 */
export function programPortOnlySites(
  programFiles: ReadonlyArray<{ path: string; text: string }>,
  portFiles: ReadonlyArray<{ path: string; text: string; source?: string }>,
  edits: ReadonlyArray<AppliedEdit & { file: string; outputFile: string }>,
): PortOnlySite[] {
  const sources = new Map(programFiles.map((f) => [f.path, f.text]));
  return portFiles.flatMap((f) => {
    const source = f.source !== undefined ? sources.get(f.source) : undefined;
    if (source === undefined || !f.path.endsWith(".c")) return [];
    // Only the edits of this file's own text: an edit from another file has offsets in another text.
    const own = edits.filter((e) => e.outputFile === f.path && e.file === f.source);
    return portOnlyAllocationSites(source, f.text, own).map((site) => ({ ...site, file: f.path, userFile: f.source! }));
  });
}

/** The counted allocators, and the tracker's macros around them (tracked_kcalloc()), which count where they are used. */
const COUNTED: ReadonlySet<string> = new Set([...COUNTED_ALLOCATORS, ...COUNTED_ALLOCATORS.map((name) => `tracked_${name}`)]);
const WRAPPED: ReadonlySet<string> = new Set(WRAPPED_ALLOCATORS);
/** Every allocator's name, the C library's and the kernel's. */
const NAMED: ReadonlySet<string> = new Set([...COUNTED, ...WRAPPED]);

/**
 * The allocation calls of the port that the program does not make. A call is the program's when the
 * text that names the allocator was written by an edit that replaced one of the program's own calls
 * of a C library allocator (`malloc` became `kmalloc`, a `calloc(...)` call became `kcalloc(...)`),
 * or was copied from the program unchanged. Otherwise a rule wrote it in place of something that
 * allocated nothing: an array's declaration moved to the heap (large-stack-frames-to-heap,
 * stack-arrays-to-kmalloc), a helper the port defines. The line alone cannot tell: a moved array's
 * kcalloc() stands on the line of the array's declaration, on purpose, so that the line map points
 * the user at the array; which edit wrote the allocator's name says whether the program allocated
 * there. Calls inside a macro's body (the port's tracked_kmalloc()) count where the macro is used,
 * on a line that names no allocator, and stay the program's.
 */
export function portOnlyAllocationSites(original: string, module: string, edits: readonly AppliedEdit[]): PortOnlySite[] {
  const moduleLines = new LineIndex(module);
  const originalLines = new LineIndex(original);
  const sites: PortOnlySite[] = [];
  for (const span of codeSpans(module)) {
    for (const { word, index } of wordsAmong(module, COUNTED, span.start, span.end)) {
      const open = nextNonBlank(module, index + word.length);
      if (module[open] !== "(") continue;
      const edit = innermostEditAt(edits, index);
      // The edit must have written this very name: a module edited by hand after the port (its
      // offsets no longer the edits') is read as the program's own, as it was before.
      if (!edit || !hasWord(edit.text, word) || replacedAnAllocation(original, edit)) continue;
      // The rule that wrote the allocation where the program had none (a later phase may have
      // renamed it: calloc to kcalloc); an earlier edit there that wrote no allocator (a
      // declaration split in two before its arrays moved) did not.
      const writer = outermostEditAt(edits, index, (e) => wordsAmong(e.text, NAMED).length > 0) ?? edit;
      const close = matchingParenthesis(module, open);
      sites.push({
        fn: word.replace(/^tracked_/, ""),
        firstLine: moduleLines.position(index).line,
        lastLine: moduleLines.position(close).line,
        userLine: originalLines.position(Math.min(edit.source.start, original.length)).line,
        ruleId: writer.ruleId,
      });
    }
  }
  return sites;
}

/**
 * The smallest edit whose output holds `offset` (a later phase's edit inside an earlier one's text);
 * of two with the same span, the later, which rewrote the earlier's text (kcalloc to tracked_kcalloc).
 */
function innermostEditAt(edits: readonly AppliedEdit[], offset: number): AppliedEdit | undefined {
  let inner: AppliedEdit | undefined;
  for (const e of edits) {
    if (e.output.start <= offset && offset < e.output.end && (!inner || e.output.end - e.output.start <= inner.output.end - inner.output.start)) inner = e;
  }
  return inner;
}

/** Whether the program's text the edit replaced names one of the C library's allocators (an insertion: at its point). */
function replacedAnAllocation(original: string, edit: AppliedEdit): boolean {
  const end = Math.max(edit.source.end, edit.source.start + 1);
  // Whole words are read from the start of the line, so that `xmalloc` is not taken for `malloc`.
  const from = original.lastIndexOf("\n", edit.source.start - 1) + 1;
  const lineEnd = original.indexOf("\n", end);
  const to = lineEnd < 0 ? original.length : lineEnd;
  return wordsAmong(original, WRAPPED, from, to).some((w) => w.index < end && w.index + w.word.length > edit.source.start);
}

/** The largest edit whose output holds `offset` (of those `wrote` accepts): the first to write the text there. */
function outermostEditAt(edits: readonly AppliedEdit[], offset: number, wrote: (edit: AppliedEdit) => boolean): AppliedEdit | undefined {
  let outer: AppliedEdit | undefined;
  for (const e of edits) {
    if (e.output.start <= offset && offset < e.output.end && (!outer || e.output.end - e.output.start > outer.output.end - outer.output.start) && wrote(e)) outer = e;
  }
  return outer;
}

function nextNonBlank(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** The offset of the `)` that closes the `(` at `open` (the text's end if none). */
function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length;
}
