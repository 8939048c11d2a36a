// The user's own layout habits, so that generated lines look like the lines around them.
import type { Node } from "../core/syntax-tree.js";
import { descendants, indentationAt, statementsOf } from "../core/syntax.js";

export interface CodeStyle {
  /** One level of indentation: a tab, or some number of spaces. */
  indentUnit: string;
  /** Text between a keyword and its parenthesis: `if(` or `if (`. */
  keywordSpace: string;
  /** Whether a function's opening brace sits on a line of its own. */
  functionBraceOnOwnLine: boolean;
  /** Leading whitespace of goto labels. */
  labelIndent: string;
}

export function inferStyle(source: string, root: Node): CodeStyle {
  // A majority vote: the first functions tell the habits as well as all of them would.
  // Read one top-level node at a time: a large program's other thousands are never asked their type.
  const definitions: Node[] = [];
  for (let i = 0, count = root.namedChildCount; i < count && definitions.length < 64; i++) {
    const n = root.namedChild(i);
    if (n?.type === "function_definition") definitions.push(n);
  }
  const bodies = definitions.map((f) => f.childForFieldName("body")).filter((b): b is Node => b !== null);

  const indents = new Map<string, number>();
  for (const body of bodies) {
    for (const s of statementsOf(body)) {
      const indent = indentationAt(source, s.startIndex);
      if (indent && source.slice(s.startIndex - indent.length, s.startIndex) === indent) {
        indents.set(indent, (indents.get(indent) ?? 0) + 1);
      }
    }
  }
  const indentUnit = mostCommon(indents) ?? "\t";

  let spaced = 0;
  let tight = 0;
  const sample = bodies.map((b) => b.text).join("\n");
  for (const m of sample.matchAll(/\b(?:if|while|for|switch)(\s*)\(/g)) {
    if (m[1]) spaced++;
    else tight++;
  }
  const keywordSpace = tight > spaced ? "" : " ";

  let ownLine = 0;
  let sameLine = 0;
  for (const body of bodies) {
    if (/^[ \t]*$/.test(source.slice(source.lastIndexOf("\n", body.startIndex - 1) + 1, body.startIndex))) ownLine++;
    else sameLine++;
  }

  const labels = bodies.flatMap((b) => descendants(b, "labeled_statement")).map((l) => indentationAt(source, l.startIndex));
  const labelIndent = labels.length > 0 ? mostCommon(count(labels)) ?? "" : "";

  return { indentUnit, keywordSpace, functionBraceOnOwnLine: ownLine >= sameLine, labelIndent };
}

function count(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function mostCommon(counts: Map<string, number>): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [k, n] of counts) if (n > bestCount) [best, bestCount] = [k, n];
  return best;
}
