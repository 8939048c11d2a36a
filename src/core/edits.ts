// Byte-range text edits over the user's own source: collect, reject overlaps, apply, and map offsets back.

export interface TextEdit {
  /** Start offset in the text the edit applies to. */
  start: number;
  /** End offset (exclusive); equal to start for an insertion. */
  end: number;
  /** Replacement text. */
  text: string;
  /** The rule that asked for this change. */
  ruleId: string;
  /** Why the rule chose this change for this place, where the rule's explanation leaves a choice open (the explain report shows it). */
  why?: string;
}

/** An edit after application: where it sits in the original input and in the output. */
export interface AppliedEdit extends TextEdit {
  /** Range this edit covered, in the original user source (insertions are empty ranges). */
  source: { start: number; end: number };
  /** Range of the replacement text in the final output. */
  output: { start: number; end: number };
  /** Pipeline phase that produced it (0-based). */
  phase: number;
}

export class EditConflictError extends Error {
  constructor(
    readonly first: TextEdit,
    readonly second: TextEdit,
  ) {
    super(
      `overlapping edits: ${first.ruleId} [${first.start},${first.end}) and ${second.ruleId} [${second.start},${second.end})`,
    );
    this.name = "EditConflictError";
  }
}

/**
 * Sorts edits by position. Two edits conflict when their ranges share a character, or when an
 * insertion falls strictly inside a replaced range. Insertions at the same offset keep the order
 * in which they were produced (rule order), which is deterministic; edits that touch at an end
 * point do not conflict.
 */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((a, b) => a.edit.start - b.edit.start || widthRank(a.edit) - widthRank(b.edit) || a.order - b.order)
    .map(({ edit }) => edit);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const next = sorted[i]!;
    if (next.start < prev.end) throw new EditConflictError(prev, next);
    if (next.start === prev.start && prev.end > prev.start && next.end > next.start) throw new EditConflictError(prev, next);
  }
  return sorted;
}

// Insertions at an offset go before a replacement starting at the same offset.
function widthRank(edit: TextEdit): number {
  return edit.end === edit.start ? 0 : 1;
}

/** A piece of the output: either copied from the input at `from`, or produced by an edit. */
interface Segment {
  outStart: number;
  length: number;
  /** Input offset of the segment's first character when copied; the edit's input start otherwise. */
  inStart: number;
  copied: boolean;
  inEnd: number;
}

/** Maps offsets in an edited text back to the text the edits were applied to. */
export class OffsetMap {
  private readonly nonEmpty: readonly Segment[];
  constructor(private readonly segments: readonly Segment[]) {
    this.nonEmpty = segments.filter((s) => s.length > 0);
  }

  static identity(length: number): OffsetMap {
    return new OffsetMap([{ outStart: 0, length, inStart: 0, inEnd: length, copied: true }]);
  }

  /** The input offset an output offset came from; text produced by an edit maps to the edit's input start. */
  toInput(offset: number): number {
    const seg = this.segmentAt(offset);
    if (!seg) return this.segments.at(-1)?.inEnd ?? offset;
    return seg.copied ? seg.inStart + (offset - seg.outStart) : seg.inStart;
  }

  /** Maps a range; text produced by an edit maps to the whole range that edit replaced. */
  rangeToInput(start: number, end: number): { start: number; end: number } {
    const s = this.toInput(start);
    if (end <= start) return { start: s, end: s };
    const seg = this.segmentAt(end - 1);
    const e = !seg ? s : seg.copied ? seg.inStart + (end - seg.outStart) : seg.inEnd;
    return { start: s, end: Math.max(s, e) };
  }

  private segmentAt(offset: number): Segment | undefined {
    let lo = 0;
    let hi = this.nonEmpty.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const seg = this.nonEmpty[mid]!;
      if (seg.outStart + seg.length <= offset) lo = mid + 1;
      else if (seg.outStart > offset) hi = mid - 1;
      else return seg;
    }
    return undefined;
  }

  /** This map followed by an earlier one: output of this text back to the earliest input. */
  compose(earlier: OffsetMap): OffsetMap {
    return new ComposedOffsetMap(this, earlier);
  }
}

class ComposedOffsetMap extends OffsetMap {
  constructor(
    private readonly later: OffsetMap,
    private readonly earlier: OffsetMap,
  ) {
    super([]);
  }
  override toInput(offset: number): number {
    return this.earlier.toInput(this.later.toInput(offset));
  }
  override rangeToInput(start: number, end: number): { start: number; end: number } {
    const r = this.later.rangeToInput(start, end);
    return this.earlier.rangeToInput(r.start, r.end);
  }
}

export interface ApplyResult {
  text: string;
  /** The edits in application order, with their ranges in this phase's input and in `text`. */
  placed: Array<TextEdit & { outStart: number; outEnd: number }>;
  map: OffsetMap;
}

/** Applies edits to a text; throws EditConflictError when two edits overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): ApplyResult {
  const sorted = sortEdits(edits);
  const out: string[] = [];
  const segments: Segment[] = [];
  const placed: ApplyResult["placed"] = [];
  let cursor = 0;
  let outLength = 0;
  const copy = (to: number) => {
    if (to <= cursor) return;
    out.push(text.slice(cursor, to));
    segments.push({ outStart: outLength, length: to - cursor, inStart: cursor, inEnd: to, copied: true });
    outLength += to - cursor;
    cursor = to;
  };
  for (const edit of sorted) {
    copy(edit.start);
    out.push(edit.text);
    segments.push({ outStart: outLength, length: edit.text.length, inStart: edit.start, inEnd: edit.end, copied: false });
    // Object.assign, not a spread: the same properties in the same order, an order of magnitude
    // faster for edits of several shapes (a large port places tens of thousands).
    const at = Object.assign({}, edit) as TextEdit & { outStart: number; outEnd: number };
    at.outStart = outLength;
    at.outEnd = outLength + edit.text.length;
    placed.push(at);
    outLength += edit.text.length;
    cursor = Math.max(cursor, edit.end);
  }
  copy(text.length);
  return { text: out.join(""), placed, map: new OffsetMap(segments) };
}
