// Which lines of the program and of the module a port changed, and which edits and rules are behind a place in either.
//
// Everything here is read off the explain report (its diff lines already carry the edits that made
// them), so the playground marks exactly the lines a rule changed, which the report explains.
// A program of several files has one report for all: each side is one of its files, the report's
// file index of the program's file (source) or of the module's file (output) on screen.
import type { ExplainEdit, ExplainReport, ExplainRule } from "../core/index.js";

export type Side = "source" | "output";

export interface ChangeMap {
  /** 1-based lines of the user's program that a rule removed or replaced, with the edits behind each. */
  sourceLines: Map<number, number[]>;
  /** 1-based lines of the module that a rule added or rewrote, with the edits behind each (not those only laid out again). */
  outputLines: Map<number, number[]>;
}

/** The report's files on screen: the program's file on the left, the module's on the right (0 for a port of one file). */
export interface FilesShown {
  source: number | undefined;
  output: number | undefined;
}

export const ONE_FILE: FilesShown = { source: 0, output: 0 };

export function changeMap(report: ExplainReport, shown: FilesShown = ONE_FILE): ChangeMap {
  const sourceLines = new Map<number, number[]>();
  const outputLines = new Map<number, number[]>();
  for (const hunk of report.hunks) {
    const file = hunk.file ?? 0;
    for (const line of hunk.lines) {
      // A line the diff shows but no rule's edit touches was moved by the kernel style's layout
      // (clang-format re-indenting a function, rewrapping a call): it is not a change to explain.
      if (line.edits.length === 0) continue;
      if (line.kind === "removed" && line.oldLine !== null && file === shown.source) sourceLines.set(line.oldLine, line.edits);
      if (line.kind === "added" && line.newLine !== null && file === shown.output) outputLines.set(line.newLine, line.edits);
    }
  }
  return { sourceLines, outputLines };
}

/**
 * The edits at an offset on one side: those whose text covers it (the narrowest first), else
 * those the diff ties to its line. An insertion covers the offset it was made at.
 */
export function editsAt(report: ExplainReport, changes: ChangeMap, side: Side, offset: number, line: number, shown: FilesShown = ONE_FILE): ExplainEdit[] {
  const file = shown[side];
  const covering = report.edits
    .filter((e) => {
      if ((side === "source" ? (e.file ?? 0) : (e.moduleFile ?? 0)) !== file) return false;
      const r = e[side];
      return r.start === r.end ? offset === r.start && side === "source" : r.start <= offset && offset < r.end;
    })
    .sort((a, b) => a[side].end - a[side].start - (b[side].end - b[side].start) || a.index - b.index);
  if (covering.length > 0) return covering;
  const onLine = (side === "source" ? changes.sourceLines : changes.outputLines).get(line) ?? [];
  return onLine.map((i) => report.edits[i]!);
}

/** The rules that made these edits, each once, in the order of the edits. */
export function rulesOf(report: ExplainReport, edits: readonly ExplainEdit[]): ExplainRule[] {
  const ids = [...new Set(edits.map((e) => e.ruleId))];
  return ids.map((id) => report.rules.find((r) => r.id === id)).filter((r): r is ExplainRule => r !== undefined);
}
