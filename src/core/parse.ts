// tree-sitter's C grammar through web-tree-sitter: load the grammar, parse, turn ERROR/MISSING nodes into diagnostics.
import { Language, Parser, Query } from "web-tree-sitter";
import { diagnostic, type Diagnostic, LineIndex } from "./diagnostics.js";
import { LanguageTables, type Node, SyntaxTree, type WasmRuntime } from "./syntax-tree.js";
import { replaceWords, wordsAmong } from "./words.js";

export { Node, SyntaxTree as Tree } from "./syntax-tree.js";

export interface GrammarSource {
  /** The tree-sitter-c.wasm grammar: its bytes, or a URL/path web-tree-sitter can fetch. */
  grammar: Uint8Array | string;
  /** Where web-tree-sitter finds its own runtime wasm (browsers); Node finds it by itself. */
  locateFile?: (file: string, scriptDirectory: string) => string;
}

let runtimeReady: Promise<void> | undefined;
/** The module object web-tree-sitter's runtime was made from: where its memory is seen. */
const runtime: WasmRuntime = {};

/** A loaded C grammar with a parser; one per process is enough. */
export class CLanguage {
  private readonly queries = new Map<string, TreeQuery>();
  private constructor(
    readonly language: Language,
    private readonly parser: Parser,
    private readonly tables: LanguageTables,
  ) {}

  static async load(source: GrammarSource): Promise<CLanguage> {
    if (source.locateFile) (runtime as { locateFile?: unknown }).locateFile = source.locateFile;
    runtimeReady ??= Parser.init(runtime);
    await runtimeReady;
    const language = await Language.load(source.grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return new CLanguage(language, parser, LanguageTables.read(runtime, language));
  }

  /**
   * Parses C source. With `previous` (a tree of the old text, already told of the edits through
   * `tree.edit`), tree-sitter reuses every subtree the edits did not touch. The caller owns the
   * returned tree and must delete() it.
   */
  parse(text: string, previous?: SyntaxTree): SyntaxTree {
    const tree = this.parser.parse(text, previous?.raw ?? null);
    if (!tree) throw new Error("tree-sitter returned no tree");
    try {
      return this.tables.readTree(runtime, tree, text);
    } catch (e) {
      tree.delete();
      throw e;
    }
  }

  /** A compiled query, cached by its text (compiling is far dearer than running). */
  query(text: string): TreeQuery {
    let q = this.queries.get(text);
    if (!q) {
      q = new TreeQuery(new Query(this.language, text));
      this.queries.set(text, q);
    }
    return q;
  }

  delete(): void {
    for (const q of this.queries.values()) q.query.delete();
    this.queries.clear();
    this.parser.delete();
  }
}

/** A tree-sitter query whose captures are the nodes of the tree it runs on. */
export class TreeQuery {
  constructor(readonly query: Query) {}

  /** Every match under `node`, its captures by name, in the order tree-sitter finds them. */
  matches(node: Node): Array<{ captures: Array<{ name: string; node: Node }> }> {
    const tree = node.tree;
    const rawNode = tree.raw.rootNode.descendantForIndex(node.startIndex, node.endIndex);
    // The runtime's own node for this one: the smallest of that span, climbed to the same id.
    let start: typeof rawNode | null = rawNode;
    while (start && start.id !== node.id) start = start.parent;
    return this.query.matches(start ?? tree.raw.rootNode).map((m) => ({
      captures: m.captures.flatMap((c) => {
        const found = tree.nodeWithId(c.node.id, c.node.startIndex, c.node.endIndex);
        return found ? [{ name: c.name, node: found }] : [];
      }),
    }));
  }
}

/** Every ERROR and MISSING node as a K0003 diagnostic, in source order, innermost first reported once. */
export function syntaxDiagnostics(tree: SyntaxTree, lines: LineIndex): Diagnostic[] {
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

/**
 * A control character outside every string, character constant and comment (a byte from 1 to 31
 * other than a tab, a line break, a vertical tab or a form feed, or 127), where gcc stops at it
 * ("stray '\\35' in program"): in code, and in the body of a #define the code uses, where the
 * grammar reads no code (an unused one, and other directives, gcc lets pass). One diagnostic, at
 * the first, where `compiled` says the build reads it.
 */
export function strayCharacterDiagnostic(text: string, lines: LineIndex, compiled: (offset: number) => boolean): Diagnostic | undefined {
  let used: Set<string> | undefined;
  const macroUsed = (name: string) => {
    used ??= new Set(codeSpans(text).flatMap((span) => [...text.slice(span.start, span.end).matchAll(/[A-Za-z_]\w*/g)].map((m) => m[0])));
    return used.has(name);
  };
  // Not codeSpans(): a directive's line is read here too.
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") lineStart = i + 1;
    else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === "/" && text[i + 1] === "/") {
      i = lineEnd(text, i) - 1;
    } else if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    } else {
      const code = text.charCodeAt(i);
      if (!((code < 32 && (code < 9 || code > 13)) || code === 127) || !compiled(i)) continue;
      const directive = /^[ \t]*#[ \t]*(\w*)[ \t]*([A-Za-z_]\w*)?/.exec(text.slice(lineStart, i));
      if (directive && (directive[1] !== "define" || !directive[2] || !macroUsed(directive[2]))) continue;
      return diagnostic("K0003", `stray '\\${code.toString(8)}' in the program: a control character outside any string or comment`, lines.range(i, i + 1), {
        note: `kernelize ports C that a compiler accepts; remove the character (an editor may show it as ^${String.fromCharCode(code === 127 ? 63 : code + 64)}), then port the program again`,
      });
    }
  }
  return undefined;
}

/**
 * The text the grammar is given: the input with the C that gcc accepts and tree-sitter's C grammar
 * does not blanked out, character for character, so that every offset, line and column stays the
 * input's. What is blanked never matters to a rule: an unnamed bit-field (`unsigned : 3;`, `a : 5, : 11`)
 * only pads a struct; _Complex and _Imaginary (and <complex.h>'s complex) only qualify a floating
 * type, which is refused for itself; _Thread_local is a storage class the port removes;
 * `__attribute__((fallthrough));` reads as `fallthrough;`; a
 * file-scope call of the program's own macro that defines a function (`MAKE_GETTER(width)` on a
 * line of its own) is blank to the grammar, and its functions are known by definingMacroCalls().
 * Without this, such a program would be refused as a syntax error, which hides the real reason.
 */
export function grammarView(text: string): string {
  let view = text;
  const blank = (s: string) => s.replace(/[^\r\n]/g, " ");
  if (view.includes(":")) {
    // `unsigned : 3;` as a member, and `, : 11` inside a member's declarator list.
    // After a `{`, a `;` or a comment that follows one (a lookbehind, so that two such members in a row both go);
    // the type is C's integer keywords in any number (`unsigned long int`), a `_t` name or the kernel's u8…s64.
    view = blankUnnamedBitFields(view, blank);
    view = view.replace(/,(\s*:\s*[\w()+\-*/ ]+)(?=\s*[,;])/g, (_m, field: string) => ` ${blank(field)}`);
  }
  if (/\b_(?:Complex|Imaginary)\b/.test(view)) view = view.replace(/\b_(?:Complex|Imaginary)\b/g, blank);
  // C11's _Thread_local, a storage class the grammar does not know (thread-local-storage-removed takes it out).
  if (view.includes("_Thread_local")) view = view.replace(/\b_Thread_local\b/g, blank);
  if (/^[ \t]*#[ \t]*include[ \t]*<(?:complex|tgmath)\.h>/m.test(view)) view = view.replace(/\b(?<!<)(?:complex|imaginary)\b(?!\.h)/g, blank);
  for (const call of definingMacroCalls(text)) view = view.slice(0, call.start) + blank(view.slice(call.start, call.end)) + view.slice(call.end);
  if (view.includes("fallthrough")) view = view.replace(/__attribute__\s*\(\(\s*(_*fallthrough_*)\s*\)\)(?=\s*;)/g, (m) => `fallthrough${" ".repeat(m.length - "fallthrough".length)}`);
  if (view.includes("__")) view = withoutKernelAttributes(view);
  if (view.includes("__attribute__")) view = attributeMacrosBlanked(view, blank);
  if (view.includes("__attribute__")) view = attributesAfterDeclaratorsBlanked(view, blank);
  if (view.includes("#")) view = specifierMacrosWrittenOut(view, blank);
  if (view.includes("#")) view = operatorArgumentsAsOperands(view);
  // GNU C's case ranges (`case 1 ... 9:`, `case 'a'...'z':`): the grammar reads `+0+` where `...` stood.
  // A character constant may hold a colon (`case ':' ... '@':`): literals are read whole.
  if (view.includes("...")) view = view.replace(/(\bcase\b(?:'(?:[^'\\\n]|\\.)*'|[^:;{}'])*?)\.\.\./g, (_m, head: string) => `${head}+0+`);
  if (/\b(?:struct|union|enum)\b/.test(view)) view = typeArgumentsBlanked(view, blank);
  if (/[(,]\s*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)*\s*\*[\s*]*[,)]|[(,]\s*[A-Za-z_]\w*(?:\s+[A-Za-z_]\w*)+\s*[,)]/.test(view)) view = typeNameArgumentsBlanked(view, blank);
  if (view.includes("#")) view = enumeratorMacrosBlanked(view, blank);
  if (view.includes("#")) view = stringizingCallsAsLiterals(view);
  if (view.includes("#")) view = conditionalsInListsBlanked(view, blank);
  if (/^[ \t]*#[ \t]*if[ \t]+0\b/m.test(view)) view = unbalancedDisabledBlocksBlanked(view, blank);
  if (/[(,]\s*\.[A-Za-z_]/.test(view)) view = designatorsInArgumentsBlanked(view);
  if (view.includes("#") && /[(,]\s*\{/.test(view)) view = braceArgumentsAsParentheses(view);
  if (view.includes("#")) view = statementMacroHeads(view);
  if (view.includes("#")) view = statementMacroSemicolons(view);
  return view;
}

/**
 * GNU C's attribute after a declarator (`static u8 buf[32] __attribute__((aligned(32)));`, `int x
 * __attribute__((unused)) = 0;`), which the grammar reads only before one: blank to it, as the
 * kernel's own attribute macros are. gcc reads it where it stands, so the module keeps it.
 */
function attributesAfterDeclaratorsBlanked(view: string, blank: (s: string) => string): string {
  let out = view;
  for (const span of codeSpans(view)) {
    for (const { index } of wordsAmong(view, ATTRIBUTE_WORD, span.start, span.end)) {
      // After a name, `]` or `)`, on the declarator's line, and before `;`, `,` or `=`.
      let before = index - 1;
      while (before >= span.start && (view[before] === " " || view[before] === "\t")) before--;
      if (before < span.start || !/[\w\])]/.test(view[before]!)) continue;
      let open = index + "__attribute__".length;
      while (open < span.end && /\s/.test(view[open]!)) open++;
      if (view[open] !== "(") continue;
      const close = closingParenthesis(view, open);
      if (close < 0 || close >= span.end) continue;
      let after = close + 1;
      while (after < span.end && /\s/.test(view[after]!)) after++;
      if (!";,=".includes(view[after] ?? "x")) continue;
      // Not a function's own (`void f(void) __attribute__((noreturn));`), which the grammar reads.
      const line = view.slice(view.lastIndexOf("\n", index) + 1, index);
      if (/\)\s*$/.test(line) && !/\]\s*\)\s*$/.test(line) && /\(/.test(line)) continue;
      out = out.slice(0, index) + blank(out.slice(index, close + 1)) + out.slice(close + 1);
    }
  }
  return out;
}

const ATTRIBUTE_WORD: ReadonlySet<string> = new Set(["__attribute__"]);

/**
 * An operator given to the program's own function-like macro as an argument (`#define APPLY(op)
 * (7 op 3)` used as `APPLY(+)`): the preprocessor pastes it in, and the grammar wants an
 * expression there. To it the operator is a `0`, as long as the operator was.
 */
function operatorArgumentsAsOperands(view: string): string {
  const macros = new Set<string>();
  for (const d of macroDefinitionLines(view)) if (d.functionLike) macros.add(d.name);
  if (macros.size === 0) return view;
  let out = view;
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, macros, span.start, span.end)) {
      let open = index + word.length;
      while (open < span.end && /\s/.test(view[open]!)) open++;
      if (view[open] !== "(") continue;
      const close = closingParenthesis(view, open);
      if (close < 0 || close >= span.end) continue;
      // Each argument at the call's own depth: one of operator characters alone becomes `0`.
      let depth = 0;
      let start = open + 1;
      for (let i = open + 1; i <= close; i++) {
        const c = view[i]!;
        if (c === "(" || c === "[" || c === "{") depth++;
        else if ((c === ")" || c === "]" || c === "}") && i !== close) depth--;
        if ((c === "," && depth === 0) || i === close) {
          const text = view.slice(start, i);
          const op = /^(\s*)([-+*/%&|^<>=!~]{1,3})(\s*)$/.exec(text);
          if (op) out = out.slice(0, start + op[1]!.length) + "0".padEnd(op[2]!.length) + out.slice(start + op[1]!.length + op[2]!.length);
          start = i + 1;
        }
      }
    }
  }
  return out;
}

/** What a declaration's specifiers may be made of: the storage classes, qualifiers and function specifiers. */
const SPECIFIER_WORDS: ReadonlySet<string> = new Set(["static", "extern", "inline", "__inline", "__inline__", "const", "volatile", "register", "restrict", "__restrict", "_Noreturn", "auto"]);

/**
 * The program's own object-like macros that stand for storage classes, qualifiers or nothing
 * (`#define PRIVATE static`, CMSIS's `#define __IO volatile`, `#define INLINE inline`, `#define
 * EXPORT`), which the grammar takes for a type name where a declaration starts. To it each use is
 * the keyword, where the name has room for it (so that the rules read `static` as static), else
 * blank: a qualifier the analyses do not need. The module keeps the macro and its uses.
 */
function specifierMacrosWrittenOut(view: string, blank: (s: string) => string): string {
  const definitions = new Map<string, string[]>();
  for (const m of view.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?![\w(])(.*)$/gm)) {
    const list = definitions.get(m[1]!) ?? [];
    list.push(m[2]!.replace(/\/\*.*?\*\/|\/\/.*$/g, " ").trim().split(/\s+/).filter(Boolean).join(" "));
    definitions.set(m[1]!, list);
  }
  const macros = new Map<string, string>();
  for (const [name, bodies] of definitions) {
    if (!bodies.every((b) => b.split(" ").every((w) => w === "" || SPECIFIER_WORDS.has(w)))) continue;
    // Defined otherwise under another condition (`#ifdef DEBUG / #define LOCAL / #else / #define LOCAL static`): blank.
    macros.set(name, bodies.every((b) => b === bodies[0]) ? bodies[0]! : "");
  }
  if (macros.size === 0) return view;
  let out = view;
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, new Set(macros.keys()), span.start, span.end)) {
      const keyword = macros.get(word)!;
      const text = keyword.length > 0 && keyword.length <= word.length ? keyword.padEnd(word.length) : blank(word);
      out = out.slice(0, index) + text + out.slice(index + word.length);
    }
  }
  return out;
}

/**
 * The program's own object-like macros that stand for attributes (`#define NORETURN
 * __attribute__((noreturn))`), used where a declaration starts (`NORETURN static void die(…)`):
 * to the grammar each use is blank, as the attributes the kernel's headers spell are.
 */
function attributeMacrosBlanked(view: string, blank: (s: string) => string): string {
  const names = new Set<string>();
  // Function-like ones too (`#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))`): their arguments go with them.
  const functionLike = new Set<string>();
  for (const m of view.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)\n]*\))?[ \t]+((?:__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)\s*)+)$/gm)) {
    names.add(m[1]!);
    if (m[2]) functionLike.add(m[1]!);
  }
  if (names.size === 0) return view;
  let out = view;
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, names, span.start, span.end)) {
      let end = index + word.length;
      if (functionLike.has(word)) {
        const open = /^\s*\(/.exec(view.slice(end, end + 40));
        const close = open ? closingParenthesis(view, end + open[0].length - 1) : -1;
        if (close < 0) continue;
        end = close + 1;
      }
      out = out.slice(0, index) + blank(out.slice(index, end)) + out.slice(end);
    }
  }
  return out;
}

/**
 * `#if`/`#ifdef`/`#else`/`#endif` lines inside a list (an initializer's entries, an enum's, a
 * call's arguments: the code before the line ends in `,`, or in a `{` after `=`), which the grammar
 * reads only between statements and declarations. To it the lines are blank, and both branches'
 * entries are read as one list; which branch the build takes is the text's (isCompiled()).
 */
function conditionalsInListsBlanked(view: string, blank: (s: string) => string): string {
  let out = view;
  // Per open conditional, whether its #if was blank: its #elif, #else and #endif are then blank
  // too, wherever they stand (after an entry without its comma: `"with DEBUG"` then `#else`).
  const open: boolean[] = [];
  for (const m of view.matchAll(/^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif|define|undef)\b[^\n]*/gm)) {
    const directive = m[1]!;
    const opens = directive === "if" || directive === "ifdef" || directive === "ifndef";
    const continues = directive === "elif" || directive === "else" || directive === "endif";
    // The code before the line, past blank lines, comments and other directives.
    let before = out.slice(Math.max(0, m.index - 400), m.index);
    before = before.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, "").replace(/^[ \t]*#[^\n]*$/gm, "").trimEnd();
    const inList =
      (/,$|=\s*\{$|\benum\b(?:\s+[A-Za-z_]\w*)?\s*\{$/.test(before) || ((directive === "define" || directive === "undef") && /[\w)]$/.test(before) && insideInitializer(out, m.index))) &&
      !m[0].endsWith("\\");
    const ofBlankIf = continues && open.at(-1) === true;
    if (opens) open.push(inList);
    else if (directive === "endif") open.pop();
    if (!inList && !ofBlankIf) continue;
    out = out.slice(0, m.index) + blank(m[0]) + out.slice(m.index + m[0].length);
  }
  return out;
}

/**
 * Whether an offset is inside an initializer's braces (`= { … LIST(X)` then `#undef X`): the
 * nearest `{` before it still open is one after `=`. Read over the 2,000 characters before it.
 */
function insideInitializer(text: string, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= Math.max(0, at - 2000); i--) {
    const c = text[i];
    if (c === "}") depth++;
    else if (c === "{" && depth-- === 0) return /=\s*$/.test(text.slice(Math.max(0, i - 40), i));
    else if (c === ";" && depth === 0) return false;
  }
  return false;
}

/**
 * The lines of an `#if 0` block (up to its `#else`, `#elif` or `#endif`, nested conditionals
 * skipped) whose brackets do not balance, a half statement kept for later (`#if 0` around
 * `if (verbose) {`): the preprocessor removes them, so no compiler reads them, and to the grammar
 * they are blank, where they would unbalance the code around them. A balanced block is left for
 * the grammar to read, as code the port does not change.
 */
function unbalancedDisabledBlocksBlanked(view: string, blank: (s: string) => string): string {
  let out = view;
  const directives = [...view.matchAll(/^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else|endif)\b([^\n]*)/gm)];
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i]!;
    if (d[1] !== "if" || !/^[ \t]+0\b/.test(d[2]!)) continue;
    let depth = 0;
    let end: RegExpExecArray | RegExpMatchArray | undefined;
    for (let j = i + 1; j < directives.length; j++) {
      const k = directives[j]![1]!;
      if (k === "if" || k === "ifdef" || k === "ifndef") depth++;
      else if (k === "endif" && depth > 0) depth--;
      else if (depth === 0) {
        end = directives[j];
        break;
      }
    }
    if (!end) continue;
    const from = d.index! + d[0].length;
    const body = view.slice(from, end.index!);
    const code = body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, "");
    const count = (c: string) => code.split(c).length - 1;
    if (count("{") === count("}") && count("(") === count(")")) continue;
    out = out.slice(0, from) + blank(body) + out.slice(end.index!);
  }
  return out;
}

/**
 * A designated initializer passed to a macro (`MAKE(.x = 1, .y = 2)`, the macro's body a compound
 * literal): inside parentheses, the grammar wants an expression where `.x` stands. The dot is blank
 * to it there (`x = 1` reads as an assignment), not in braces, where it reads designators itself.
 */
function designatorsInArgumentsBlanked(view: string): string {
  const chars = view.split("");
  // The brackets open at each point, across literals and comments (which hold none of the code's).
  const open: string[] = [];
  for (const span of codeSpans(view)) {
    for (let i = span.start; i < span.end; i++) {
      const c = view[i]!;
      if (c === "(" || c === "{" || c === "[") open.push(c);
      else if (c === ")" || c === "}" || c === "]") open.pop();
      else if (c === "." && open.at(-1) === "(" && /^[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*|\s*\[[^\]]*\])*\s*=[^=]/.test(view.slice(i + 1, i + 120)) && /[(,]\s*$/.test(view.slice(Math.max(span.start, i - 40), i))) chars[i] = " ";
    }
  }
  return chars.join("");
}

/**
 * A call of a macro that makes a string of its argument (`#define STR(x) #x`, or one that passes its
 * argument to such a macro, as `STR(x) STR_(x)` does to expand it first), standing among string
 * literals: `"limit " STR(MAXN) "\n"`. To the grammar, a literal of the call's length stands there,
 * so the pieces read as one concatenated string; only where a literal follows, so that no rule
 * adds text at the end of the one the grammar reads.
 */
function stringizingCallsAsLiterals(view: string): string {
  const stringizing = new Set<string>();
  const definitions = [...view.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\([ \t]*([A-Za-z_]\w*)[ \t]*\)[ \t]*([^\n]*)$/gm)];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [, name, parameter, body] of definitions) {
      if (stringizing.has(name!)) continue;
      const b = body!.trim();
      const inner = /^([A-Za-z_]\w*)\s*\(\s*([A-Za-z_]\w*)\s*\)$/.exec(b);
      if (b.replace(/\s+/g, "") === `#${parameter}` || (inner && inner[2] === parameter && stringizing.has(inner[1]!))) {
        stringizing.add(name!);
        changed = true;
      }
    }
  }
  if (stringizing.size === 0) return view;
  let out = view;
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, stringizing, span.start, span.end)) {
      const open = /^\s*\(/.exec(out.slice(index + word.length, index + word.length + 40));
      if (!open) continue;
      const close = closingParenthesis(out, index + word.length + open[0].length - 1);
      // Among literals: one ends just before it, and one starts just after.
      if (close < 0 || !/"\s*$/.test(out.slice(Math.max(0, index - 80), index)) || !/^\s*"/.test(out.slice(close + 1, close + 80))) continue;
      const length = close + 1 - index;
      if (length < 2 || out.slice(index, close + 1).includes("\n")) continue;
      out = `${out.slice(0, index)}"${" ".repeat(length - 2)}"${out.slice(close + 1)}`;
    }
  }
  return out;
}

/**
 * An X-macro list written out in an enum's body (`enum color { COLORS(AS_ENUM) NCOLORS };`): the
 * grammar wants an enumerator where the call stands. A call of one of the text's own function-like
 * macros in an enumerator's place (after the `{`, a `,` or another such call, not in a value after
 * `=`) is blank to it; the enumerators it makes are the preprocessor's to write.
 */
function enumeratorMacrosBlanked(view: string, blank: (s: string) => string): string {
  const macros = new Set([...view.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(/gm)].map((m) => m[1]!));
  if (macros.size === 0) return view;
  let out = view;
  for (const e of view.matchAll(/\benum\b(?:\s+[A-Za-z_]\w*)?\s*\{|=\s*\{/g)) {
    // In an initializer (`= {`) a macro call may be an entry of its own (`{ ROW(a), ROW(b) }`):
    // only one that runs on into the next entry with no comma is an X-macro list's.
    const initializer = e[0].startsWith("=");
    const open = e.index + e[0].length - 1;
    const close = view.indexOf("}", open);
    if (close < 0) continue;
    const body = /\b([A-Za-z_]\w*)\s*\(/g;
    body.lastIndex = open;
    for (let m = body.exec(out); m && m.index < close; m = body.exec(out)) {
      if (!macros.has(m[1]!)) continue;
      const before = out.slice(open, m.index).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "").trimEnd();
      if (!/[{,]$/.test(before)) continue;
      const end = closingParenthesis(out, m.index + m[0].length - 1);
      if (end < 0 || end > close) break;
      if (initializer && /^\s*[,}]/.test(out.slice(end + 1))) continue;
      out = out.slice(0, m.index) + blank(out.slice(m.index, end + 1)) + out.slice(end + 1);
      body.lastIndex = end + 1;
    }
  }
  return out;
}

/**
 * The program's macros that open a statement (`#define for_each_node(n, list) for ((n) = (list);
 * (n); (n) = (n)->next)`, `#define unless(c) if (!(c))`), used as one: `for_each_node(n, head) {`.
 * The grammar reads a call missing its `;` there. To it, the macro's name becomes the keyword its
 * body starts with, padded to the name's length, so that it reads a loop (`while (n, head) {…}`)
 * or an if around the same arguments and body; the text rules edit keeps the name. A loop name
 * shorter than `while` (FOR(i, 0, n)) has no room for it: statement-header-macros-expanded writes
 * such a macro out where it is used instead.
 */
function statementMacroHeads(view: string): string {
  const heads = readableStatementMacros(view);
  if (heads.size === 0) return view;
  const pieces: string[] = [];
  let last = 0;
  // Names in code only: not in comments, literals or the macros' own #define lines.
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, new Set(heads.keys()), span.start, span.end)) {
      const open = /^[ \t]*\(/.exec(view.slice(index + word.length, index + word.length + 80));
      if (!open) continue;
      const close = closingParenthesis(view, index + word.length + open[0].length - 1);
      if (close < 0) continue;
      // Used as a statement's head: a body follows (a `{` or a statement), not a `;` or an operator.
      const next = /^\s*(.)/.exec(view.slice(close + 1, close + 200))?.[1];
      if (!next || !/[{A-Za-z_]/.test(next)) continue;
      pieces.push(view.slice(last, index), heads.get(word)!.padEnd(word.length, " "));
      last = index + word.length;
    }
  }
  return last === 0 ? view : pieces.join("") + view.slice(last);
}

/**
 * The program's macros whose body is a whole statement, ending in its own `;` or `}` (`#define
 * TWICE(x) x *= 2;`, `#define SWAP(a, b) { int t = a; a = b; b = t; }`), used alone on a line
 * without a `;` after them, as the preprocessor allows: the grammar reads a call missing its `;`
 * and then the next statement as part of the same expression. To it, a blank after the use (on
 * the same line, or the next line's indentation) becomes that `;`; the text keeps its offsets.
 */
function statementMacroSemicolons(view: string): string {
  const names = new Map<string, boolean>();
  for (const d of macroDefinitionLines(view)) {
    if (/[;}]$/.test(d.body) && !/^[{}]$/.test(d.body)) names.set(d.name, d.functionLike);
  }
  if (names.size === 0) return view;
  const semicolons: number[] = [];
  // The statement after the use starts with a word, a brace or a literal, never with what goes on an expression.
  const CONTINUES = /[;,)\]?:=+\-*/%&|^<>.[]/;
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, new Set(names.keys()), span.start, span.end)) {
      const lineStart = view.lastIndexOf("\n", index - 1) + 1;
      if (/\S/.test(view.slice(lineStart, index))) continue;
      let end = index + word.length;
      if (names.get(word)) {
        const open = /^[ \t]*\(/.exec(view.slice(end, end + 80));
        if (!open) continue;
        const close = closingParenthesis(view, end + open[0].length - 1);
        if (close < 0) continue;
        end = close + 1;
      }
      const rest = /^([ \t]*)\r?\n([ \t]*)/.exec(view.slice(end, end + 200));
      if (!rest) continue;
      const next = /\S/.exec(view.slice(end + rest[0].length, end + rest[0].length + 200));
      if (!next || CONTINUES.test(next[0]) || view.startsWith("//", end + rest[0].length + next.index) || view.startsWith("/*", end + rest[0].length + next.index)) continue;
      const at = rest[1]!.length > 0 ? end : rest[2]!.length > 0 ? end + rest[0].length - rest[2]!.length : -1;
      if (at < 0) continue;
      semicolons.push(at);
    }
  }
  let out = view;
  for (const at of semicolons) out = `${out.slice(0, at)};${out.slice(at + 1)}`;
  return out;
}

/**
 * The function-like macros a text defines whose body opens a statement, a loop's head (`for (…)`,
 * `while (…)`) or an if's, without its body: each is used as a statement's head, the body after it.
 */
export function statementMacros(text: string): Map<string, "loop" | "if"> {
  const found = new Map<string, "loop" | "if">();
  if (!text.includes("#")) return found;
  for (const { name, functionLike, body } of macroDefinitionLines(text)) {
    const keyword = functionLike ? /^(for|while|if)\s*\(/.exec(body)?.[1] : undefined;
    // A whole statement (`do { … } while (0)`, one ending in `;` or `}`) is a call with its `;`, which the grammar reads.
    if (!keyword || /[;}]$/.test(body)) continue;
    found.set(name, keyword === "if" ? "if" : "loop");
  }
  return found;
}

/**
 * The statement macros (statementMacros()) whose uses the grammar reads as that statement: a name
 * with room for the keyword it is read as (`while` for a loop, `if`), each with that keyword.
 */
export function readableStatementMacros(text: string): Map<string, "while" | "if"> {
  const heads = new Map<string, "while" | "if">();
  for (const [name, kind] of statementMacros(text)) {
    const head = kind === "if" ? "if" : "while";
    if (name.length >= head.length) heads.set(name, head);
  }
  return heads;
}

/** Each #define of a text: its name, whether it takes parameters, and its body on one line, comments out. */
export function* macroDefinitionLines(text: string): Generator<{ name: string; functionLike: boolean; body: string }> {
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\([^)]*\))?[ \t]*((?:[^\n]*\\\r?\n)*[^\n]*)/gm)) {
    const body = m[3]!.replace(/\\\r?\n/g, " ").replace(/\/\*.*?\*\//g, " ").replace(/\/\/.*$/, "").trim();
    yield { name: m[1]!, functionLike: m[2] !== undefined, body };
  }
}

/**
 * A brace list passed to one of the program's function-like macros (`ARR({ 1, 2 }, { 3, 4 })`,
 * whose body makes compound literals of its arguments): the preprocessor pastes it where the body
 * says, but the grammar wants an expression as a call's argument and stops at the `{`. To it the
 * list is a parenthesized one (`(1, 2)`), same length, same offsets; a list that holds a `;` is a
 * block of statements, left as it is.
 */
function braceArgumentsAsParentheses(view: string): string {
  const macros = new Set<string>();
  for (const d of macroDefinitionLines(view)) if (d.functionLike) macros.add(d.name);
  if (macros.size === 0) return view;
  const chars = view.split("");
  for (const span of codeSpans(view)) {
    for (const { word, index } of wordsAmong(view, macros, span.start, span.end)) {
      let open = index + word.length;
      while (open < span.end && (view[open] === " " || view[open] === "\t")) open++;
      if (view[open] !== "(" || /^[ \t]*#[ \t]*define\b/.test(view.slice(view.lastIndexOf("\n", index) + 1, index))) continue;
      // Through the arguments: each `{` that starts one, at the call's own depth, and its `}`.
      let depth = 0;
      let argumentStart = true;
      for (let i = open; i < span.end; i++) {
        const c = view[i]!;
        if (c === "(" || c === "[") depth++;
        else if (c === ")" || c === "]") {
          if (--depth === 0) break;
        } else if (c === "{" && depth === 1 && argumentStart) {
          const close = matchingBrace(view, i, span.end);
          if (close < 0) break;
          if (!view.slice(i, close).includes(";")) {
            chars[i] = "(";
            chars[close] = ")";
          }
          i = close;
        }
        if (c === "," && depth === 1) argumentStart = true;
        else if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r" && c !== "(") argumentStart = false;
      }
    }
  }
  return chars.join("");
}

/** The offset of the `}` that closes the `{` at `open` before `end`, or -1. */
function matchingBrace(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

/** The offset of the `)` that closes the `(` at `open`, or -1. */
function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
    else if (c === ";" || c === "{" || c === "}") return -1;
  }
  return -1;
}

/** Words before `(` that take a type in C itself, which the grammar reads: their arguments stay. */
const TYPE_TAKING = new Set(["sizeof", "_Alignof", "alignof", "__alignof__", "__alignof", "offsetof", "typeof", "__typeof__", "__typeof", "_Generic"]);

/** The words that can come before the last one of a type's name (`unsigned long`, `const struct item`). */
const TYPE_WORDS = new Set(["const", "volatile", "restrict", "__restrict", "_Atomic", "unsigned", "signed", "short", "long", "int", "char", "struct", "union", "enum"]);

/**
 * A type given to a call as an argument, in words or with a `*` (`va_arg(ap, const char *)`,
 * `SWAP(unsigned long, a, b)`, `NEW(struct item *)`): the grammar reads one word there as a name
 * (`va_arg(ap, int)`), and stops with a syntax error at a second word or a `*` with nothing after
 * it, neither of which an expression can be. To the grammar the type is its last word, the rest
 * blank. Only where a call's arguments are (the word before `(` is a callee, not a declaration's
 * type: `int f(const char *, int);` declares, and keeps its parameters).
 */
function typeNameArgumentsBlanked(view: string, blank: (s: string) => string): string {
  let out = view;
  for (const m of view.matchAll(/[(,](\s*)((?:[A-Za-z_]\w*\s+)*[A-Za-z_]\w*)(\s*\*[\s*]*)?(?=\s*[,)])/g)) {
    const words = m[2]!.split(/\s+/);
    const stars = m[3] !== undefined;
    if (!(stars ? words.every((w) => !NOT_IN_TYPES.has(w)) : words.length > 1 && words.slice(0, -1).every((w) => TYPE_WORDS.has(w)))) continue;
    if (!inCallArguments(view, m.index)) continue;
    const start = m.index + 1 + m[1]!.length;
    const last = start + m[2]!.lastIndexOf(words.at(-1)!);
    const end = start + m[2]!.length + (m[3]?.length ?? 0);
    out = out.slice(0, start) + blank(out.slice(start, last)) + out.slice(last, last + words.at(-1)!.length) + blank(out.slice(last + words.at(-1)!.length, end)) + out.slice(end);
  }
  return out;
}

/** Words that make a `word *` an expression's start, not a type (`sizeof *`, `return *`). */
const NOT_IN_TYPES = new Set(["sizeof", "return", "case", "defined", "_Alignof", "alignof"]);

/**
 * Whether the `(` or `,` at `at` opens or separates the arguments of a call: the `(` it belongs to
 * follows a name that is not a type taken by C itself (sizeof) and is not declared by the words
 * before it (`static int f(`), nor a keyword with parentheses of its own (`if (`).
 */
function inCallArguments(view: string, at: number): boolean {
  let depth = 0;
  let open = at;
  if (view[at] === ",") {
    for (open = at - 1; open >= 0; open--) {
      const c = view[open];
      if (c === ")" || c === "]" || c === "}") depth++;
      else if (c === "(" || c === "[" || c === "{") {
        if (depth === 0) break;
        depth--;
      } else if (c === ";" && depth === 0) return false;
    }
    if (open < 0 || view[open] !== "(") return false;
  }
  const head = /([A-Za-z_]\w*)\s*$/.exec(view.slice(Math.max(0, open - 64), open));
  if (!head || TYPE_TAKING.has(head[1]!) || STATEMENT_KEYWORDS.has(head[1]!)) return false;
  // What stands before the callee: an operator, a bracket, a cast's `)` or the start of a statement, not a type or a declarator's `*`.
  let before = open - head[0].length - 1;
  while (before >= 0 && /\s/.test(view[before]!)) before--;
  if (view[before] === "*") {
    // `(int)*va_arg(ap, char *)` dereferences a call; `char *f(const char *)` declares one.
    let star = before - 1;
    while (star >= 0 && /[\s*]/.test(view[star]!)) star--;
    return star < 0 || !/\w/.test(view[star]!);
  }
  return before < 0 || /[=(),;{}!&|?:+\-/%<>[^~]/.test(view[before]!) || /\b(?:return|case|else|do)$/.test(view.slice(Math.max(0, before - 5), before + 1));
}

/** Keywords a `(` can follow that is no call's: `if (`, `return (unsigned long)x`, `case (char)'a':`. */
const STATEMENT_KEYWORDS = new Set(["if", "while", "for", "switch", "return", "case", "else", "do", "defined"]);

/**
 * A macro given a type as an argument (`NEW(struct item)`, `container_of(p, struct item, link)`):
 * the grammar has no expression of the form `struct item` and stops with a syntax error, though
 * the preprocessor makes C of it. The keyword is blanked, so that the grammar reads the tag as a name.
 */
function typeArgumentsBlanked(view: string, blank: (s: string) => string): string {
  const pieces: string[] = [];
  let last = 0;
  // From each keyword that a name and then `,` or `)` follow: what stands before it decides.
  for (const m of view.matchAll(/\b(?:struct|union|enum)(?=\s+[A-Za-z_]\w*[\s*]*[,)])/g)) {
    let at = m.index - 1;
    while (at >= 0 && /\s/.test(view[at]!)) at--;
    if (view[at] !== "(" && view[at] !== ",") continue;
    if (view[at] === "(") {
      let end = at - 1;
      while (end >= 0 && /\s/.test(view[end]!)) end--;
      let start = end;
      while (start >= 0 && /\w/.test(view[start]!)) start--;
      const callee = view.slice(start + 1, end + 1);
      if (!/^[A-Za-z_]\w*$/.test(callee) || TYPE_TAKING.has(callee)) continue;
    }
    pieces.push(view.slice(last, m.index), blank(m[0]));
    last = m.index + m[0].length;
  }
  return last === 0 ? view : pieces.join("") + view.slice(last);
}

/**
 * The kernel's attribute macros, which <linux/compiler_attributes.h>, <linux/init.h> and
 * <linux/compiler_types.h> define as __attribute__((…)) or as nothing. The grammar knows none of
 * them, and reads `static int __init name(void)` as a declaration of `__init` followed by an error:
 * a kernel-style port could not be ported again, nor read by any rule. To the grammar they are
 * blank; the text the rules read offsets from and edit keeps them. Names with two leading
 * underscores are the implementation's (C11 7.1.3), so a program gcc accepts does not give them
 * a meaning of its own.
 */
export const KERNEL_ATTRIBUTE_MACROS: ReadonlySet<string> = new Set([
  "__init", "__exit", "__initdata", "__initconst", "__exitdata", "__ref", "__refdata",
  "__read_mostly", "__ro_after_init", "__maybe_unused", "__always_unused", "__must_check",
  "__cold", "__hot", "__pure", "__always_inline", "__noreturn", "__weak", "__packed", "__used",
  "__visible", "__malloc", "__attribute_const__", "__nonstring", "__latent_entropy",
  "__user", "__kernel", "__iomem", "__percpu", "__rcu", "__force", "__must_hold", "__acquires", "__releases",
  "__printf", "__scanf", "__aligned", "__section", "__alias", "__counted_by", "__cleanup",
]);

/** Those of them that take arguments: `__printf(1, 2)` is blank to its closing parenthesis. */
const FUNCTION_LIKE_ATTRIBUTES: ReadonlySet<string> = new Set(["__printf", "__scanf", "__aligned", "__section", "__alias", "__counted_by", "__cleanup", "__must_hold", "__acquires", "__releases"]);

/**
 * `text` with every kernel attribute macro in code blanked (comments, string and character
 * literals and preprocessor lines keep theirs: a rule reads those as text). A function-like one
 * is blanked with its argument list; one not followed by its arguments is left for the grammar.
 */
export function withoutKernelAttributes(text: string): string {
  // Words of code are words of the text: a text that names none of them has none to blank.
  if (wordsAmong(text, KERNEL_ATTRIBUTE_MACROS).length === 0) return text;
  const blanks: Array<{ start: number; end: number }> = [];
  for (const span of codeSpans(text)) {
    for (const { word, index } of wordsAmong(text, KERNEL_ATTRIBUTE_MACROS, span.start, span.end)) {
      let end = index + word.length;
      if (FUNCTION_LIKE_ATTRIBUTES.has(word)) {
        let open = end;
        while (open < span.end && /\s/.test(text[open]!)) open++;
        if (text[open] !== "(") continue;
        let depth = 0;
        let close = open;
        for (; close < span.end; close++) {
          if (text[close] === "(") depth++;
          else if (text[close] === ")" && --depth === 0) break;
        }
        if (close >= span.end) continue;
        end = close + 1;
      }
      blanks.push({ start: index, end });
    }
  }
  if (blanks.length === 0) return text;
  let out = "";
  let last = 0;
  for (const b of blanks) {
    out += text.slice(last, b.start) + text.slice(b.start, b.end).replace(/[^\r\n]/g, " ");
    last = b.end;
  }
  return out + text.slice(last);
}

/**
 * The stretches of `text` that are code: outside comments, string and character literals, and
 * preprocessor lines (with their backslash continuations).
 */
export function codeSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  let start = 0;
  let i = 0;
  let lineHasCode = false;
  const close = (at: number) => {
    if (at > start) spans.push({ start, end: at });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      lineHasCode = false;
      i++;
    } else if (c === "/" && text[i + 1] === "*") {
      close(i);
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
      start = i;
    } else if (c === "/" && text[i + 1] === "/") {
      close(i);
      i = lineEnd(text, i);
      start = i;
    } else if (c === '"' || c === "'") {
      close(i);
      i++;
      while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      i++;
      start = i;
    } else if (c === "#" && !lineHasCode) {
      close(i);
      i = lineEnd(text, i);
      start = i;
    } else {
      if (c !== " " && c !== "\t" && c !== "\r" && c !== "\f" && c !== "\v") lineHasCode = true;
      i++;
    }
  }
  close(Math.min(i, text.length));
  return spans;
}

/** Where the line holding `offset` ends, a backslash before the newline continuing it (a // comment or a directive). */
function lineEnd(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    const before = text[nl - 1] === "\r" ? nl - 2 : nl - 1;
    if (text[before] !== "\\") return nl;
    i = nl + 1;
  }
}

/** A file-scope call of a function-like macro of the program whose body defines functions. */
export interface DefiningMacroCall {
  start: number;
  end: number;
  macro: string;
  /** Names of the functions the expansion defines. */
  defines: string[];
}

/**
 * `#define FUNCTION(name, a) int fun_##name(int x) { return (a)*x; }` and then `FUNCTION(quadruple, 4)`
 * on a line of its own at file scope: gcc sees a function definition, which the grammar cannot
 * know without expanding the macro. The names come from expanding the body (parameters replaced,
 * ## pasted) and reading the definitions in it.
 */
export function definingMacroCalls(text: string): DefiningMacroCall[] {
  if (!/#[ \t]*define[ \t]+\w+\([^)]*\)[^\n]*\{/.test(text) && !/#[ \t]*define[ \t]+\w+\([^)]*\)(?:[^\n]*\\\r?\n)+[^\n]*\{/.test(text)) return [];
  const macros = new Map<string, { params: string[]; body: string }>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\(([^)]*)\)((?:[^\n]*\\\r?\n)*[^\n]*)/gm)) {
    const body = m[3]!.replace(/\\\r?\n/g, " ");
    if (body.includes("{")) macros.set(m[1]!, { params: m[2]!.split(",").map((p) => p.trim()), body });
  }
  if (macros.size === 0) return [];
  const calls: DefiningMacroCall[] = [];
  // Any call on a line of its own, kept when it calls one of those macros: no pattern is made of the program's names.
  for (const m of text.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*\(([^;{}()\n]*)\)[ \t]*(?=\r?\n|$|\/\/)/gm)) {
    const macro = macros.get(m[1]!);
    if (!macro) continue;
    const args = m[2]!.split(",").map((a) => a.trim());
    const substitutions = new Map<string, string>();
    macro.params.forEach((p, i) => {
      if (/^[A-Za-z_]\w*$/.test(p) && !substitutions.has(p)) substitutions.set(p, args[i] ?? "");
    });
    const expansion = replaceWords(macro.body, substitutions).replace(/\s*##\s*/g, "");
    const defines = [...expansion.matchAll(/\b([A-Za-z_]\w*)\s*\([^()]*\)\s*\{/g)].map((d) => d[1]!).filter((n) => !["if", "while", "for", "switch"].includes(n));
    if (defines.length > 0) calls.push({ start: m.index, end: m.index + m[0].length, macro: m[1]!, defines });
  }
  return calls;
}

/**
 * `unsigned : 3;` members blanked. A member is matched forwards from a type word and kept only
 * where a `{` or `;` comes before it, past whitespace and comments: what a lookbehind would say,
 * without trying the lookbehind at every offset of the text (50 ms of a 1 MB file).
 */
function blankUnnamedBitFields(text: string, blank: (s: string) => string): string {
  const member = /\b(?:(?:unsigned|signed|const|volatile|short|long)\s+)*(?:unsigned|signed|int|char|short|long|_Bool|bool|[A-Za-z_]\w*_t|_*[us](?:8|16|32|64))\s*:\s*[\w()+\-*/ ]+;/g;
  let out = "";
  let from = 0;
  for (let m = member.exec(text); m; m = member.exec(text)) {
    if (!afterBraceOrSemicolon(text, m.index)) {
      // Another start inside this match may be a member: look again from the next offset.
      member.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(from, m.index) + blank(m[0]);
    from = m.index + m[0].length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Whether `{` or `;` comes before `at`, past whitespace and block comments. */
function afterBraceOrSemicolon(text: string, at: number): boolean {
  let i = at - 1;
  for (;;) {
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    if (i >= 1 && text[i] === "/" && text[i - 1] === "*") {
      // A comment ends here: it began at the first opening before it that no `*/` closes.
      let open = text.lastIndexOf("/*", i - 2);
      if (open < 0) return false;
      for (let earlier = text.lastIndexOf("/*", open - 1); earlier >= 0 && !text.slice(earlier, open).includes("*/"); earlier = text.lastIndexOf("/*", earlier - 1)) open = earlier;
      i = open - 1;
      continue;
    }
    return i >= 0 && (text[i] === "{" || text[i] === ";");
  }
}

