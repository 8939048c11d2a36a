// Facts about a whole translation unit: its functions, includes, calls, and whether it is already a module.
import type { Node, SyntaxTree as Tree } from "../core/syntax-tree.js";
import { calleeName, declaratorName, functionDeclarator, namedChildren } from "../core/syntax.js";
import { definingMacroCalls } from "../core/parse.js";
import { type InactiveRange, inactiveRanges, isInactive, type MacroDefinition } from "./conditional-code.js";
import { WordIndex } from "../core/words.js";

export interface FunctionFacts {
  name: string;
  /** The function_definition node. */
  node: Node;
  /** The identifier naming the function. */
  nameNode: Node;
  body: Node;
  parameters: Node;
  /** Parameter names in order; empty for `(void)`. */
  parameterNames: string[];
  /** True when the declared return type is a pointer (`T *f(...)`). */
  returnsPointer: boolean;
  /** The declared return type's text, qualifiers and storage class left out. */
  returnType: string;
  isStatic: boolean;
}

export interface IncludeFacts {
  node: Node;
  /** Header path without delimiters: `stdio.h`, `linux/slab.h`. */
  path: string;
  /** `<…>` rather than `"…"`. */
  system: boolean;
}

export interface CallFacts {
  name: string;
  /** The identifier naming the called function. */
  callee: Node;
  /** The call_expression (its parent). */
  call: Node;
}

/** Where definitions live: at the top level, or inside conditional compilation there. */
const DEFINITION_CONTAINERS = new Set(["translation_unit", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif", "preproc_elifdef"]);

/** The program's function definitions by name; each one's facts are read on first use. */
export class FunctionTable {
  private readonly facts = new Map<string, FunctionFacts | null>();
  /**
   * @param definitions the first definition of each name
   * @param spans every definition, a name defined twice (`#ifdef A … #else … #endif`) included, in source order
   */
  constructor(
    private readonly definitions: ReadonlyMap<string, Node>,
    private readonly spans: ReadonlyArray<{ readonly name: string; readonly node: Node; readonly start: number; readonly end: number }> = [],
  ) {}
  /**
   * The definition whose text holds `offset`: the one place "the enclosing function" is answered.
   * A search among the definitions' ranges; asking a node for its parents instead costs, in a
   * large file, a walk down from the root through every top-level node for each step up.
   */
  enclosing(offset: number): { name: string; node: Node } | undefined {
    let lo = 0;
    let hi = this.spans.length;
    // The last definition that starts at or before `offset`.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[mid]!.start <= offset) lo = mid + 1;
      else hi = mid;
    }
    const span = this.spans[lo - 1];
    return span && offset < span.end ? span : undefined;
  }
  has(name: string): boolean {
    return this.definitions.has(name);
  }
  get(name: string): FunctionFacts | undefined {
    let f = this.facts.get(name);
    if (f === undefined) {
      const node = this.definitions.get(name);
      f = node ? (functionFacts(node) ?? null) : null;
      this.facts.set(name, f);
    }
    return f ?? undefined;
  }
  names(): string[] {
    return [...this.definitions.keys()];
  }
  /** Each definition's text range, in source order (read from the tree once; each caller gets its own array). */
  ranges(): Array<{ readonly name: string; readonly start: number; readonly end: number }> {
    if (!this.rangesRead) {
      // The spans know each definition's range already: the first of each name is the one the table keeps.
      const firsts = this.spans.filter((s) => this.definitions.get(s.name) === s.node);
      const read = firsts.length === this.definitions.size ? firsts.map(({ name, start, end }) => ({ name, start, end })) : [...this.definitions].map(([name, node]) => ({ name, start: node.startIndex, end: node.endIndex }));
      this.rangesRead = read.sort((a, b) => a.start - b.start);
    }
    return [...this.rangesRead];
  }
  private rangesRead: Array<{ readonly name: string; readonly start: number; readonly end: number }> | undefined;
}

export interface ProgramFacts {
  root: Node;
  functions: FunctionTable;
  /** Macros the file #defines at the top level. */
  macros: Set<string>;
  /** Functions that file-scope calls of the program's own macros define (`FUNCTION(quadruple, 4)`). */
  macroDefinedFunctions: ReadonlySet<string>;
  /** The text the tree was parsed from. */
  source: string;
  main: FunctionFacts | undefined;
  includes: IncludeFacts[];
  /**
   * Calls of the given names: found in the text, confirmed in the tree, so that a large file is
   * never walked node by node from JavaScript.
   */
  callsNamed(names: ReadonlySet<string>): CallFacts[];
  /**
   * Calls of the given names that reach the C library: not of a function or macro the program
   * defines itself (its own warn() is not err.h's), and not in code the module build's
   * preprocessor removes. The call rules see only these.
   */
  libraryCallsNamed(names: ReadonlySet<string>): CallFacts[];
  /** Text that conditional compilation removes in a module build (`#ifdef _WIN32`, `#if 0`). */
  inactive: readonly InactiveRange[];
  /** Whether the module build compiles the text at `offset` (false inside a removed #if branch). */
  isCompiled(offset: number): boolean;
  /** The file already is a kernel module (it registers an init function). */
  isModule: boolean;
  /** The functions a module registers with module_init() and module_exit(), where it does. */
  registered: { init?: string; exit?: string };
  /** Last top-level node that is not a comment, for appending after it. */
  lastTopLevel: Node | undefined;
  /** Where the given names occur as whole words in the source, in order (the text is indexed once for every search). */
  wordsAmong(names: ReadonlySet<string>): Array<{ word: string; index: number }>;
  /** Where the program's function names occur as whole words, in order: `wordsAmong` of every defined name, read once per parse. */
  functionMentions(): ReadonlyArray<{ word: string; index: number }>;
}

/**
 * The functions that make one of `calls` (in compiled code), and every function that calls one of
 * them, by name, to a fixed point; added to `into`, which a caller can grow in stages. `main()`
 * stays out where `withMain` is false: nothing calls it, and it is no helper.
 */
export function callersOf(program: ProgramFacts, calls: Iterable<Node>, options: { withMain?: boolean; into?: Set<string> } = {}): Set<string> {
  const out = options.into ?? new Set<string>();
  let fresh = new Set<string>();
  const note = (call: Node) => {
    // A call in a branch the build removes (#ifdef _WIN32, a -D that disables it) calls nothing.
    if (!program.isCompiled(call.startIndex)) return;
    const caller = program.functions.enclosing(call.startIndex)?.name;
    if (caller && (options.withMain || caller !== "main") && !out.has(caller) && program.functions.has(caller)) {
      out.add(caller);
      fresh.add(caller);
    }
  };
  for (const call of calls) note(call);
  while (fresh.size > 0) {
    const found = program.callsNamed(fresh);
    fresh = new Set();
    for (const { call } of found) note(call);
  }
  return out;
}

export function analyzeProgram(tree: Tree, source: string, defines: readonly MacroDefinition[] = []): ProgramFacts {
  const root = tree.rootNode;

  // Definitions are read from the top level (the declarator's text names the function), so the
  // function table costs one small step per function.
  type Span = { name: string; node: Node; start: number; end: number };
  // The top level's nodes, read once for the scan below and the function table (each read makes new node objects).
  const topLevel = namedChildren(root);
  const collectDefinitions = (container: Node, definitions: Map<string, Node>, spans: Span[]) => {
    for (const node of container.id === root.id ? topLevel : namedChildren(container)) {
      if (node.type === "function_definition") {
        const name = /([A-Za-z_]\w*)\s*\(/.exec(node.childForFieldName("declarator")?.text ?? "")?.[1];
        if (!name) continue;
        if (!definitions.has(name)) definitions.set(name, node);
        spans.push({ name, node, start: node.startIndex, end: node.endIndex });
      } else if (DEFINITION_CONTAINERS.has(node.type)) {
        collectDefinitions(node, definitions, spans);
      }
    }
  };
  let table: FunctionTable | undefined;
  const functions = () => {
    if (!table) {
      const definitions = new Map<string, Node>();
      const spans: Span[] = [];
      collectDefinitions(root, definitions, spans);
      table = new FunctionTable(definitions, spans);
    }
    return table;
  };

  const includes: IncludeFacts[] = [];
  const macros = new Set<string>();
  let isModule = false;
  const registered: { init?: string; exit?: string } = {};
  let lastTopLevel: Node | undefined;
  for (const node of topLevel) {
    if (node.type !== "comment") lastTopLevel = node;
    if (node.type === "preproc_include") {
      const path = node.childForFieldName("path");
      if (path) {
        includes.push({
          node,
          path: path.text.slice(1, -1),
          system: path.type === "system_lib_string",
        });
      }
    } else if (node.type === "preproc_def" || node.type === "preproc_function_def") {
      const name = node.childForFieldName("name");
      if (name) macros.add(name.text);
    } else if (DEFINITION_CONTAINERS.has(node.type)) {
      // `#ifndef MIN / #define MIN(a, b) … / #endif`: a macro defined under a condition is still defined.
      for (const m of source.slice(node.startIndex, node.endIndex).matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) macros.add(m[1]!);
    } else if (node.type === "expression_statement") {
      const call = node.namedChild(0);
      const callee = call?.type === "call_expression" ? calleeName(call) : undefined;
      const registers = callee === "module_init" || callee === "module_exit" ? call!.childForFieldName("arguments")?.namedChild(0) : undefined;
      if (callee === "module_init") isModule = true;
      if (registers?.type === "identifier") registered[callee === "module_init" ? "init" : "exit"] = registers.text;
    }
  }

  // A #define inside a function body defines its macro for the rest of the file all the same.
  for (const m of source.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) {
    if (macros.has(m[1]!)) continue;
    if (functions().enclosing(m.index + m[0].indexOf("#"))) macros.add(m[1]!);
  }

  let generated: Set<string> | undefined;
  const macroDefined = () => (generated ??= new Set(definingMacroCalls(source).flatMap((c) => c.defines)));
  let inactive: InactiveRange[] | undefined;
  const inactiveText = () => (inactive ??= inactiveRanges(source, defines));
  const words = new WordIndex(source);
  let functionMentions: ReadonlyArray<{ word: string; index: number }> | undefined;
  // Each name's calls are found in the tree once per parse, however many rules ask for them.
  const callsByName = new Map<string, readonly CallFacts[]>();
  const callsOf = (names: ReadonlySet<string>): CallFacts[] => {
    const missing = new Set<string>();
    for (const n of names) if (!callsByName.has(n)) missing.add(n);
    if (missing.size > 0) {
      const found = new Map<string, CallFacts[]>([...missing].map((n) => [n, []]));
      for (const c of findCallsByName(root, words, missing)) found.get(c.name)?.push(c);
      for (const [n, list] of found) callsByName.set(n, list);
    }
    const out: CallFacts[] = [];
    for (const n of names) out.push(...callsByName.get(n)!);
    return names.size > 1 ? out.sort((a, b) => a.callee.startIndex - b.callee.startIndex) : out;
  };
  return {
    root,
    get functions() {
      return functions();
    },
    macros,
    get macroDefinedFunctions() {
      return macroDefined();
    },
    get main() {
      return functions().get("main");
    },
    includes,
    source,
    callsNamed(names) {
      return callsOf(names);
    },
    libraryCallsNamed(names) {
      const library = new Set([...names].filter((n) => !functions().has(n) && !macros.has(n) && !macroDefined().has(n)));
      const ranges = inactiveText();
      const calls = callsOf(library);
      return ranges.length === 0 ? calls : calls.filter((c) => !isInactive(ranges, c.call.startIndex));
    },
    get inactive() {
      return inactiveText();
    },
    isCompiled(offset) {
      const ranges = inactiveText();
      return ranges.length === 0 || !isInactive(ranges, offset);
    },
    isModule: isModule || includes.some((i) => i.system && i.path === "linux/module.h"),
    registered,
    lastTopLevel,
    wordsAmong: (names) => words.among(names),
    functionMentions: () => (functionMentions ??= words.among(new Set(functions().names()))),
  };
}

/**
 * Calls of the given names, found in the text and confirmed in the tree: an identifier that is
 * the function of a call_expression. Mentions in comments and strings are not identifiers.
 */
function findCallsByName(root: Node, words: WordIndex, names: ReadonlySet<string>): CallFacts[] {
  if (names.size === 0) return [];
  const found: CallFacts[] = [];
  for (const { word, index } of words.among(names)) {
    const node = root.descendantForIndex(index, index + word.length);
    if (node?.type !== "identifier" || node.startIndex !== index || node.endIndex !== index + word.length) continue;
    const parent = node.parent;
    // The function is a call's first child, so it alone starts where the call starts.
    if (parent?.type !== "call_expression" || parent.startIndex !== node.startIndex) continue;
    found.push({ name: node.text, callee: node, call: parent });
  }
  return found;
}

/** Names the file's own typedefs give to pointer types (`typedef struct tnode *Tptr;`), per tree. */
const pointerTypedefsOf = new WeakMap<object, Set<string>>();

function isPointerTypedef(root: Node, type: Node | null): boolean {
  if (type?.type !== "type_identifier") return false;
  let names = pointerTypedefsOf.get(root.tree);
  if (!names) {
    names = new Set();
    for (const d of root.descendantsOfType("type_definition")) {
      for (const declarator of d?.childrenForFieldName("declarator") ?? []) {
        if (declarator?.type !== "pointer_declarator") continue;
        let name: Node | null = declarator;
        while (name && name.type !== "type_identifier") name = name.childForFieldName("declarator");
        if (name) names.add(name.text);
      }
    }
    pointerTypedefsOf.set(root.tree, names);
  }
  return names.has(type.text);
}

function functionFacts(node: Node): FunctionFacts | undefined {
  const fd = functionDeclarator(node);
  const nameNode = fd ? declaratorName(fd) : null;
  const body = node.childForFieldName("body");
  const parameters = fd?.childForFieldName("parameters");
  if (!fd || !nameNode || !body || !parameters) return undefined;
  return new DefinitionFacts(node, nameNode, body, parameters);
}

/**
 * One definition's facts; what is not needed to find the function (its parameters' names, its
 * return type, its storage class) is read on first use, as most functions of a large program are
 * never asked about them.
 */
class DefinitionFacts implements FunctionFacts {
  readonly name: string;
  private parameterNamesRead: string[] | undefined;
  private returnsPointerRead: boolean | undefined;
  private returnTypeRead: string | undefined;
  private isStaticRead: boolean | undefined;

  constructor(
    readonly node: Node,
    readonly nameNode: Node,
    readonly body: Node,
    readonly parameters: Node,
  ) {
    this.name = nameNode.text;
  }

  get parameterNames(): string[] {
    if (!this.parameterNamesRead) {
      this.parameterNamesRead = [];
      for (const p of namedChildren(this.parameters)) {
        if (p.type !== "parameter_declaration") continue;
        const name = declaratorName(p.childForFieldName("declarator"));
        if (name) this.parameterNamesRead.push(name.text);
      }
    }
    return this.parameterNamesRead;
  }

  get returnsPointer(): boolean {
    return (this.returnsPointerRead ??=
      this.node.childForFieldName("declarator")?.type === "pointer_declarator" || isPointerTypedef(this.node.tree.rootNode, this.node.childForFieldName("type")));
  }

  get returnType(): string {
    return (this.returnTypeRead ??= this.node.childForFieldName("type")?.text ?? "int");
  }

  get isStatic(): boolean {
    return (this.isStaticRead ??= namedChildren(this.node).some((c) => c.type === "storage_class_specifier" && c.text === "static"));
  }
}
