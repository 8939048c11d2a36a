// Unified diff from the user's program to the module, with GNU diff's `-p` function headings.
import { createTwoFilesPatch } from "diff";

export interface DiffOptions {
  oldName: string;
  newName: string;
  context?: number;
}

/**
 * The patch text comes from jsdiff; each hunk header then gets the heading `diff -p` would give
 * it: the last line before the hunk that starts with a letter, `_` or `$`, cut to 40 characters.
 */
export function unifiedDiff(before: string, after: string, options: DiffOptions): string {
  const patch = createTwoFilesPatch(options.oldName, options.newName, before, after, undefined, undefined, {
    context: options.context ?? 3,
  });
  const oldLines = before.split("\n");
  const body = patch.replace(/^=+\n/m, "").replace(/^Index: .*\n/m, "");
  return body.replace(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/gm, (header, oldStart: string) => {
    const heading = functionHeading(oldLines, Number(oldStart) - 1);
    return heading ? `${header} ${heading}` : header;
  });
}

/** The `diff -p` heading of a hunk that starts at 0-based line `hunkStartIndex` of the old text. */
export function functionHeading(lines: string[], hunkStartIndex: number): string | undefined {
  for (let i = hunkStartIndex - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^[A-Za-z_$]/.test(line)) return line.slice(0, 40).trimEnd();
  }
  return undefined;
}
