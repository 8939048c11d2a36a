// Small, read-only questions about C syntax trees that analysis and rules ask again and again.
import type { Node } from "./syntax-tree.js";
import { wordOffsets } from "./words.js";

/** A node's named children: the node's own list, read once per node (never null, unlike web-tree-sitter's), not a copy. */
export function namedChildren(node: Node): readonly Node[] {
  return node.namedChildren;
}

/** The statements of a compound statement, comments left out. */
export function statementsOf(block: Node): Node[] {
  return namedChildren(block).filter((c) => c.type !== "comment");
}

/** The identifier a declarator finally names: `*p`, `p[3]`, `(*f)(void)` and `p = x` all name `p`. */
export function declaratorName(node: Node | null): Node | null {
  let current: Node | null = node;
  while (current) {
    if (current.type === "identifier" || current.type === "field_identifier") return current;
    // `(*f)` has no field for what it wraps: its one declarator among its named children.
    current = current.type === "parenthesized_declarator" ? (namedChildren(current).find((c) => c.type !== "ms_call_modifier") ?? null) : current.childForFieldName("declarator");
  }
  return null;
}

/** The function_declarator inside a function definition's declarator (under any pointer declarators). */
export function functionDeclarator(definition: Node): Node | null {
  let current = definition.childForFieldName("declarator");
  while (current && current.type !== "function_declarator") current = current.childForFieldName("declarator");
  return current;
}

/** Strips redundant parentheses: `((x))` is `x`. */
export function unparenthesize(node: Node): Node {
  let current = node;
  while (current.type === "parenthesized_expression" && current.namedChildCount === 1) current = current.namedChild(0)!;
  return current;
}

/** The called function's name when the callee is a plain identifier. */
export function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName("function");
  return fn?.type === "identifier" ? fn.text : undefined;
}

/** Arguments of a call expression, comments left out. */
export function callArguments(call: Node): Node[] {
  const args = call.childForFieldName("arguments");
  return args ? namedChildren(args).filter((a) => a.type !== "comment") : [];
}

/** The call an expression statement consists of, if it is just a call. */
export function statementCall(statement: Node): Node | undefined {
  if (statement.type !== "expression_statement") return undefined;
  const expr = statement.namedChild(0);
  return expr?.type === "call_expression" ? expr : undefined;
}

/** Every descendant of the given types, in source order. */
export function descendants(node: Node, types: string | readonly string[]): readonly Node[] {
  return node.descendantsOfType(types);
}

/**
 * The identifiers named `name` inside `node`, in document order: what a walk for identifiers with
 * that text finds, found from the name's occurrences in the text instead, so that only the paths
 * to them are read of the tree (an occurrence in a comment, a string or a directive is none).
 */
export function identifiersNamed(node: Node, name: string): Node[] {
  const out: Node[] = [];
  for (const at of wordOffsets(node.tree.text, name, node.startIndex, node.endIndex)) {
    const id = node.descendantForIndex(at, at + name.length);
    if (id.type === "identifier") out.push(id);
  }
  return out;
}

/**
 * The nodes of `type` inside `node` that begin with the keyword `keyword` (the return statements
 * from `return`), in document order, found from the keyword in the text as identifiersNamed() finds names.
 */
export function keywordStatements(node: Node, keyword: string, type: string): Node[] {
  const out: Node[] = [];
  for (const at of wordOffsets(node.tree.text, keyword, node.startIndex, node.endIndex)) {
    const token = node.descendantForIndex(at, at + keyword.length);
    if (token.type === keyword && token.parent?.type === type && token.parent.startIndex === at) out.push(token.parent);
  }
  return out;
}

/** Leading whitespace of the line an offset sits on. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(lineStart));
  return match ? match[0] : "";
}

/** Offset of the start of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset just past the newline that ends the line containing `offset` (or the end of the text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Whether the line that starts at `lineStart` holds only whitespace. */
export function isBlankLine(text: string, lineStart: number): boolean {
  const nl = text.indexOf("\n", lineStart);
  return /^[ \t\r]*$/.test(text.slice(lineStart, nl === -1 ? text.length : nl));
}

/** The 0-based column of `offset` as a reader sees it: a tab reaches the next multiple of 8. */
export function displayColumnAt(text: string, offset: number): number {
  let column = 0;
  for (const ch of text.slice(lineStartOf(text, offset), offset)) column = ch === "\t" ? column + 8 - (column % 8) : column + 1;
  return column;
}

/** Whether only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/**
 * A narrow string literal, or adjacent ones starting with a literal (macros after it allowed): what
 * follows KERN_ERR in a printk() format. Wide and prefixed literals (L"…", u8"…") are not, and a
 * leading macro would put two names side by side (`KERN_ERR NAME "…"`), which C parsers read badly.
 */
export function isPlainStringLiteral(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === "string_literal") return node.text.startsWith('"');
  if (node.type !== "concatenated_string") return false;
  const parts = namedChildren(node);
  return parts[0]?.type === "string_literal" && parts.every((c) => c.type !== "string_literal" || c.text.startsWith('"'));
}
