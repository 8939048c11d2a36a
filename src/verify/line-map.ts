// Maps positions in a ported module back to the user's program, from the translation's applied edits.
import { LineIndex } from "../core/diagnostics.js";
import type { AppliedEdit } from "../core/edits.js";

export interface OriginalPosition {
  /** 1-based line in the user's program. */
  line: number;
  /** 1-based column, in the same units as the column asked about. */
  column: number;
  /** True when the position is inside text an edit wrote (it maps to where that edit was made). */
  generated: boolean;
}

export interface LineMap {
  /** The user's line for a module line (its first non-blank character), or undefined past the end. */
  line(moduleLine: number): number | undefined;
  /**
   * The user's position for a module position. Columns are gcc's display columns (tabs advance to
   * the next multiple of 8), so what gcc reports maps to what gcc would report on the original.
   */
  position(moduleLine: number, column: number): OriginalPosition | undefined;
}

const TAB = 8;

/** The map for a port: its rules' edits and what the kernel style's layout changed after them. */
export function lineMapOfPort(original: string, port: { module: string; edits: readonly AppliedEdit[]; layoutEdits?: readonly AppliedEdit[] | undefined }): LineMap {
  return lineMapFromEdits(original, port.module, port.layoutEdits?.length ? [...port.edits, ...port.layoutEdits] : port.edits);
}

/**
 * Builds the map from `translate()`'s edits. An offset inside an edit's output maps to the start of
 * the text that edit replaced; an offset in copied text maps by counting from the nearest edit
 * before it (of edits ending at the same output offset, the one reaching furthest into the input). Nested edits (a later phase rewriting what an earlier one wrote) map through the
 * innermost one.
 */
export function lineMapFromEdits(original: string, module: string, edits: readonly AppliedEdit[]): LineMap {
  const inLines = new LineIndex(original);
  const outLines = new LineIndex(module);
  const lineCount = (text: string) => text.split("\n").length;
  const moduleLineCount = lineCount(module);

  const toInput = (offset: number): { offset: number; generated: boolean } => {
    let inner: AppliedEdit | undefined;
    let before: AppliedEdit | undefined;
    for (const e of edits) {
      if (e.output.start <= offset && offset < e.output.end) {
        if (!inner || e.output.end - e.output.start < inner.output.end - inner.output.start) inner = e;
      } else if (e.output.end <= offset) {
        // Deletions side by side share an output end; the one furthest into the input is the anchor.
        if (!before || e.output.end > before.output.end || (e.output.end === before.output.end && e.source.end > before.source.end)) before = e;
      }
    }
    if (inner) return { offset: inner.source.start, generated: true };
    if (before) return { offset: before.source.end + (offset - before.output.end), generated: false };
    return { offset, generated: false };
  };

  const position = (moduleLine: number, column: number): OriginalPosition | undefined => {
    if (moduleLine < 1 || moduleLine > moduleLineCount) return undefined;
    const text = outLines.lineText(moduleLine);
    const offset = outLines.lineStart(moduleLine) + charIndexOfDisplayColumn(text, column);
    const mapped = toInput(Math.min(offset, module.length));
    const at = inLines.position(Math.min(mapped.offset, original.length));
    const lineText = inLines.lineText(at.line);
    return { line: at.line, column: displayColumn(lineText, at.column - 1), generated: mapped.generated };
  };

  return {
    position,
    line(moduleLine) {
      if (moduleLine < 1 || moduleLine > moduleLineCount) return undefined;
      const text = outLines.lineText(moduleLine);
      const firstNonBlank = Math.max(0, text.search(/\S/));
      return position(moduleLine, displayColumn(text, firstNonBlank))?.line;
    },
  };
}

/** gcc's 1-based display column of the character at `index`. */
export function displayColumn(line: string, index: number): number {
  let col = 0;
  for (let i = 0; i < index && i < line.length; i++) col = line[i] === "\t" ? (Math.floor(col / TAB) + 1) * TAB : col + 1;
  return col + 1 + Math.max(0, index - line.length);
}

/** The character index gcc means by a 1-based display column. */
export function charIndexOfDisplayColumn(line: string, column: number): number {
  let col = 1;
  for (let i = 0; i < line.length; i++) {
    const next = line[i] === "\t" ? Math.floor((col - 1) / TAB + 1) * TAB + 1 : col + 1;
    if (column < next) return i;
    col = next;
  }
  return line.length;
}
