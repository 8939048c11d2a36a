// tree-sitter's C grammar through web-tree-sitter: load the grammar, parse, turn ERROR/MISSING nodes into diagnostics.
import { Language, Parser, Query, type Node, type Tree } from "web-tree-sitter";
import { diagnostic, type Diagnostic, LineIndex } from "./diagnostics.js";

export type { Node, Tree } from "web-tree-sitter";

export interface GrammarSource {
  /** The tree-sitter-c.wasm grammar: its bytes, or a URL/path web-tree-sitter can fetch. */
  grammar: Uint8Array | string;
  /** Where web-tree-sitter finds its own runtime wasm (browsers); Node finds it by itself. */
  locateFile?: (file: string, scriptDirectory: string) => string;
}

let runtimeReady: Promise<void> | undefined;

/** A loaded C grammar with a parser; one per process is enough. */
export class CLanguage {
  private readonly queries = new Map<string, Query>();
  private constructor(
    readonly language: Language,
    private readonly parser: Parser,
  ) {}

  static async load(source: GrammarSource): Promise<CLanguage> {
    runtimeReady ??= Parser.init(source.locateFile ? { locateFile: source.locateFile } : undefined);
    await runtimeReady;
    const language = await Language.load(source.grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return new CLanguage(language, parser);
  }

  /**
   * Parses C source. With `previous` (a tree of the old text, already told of the edits through
   * `tree.edit`), tree-sitter reuses every subtree the edits did not touch. The caller owns the
   * returned tree and must delete() it.
   */
  parse(text: string, previous?: Tree): Tree {
    const tree = this.parser.parse(text, previous ?? null);
    if (!tree) throw new Error("tree-sitter returned no tree");
    return tree;
  }

  /** A compiled query, cached by its text (compiling is far dearer than running). */
  query(text: string): Query {
    let q = this.queries.get(text);
    if (!q) {
      q = new Query(this.language, text);
      this.queries.set(text, q);
    }
    return q;
  }

  delete(): void {
    for (const q of this.queries.values()) q.delete();
    this.queries.clear();
    this.parser.delete();
  }
}

/** Every ERROR and MISSING node as a K0003 diagnostic, in source order, innermost first reported once. */
export function syntaxDiagnostics(tree: Tree, lines: LineIndex): Diagnostic[] {
  const found: Diagnostic[] = [];
  if (!tree.rootNode.hasError) return found;
  const visit = (node: Node) => {
    if (node.isMissing) {
      found.push(
        diagnostic("K0003", `syntax error: expected '${node.type}'`, lines.range(node.startIndex, node.endIndex), {
          note: "kernelize ports C that a compiler accepts; fix the program so that `cc -c` compiles it, then port it again",
        }),
      );
      return;
    }
    if (node.isError) {
      const text = node.text.split("\n")[0]!.slice(0, 40);
      found.push(
        diagnostic("K0003", `syntax error near '${text}'`, lines.range(node.startIndex, node.endIndex), {
          note: "kernelize ports C that a compiler accepts; fix the program so that `cc -c` compiles it, then port it again",
        }),
      );
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(tree.rootNode);
  return found;
}
