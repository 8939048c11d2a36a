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

/**
 * The fewest bytes a printk() record keeps of a longer message, pr_fmt()'s prefix included, the
 * rest being dropped without a mark. 6.1's vprintk_store() formats a message into LOG_LINE_MAX
 * bytes (CONSOLE_LOG_MAX 1024 less PREFIX_MAX: 32, or 48 with CONFIG_PRINTK_CALLER), one of them
 * the NUL, and takes the two bytes of KERN_<LEVEL> off after: 989 bytes are kept (973 with the
 * caller id); later kernels format into PRINTKRB_RECORD_MAX (1024) bytes and keep 1021.
 */
export const RECORD_TEXT_MIN = 1024 - 48 - 1 - 2;

/** What 6.1, as Debian builds it (no CONFIG_PRINTK_CALLER), keeps of a longer message: LOG_LINE_MAX (1024 - 32) less the NUL and the level. */
export const RECORD_TEXT_KEPT_6_1 = 1024 - 32 - 1 - 2;

/**
 * Whether a log record is `line` cut at the record limit: the start of the line, and as long as a
 * record that was cut is (`prefixBytes`: what pr_fmt() put before the text, which the record
 * holds too). A UTF-8 character cut in two reads back as U+FFFD; up to 3 of its bytes were kept.
 */
export function cutAtRecordLimit(line: string, record: string, prefixBytes = 0): boolean {
  const whole = record.replace(/\uFFFD+$/, "");
  if (whole.length >= line.length || !line.startsWith(whole)) return false;
  const partial = whole.length < record.length ? 3 : 0;
  return new TextEncoder().encode(whole).length + prefixBytes + partial >= RECORD_TEXT_MIN;
}
