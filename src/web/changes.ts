// Which lines of the program and of the module a port changed, and which edits and rules are behind a place in either.
//
// Everything here is read off the explain report (its diff lines already carry the edits that made
// them), so the playground marks exactly the lines the report explains.
import type { ExplainEdit, ExplainReport, ExplainRule } from "../core/index.js";

export type Side = "source" | "output";

export interface ChangeMap {
  /** 1-based lines of the user's program that the port removed or replaced, with the edits behind each. */
  sourceLines: Map<number, number[]>;
  /** 1-based lines of the module the port added or rewrote, with the edits behind each. */
  outputLines: Map<number, number[]>;
}

export function changeMap(report: ExplainReport): ChangeMap {
  const sourceLines = new Map<number, number[]>();
  const outputLines = new Map<number, number[]>();
  for (const hunk of report.hunks) {
    for (const line of hunk.lines) {
      if (line.kind === "removed" && line.oldLine !== null) sourceLines.set(line.oldLine, line.edits);
      if (line.kind === "added" && line.newLine !== null) outputLines.set(line.newLine, line.edits);
    }
  }
  return { sourceLines, outputLines };
}

/**
 * The edits at an offset on one side: those whose text covers it (the narrowest first), else
 * those the diff ties to its line. An insertion covers the offset it was made at.
 */
export function editsAt(report: ExplainReport, changes: ChangeMap, side: Side, offset: number, line: number): ExplainEdit[] {
  const covering = report.edits
    .filter((e) => {
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
