// Where a name occurs as code: found in the text, confirmed in the tree, including inside macro bodies.
import type { Node } from "../core/syntax-tree.js";

export interface CodeToken {
  name: string;
  start: number;
  end: number;
  /** The tree node at the token: an identifier or type name, or the body of a #define. */
  node: Node;
}

const NAME_NODES = new Set(["identifier", "type_identifier", "primitive_type", "field_identifier"]);

/**
 * Occurrences of the names `pattern` matches (a global regular expression over whole words) that
 * are code: not in comments or strings. A macro body is not parsed into a tree, so there a match
 * counts when it does not sit inside a string literal of the body.
 */
export function codeTokens(root: Node, source: string, pattern: RegExp): CodeToken[] {
  const found: CodeToken[] = [];
  for (const m of source.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    const node = root.descendantForIndex(start, end);
    if (!node) continue;
    if (NAME_NODES.has(node.type) && node.startIndex === start && node.endIndex === end) {
      found.push({ name: m[0], start, end, node });
    } else if (node.type === "preproc_arg" && !insideStringLiteral(source.slice(node.startIndex, start))) {
      found.push({ name: m[0], start, end, node });
    }
  }
  return found;
}

/** Whether text that ends at some point leaves a string or character literal open there. */
function insideStringLiteral(before: string): boolean {
  let quote: string | undefined;
  for (let i = 0; i < before.length; i++) {
    const c = before[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    }
  }
  return quote !== undefined;
}
