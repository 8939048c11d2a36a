// How a port's line buffers log a line longer than one kernel log record, and how it is read back.

/**
 * A kernel log record holds about 1 KiB (6.1: 1024 bytes less a 32-byte prefix, with the module's
 * pr_fmt() prefix inside it): a longer line would be cut. The port's line buffers log such a line in
 * parts of this many bytes, each followed by a backslash, the mark C and the shell use for "the
 * line goes on"; the last part ends as the line does.
 */
export const LINE_PART_BYTES = 900;

/** The mark after each part of a line that goes on in the next record. */
export const LINE_PART_MARK = "\\";

/**
 * The lines of a log read back from its records: a record of exactly one part's length and the
 * mark is joined with the record after it. A program line of exactly that length that ends with a
 * backslash reads the same way; no other line does.
 */
export function joinLineParts(records: readonly string[]): string[] {
  const bytes = new TextEncoder();
  const lines: string[] = [];
  let pending: string | undefined;
  for (const record of records) {
    const isPart = record.endsWith(LINE_PART_MARK) && bytes.encode(record).length === LINE_PART_BYTES + LINE_PART_MARK.length;
    const text = (pending ?? "") + (isPart ? record.slice(0, -LINE_PART_MARK.length) : record);
    if (isPart) pending = text;
    else {
      lines.push(text);
      pending = undefined;
    }
  }
  if (pending !== undefined) lines.push(pending);
  return lines;
}
