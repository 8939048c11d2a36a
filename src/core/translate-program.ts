// Ports a program of several files: joined into one text, ported once by the one pipeline (so every
// analysis sees the whole program), cut back into its files, each made to compile as an object of its own.
import type { Node } from "./syntax-tree.js";
import { kbuildMakefile } from "../emit/makefile.js";
import { phases } from "../rules/index.js";
import { type Diagnostic, diagnostic, hasErrors } from "./diagnostics.js";
import type { AppliedEdit } from "./edits.js";
import { diffMap, layOut } from "./layout.js";
import { grammarView, type CLanguage } from "./parse.js";
import { runPipeline } from "./pipeline.js";
import { cutProgram, type JoinedProgram, joinProgram, locate, type PlacedPiece, type ProgramFile } from "./program-files.js";
import { lineStartOf } from "./syntax.js";
import { leadingComment } from "../rules/module-metadata.js";
import { PORTABLE_LIBC_HEADERS } from "../analysis/portability.js";
import { targetOf, type TranslateOptions } from "./translate.js";
import type { ModuleNames } from "../analysis/module-names.js";
import type { MacroDefinition } from "../analysis/conditional-code.js";

export interface ProgramTranslateOptions extends Omit<TranslateOptions, "fileName"> {
  /** The module's name; required: a program of several files has no one file to name it after. */
  name: string;
  /** -I directories (relative to the program), where `#include "x.h"` is looked for after the including file's own directory. */
  includeDirs?: readonly string[];
  /**
   * The program's -D and -U (a compile_commands.json's), in order: the port judges conditional code
   * as a build with them sees it, and the module's Makefile passes them to Kbuild (ccflags-y).
   */
  defines?: readonly MacroDefinition[];
}

/** One output file: `list.c` ported, `list.h` ported beside it. */
export interface PortedFile {
  /** The program's file it was ported from. */
  source: string;
  /** Its name in the module's directory (a .c file named like the module gets another name). */
  path: string;
  text: string;
}

export interface ProgramTranslateResult {
  ok: boolean;
  name: string;
  files: PortedFile[];
  /** The object files of the module, in link order: `NAME-y := …`. */
  objects: string[];
  makefile: string | undefined;
  /** Diagnostics with the file each is in (`file`), its range in that file. */
  diagnostics: Diagnostic[];
  rulesFired: string[];
  /** The module's init and exit functions (the names the explain report fills in). */
  names: ModuleNames | undefined;
  /** Every edit, with the program's file it changed and the ported file its text is in (what explain shows, file by file). */
  edits: ProgramEdit[];
}

/** An edit of the port of a program: `source` is in the program's file `file`, `output` in the ported file `outputFile` (module paths, as `files[].path`). */
export interface ProgramEdit extends AppliedEdit {
  file: string;
  outputFile: string;
}

export function translateProgram(language: CLanguage, files: readonly ProgramFile[], options: ProgramTranslateOptions): ProgramTranslateResult {
  const failed = (diagnostics: Diagnostic[]): ProgramTranslateResult => ({ ok: false, name: options.name, files: [], objects: [], makefile: undefined, diagnostics, rulesFired: [], names: undefined, edits: [] });
  const joined = joinProgram(language, files, options.includeDirs ? { includeDirs: options.includeDirs } : {});
  if (joined.units.length === 0) return failed([diagnostic("K1001", "no .c file among the program's files", undefined, { note: "give kernelize the directory of the program or its .c files" })]);
  if (hasErrors(joined.diagnostics)) return failed(joined.diagnostics);

  // The program's description is the leading comment of the file with main(), not of the first file.
  const mainUnit = joined.files.get(joined.units.at(-1)!)!;
  const mainTree = language.parse(grammarView(mainUnit.original));
  const description = options.description ?? leadingComment(mainTree.rootNode.namedChildren.filter((n): n is Node => n !== null));
  mainTree.delete();
  const target = targetOf({ ...options, ...(description !== undefined ? { description } : {}) });
  // The kernel style is laid out file by file, once the port is cut back into files.
  const result = runPipeline(language, joined.text, phases, {
    name: options.name,
    // __FILE__ names the file it stands in: of a program of one file, that file.
    ...(joined.units.length === 1 ? { fileBase: joined.units[0]!.replace(/^.*[\\/]/, "") } : {}),
    target,
    ...(target.style === "kernel" ? { format: (code: string) => code } : {}),
    ...(options.defines ? { defines: options.defines } : {}),
  });
  const diagnostics = result.diagnostics.map((d) => {
    if (!d.range) return d;
    const where = locate(joined, d.range);
    return where ? { ...d, file: where.file, range: where.range } : d;
  });
  if (result.output === undefined || hasErrors(diagnostics)) return { ...failed(diagnostics), rulesFired: result.rulesFired };

  const cut = cutProgram(joined, result.output);
  if (!cut) {
    diagnostics.push(diagnostic("K0004", "internal error: a rule changed text across two of the program's files", undefined, { note: "please report this program" }));
    return { ...failed(diagnostics), rulesFired: result.rulesFired };
  }
  // Names the port gave the program's own functions and variables (a clash with the kernel's renamed).
  const renamedTo = new Set(result.edits.filter((e) => e.ruleId === "kernel-name-clashes-renamed" && /^[A-Za-z_]\w*$/.test(e.text)).map((e) => e.text));
  const texts = objectsCompileAlone(language, joined, cut.texts, renamedTo);
  const names = outputNames(joined, options.name);
  const edits = placeEdits(joined, cut, texts, result.edits);
  let layoutFailed = false;
  if (target.style === "kernel") {
    if (!options.format) throw new Error("the kernel style needs a formatter (options.format)");
    for (const [path, text] of texts) {
      try {
        texts.set(path, layOut(text, edits.filter((e) => e.outputFile === path), options.format));
      } catch {
        layoutFailed = true;
      }
    }
    if (layoutFailed) diagnostics.push(diagnostic("K0005", "clang-format could not lay out every file of the module; those are written in the program's own layout", undefined, { note: "run clang-format with the kernel's .clang-format on them yourself" }));
  }

  const ported = names.map(({ source, path }) => ({ source, path, text: texts.get(source)! }));
  const objects = ported.filter((f) => !f.source.endsWith(".h")).map((f) => f.path.replace(/\.c$/, ".o"));
  const pathOf = new Map(names.map((n) => [n.source, n.path]));
  for (const e of edits) e.outputFile = pathOf.get(e.outputFile) ?? e.outputFile;
  return {
    ok: true,
    name: options.name,
    files: ported,
    objects,
    makefile: kbuildMakefile(options.name, target.style, objects, defineFlags(options.defines ?? [], { shell: true })),
    diagnostics,
    rulesFired: result.rulesFired,
    names: result.names,
    edits,
  };
}

/**
 * The pipeline's edits in the program's files: the source side through the pieces of the joined
 * text (locate()), the output side through the cut (which piece's port an offset is in) and then
 * through what each object needed to compile alone (a character diff of the file before and after).
 * `outputFile` is the program's path here; the module's path once the files are named.
 */
function placeEdits(joined: JoinedProgram, cut: { unrenamed: Map<string, string>; placed: PlacedPiece[] }, texts: Map<string, string>, applied: readonly AppliedEdit[]): ProgramEdit[] {
  const maps = new Map<string, (offset: number) => number>();
  const through = (file: string, offset: number) => {
    let map = maps.get(file);
    if (!map) {
      const before = cut.unrenamed.get(file)!;
      const after = texts.get(file)!;
      map = before === after ? (o: number) => o : diffMap(before, after, true);
      maps.set(file, map);
    }
    return map(offset);
  };
  const pieceAt = (offset: number): PlacedPiece => {
    let lo = 0;
    let hi = cut.placed.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cut.placed[mid]!.outStart <= offset) lo = mid;
      else hi = mid - 1;
    }
    return cut.placed[lo]!;
  };
  const out: ProgramEdit[] = [];
  for (const e of applied) {
    const where = locate(joined, { start: e.source.start, end: e.source.end, line: 0, column: 0 });
    if (!where) continue;
    const piece = pieceAt(e.output.start);
    const inPiece = (offset: number) => piece.fileStart + Math.min(Math.max(offset, piece.outStart), piece.outEnd) - piece.outStart;
    const start = through(piece.file, inPiece(e.output.start));
    const end = Math.max(start, through(piece.file, inPiece(e.output.end)));
    // Text an edit put in that the file no longer has (a `static` taken off again to keep a name shared) is no change of the port.
    if (e.text !== "" && start === end) continue;
    out.push({ ...e, file: where.file, source: { start: where.range.start, end: where.range.end }, outputFile: piece.file, output: { start, end } });
  }
  return out;
}

/**
 * -D and -U as compiler arguments; `shell`: as a Makefile's line, where a value with spaces or
 * quotes, which the shell would split, is quoted.
 */
export function defineFlags(defines: readonly MacroDefinition[], options: { shell?: boolean } = {}): string[] {
  return defines.map((d) => {
    const flag = d.value === null ? `-U${d.name}` : d.value === "" ? `-D${d.name}` : `-D${d.name}=${d.value}`;
    return !options.shell || /^[\w=.+\-/:,]+$/.test(flag) ? flag : `'${flag.replace(/'/g, "'\\''")}'`;
  });
}

/**
 * Output names: each file keeps its name, except a .c file that would make the object NAME.o,
 * which Kbuild builds from the module's objects and cannot also compile from NAME.c.
 */
function outputNames(joined: JoinedProgram, name: string): Array<{ source: string; path: string }> {
  const taken = new Set([...joined.units, ...joined.headers]);
  return [...joined.headers, ...joined.units].map((source) => {
    if (source !== `${name}.c` && !source.endsWith(`/${name}.c`)) return { source, path: source };
    let path = source.replace(/\.c$/, "_main.c");
    for (let n = 2; taken.has(path); n++) path = source.replace(/\.c$/, `_main${n}.c`);
    taken.add(path);
    return { source, path };
  });
}

const KERNEL_INCLUDE = /^#include <(?:linux|asm)\/[^>]+>[^\n]*\n/gm;
const SYSTEM_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*<([^>]+)>[^\n]*\n/gm;

/**
 * Each object is compiled alone, so each file gets what the port of the whole program gave one of
 * them: the kernel headers the module uses (where its C library includes were, which go), and what
 * the port added at file scope in one file and another file now uses: an added function is defined
 * again where it is used (it is static), an added variable is shared (defined once, extern elsewhere).
 */
function objectsCompileAlone(language: CLanguage, joined: JoinedProgram, split: Map<string, string>, renamedTo: ReadonlySet<string>): Map<string, string> {
  const texts = new Map(split);
  const block = [...new Set([...texts.values()].flatMap((t) => [...t.matchAll(KERNEL_INCLUDE)].map((m) => m[0])))].join("");
  for (const [path, text] of texts) {
    const isHeader = path.endsWith(".h");
    const wanted = isHeader ? "#include <linux/types.h>\n" : [...block.matchAll(KERNEL_INCLUDE)].map((m) => m[0]).filter((line) => !text.includes(line)).join("");
    let placed = false;
    let out = text.replace(SYSTEM_INCLUDE, (line, header: string) => {
      // Only the C library's: an include in a branch the build never compiles (<windows.h>) is the program's.
      if (!PORTABLE_LIBC_HEADERS.has(header)) return line;
      if (placed) return "";
      placed = true;
      return wanted;
    });
    if (!placed && !isHeader && wanted) {
      const first = out.search(/^#include/m);
      const at = first >= 0 ? first : firstItem(language, out);
      out = out.slice(0, at) + wanted + (first >= 0 ? "" : "\n") + out.slice(at);
    }
    texts.set(path, out);
  }
  shareFileHeader(texts);
  const before = programNames(language, joined, renamedTo);
  keepExternalLinkage(language, joined, texts, before);
  shareAddedDefinitions(language, joined, texts, before);
  return texts;
}

/** What each unit defined or declared at file scope before the port, with the names the port renamed them to. */
function programNames(language: CLanguage, joined: JoinedProgram, renamedTo: ReadonlySet<string>): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>();
  for (const path of joined.units) {
    const scope = readScope(language, joined.files.get(path)!.original);
    before.set(path, new Set([...scope.defined, ...renamedTo, ...[...scope.macros.keys()].map((m) => `#${m}`), ...scope.structs.keys()]));
    scope.tree.delete();
  }
  return before;
}

/**
 * The program's own function or variable that another file uses keeps its external linkage: where
 * the port made it static (the kernel style, or any port for 6.8 and later, gives every file-scope
 * item of a single file internal linkage), the `static` goes again, in its file and in the headers.
 */
function keepExternalLinkage(language: CLanguage, joined: JoinedProgram, texts: Map<string, string>, before: Map<string, Set<string>>): void {
  const scopes = new Map([...texts.keys()].map((p) => [p, readScope(language, texts.get(p)!)]));
  try {
    // Declared in a header without `static` (a prototype, an extern): external to every file that includes it.
    const declaredInHeaders = new Set(
      joined.headers.flatMap((h) => {
        const scope = scopes.get(h);
        if (!scope) return [];
        const statics = new Set(scope.allStatics.map(([name]) => name));
        return [...scope.defined].filter((name) => !statics.has(name));
      }),
    );
    const shared = new Set<string>();
    for (const owner of joined.units) {
      for (const [name, node] of scopes.get(owner)!.statics) {
        if (node.type !== "function_definition" && !isDefinition(node)) continue;
        if (!before.get(owner)!.has(name)) continue;
        const usedElsewhere = joined.units.some((u) => u !== owner && scopes.get(u)!.used.has(name) && !scopes.get(u)!.statics.has(name));
        if (usedElsewhere || declaredInHeaders.has(name)) shared.add(name);
      }
    }
    if (shared.size === 0) return;
    for (const [path, scope] of scopes) {
      const text = texts.get(path)!;
      const cuts: Array<{ start: number; end: number }> = [];
      for (const [name, node] of scope.allStatics) {
        if (!shared.has(name)) continue;
        const storage = node.namedChildren.find((c) => c?.type === "storage_class_specifier" && c.text === "static")!;
        let end = nextNonSpace(text, storage.endIndex);
        if (text.startsWith("__maybe_unused", end)) end = nextNonSpace(text, end + "__maybe_unused".length);
        cuts.push({ start: storage.startIndex, end });
      }
      let out = text;
      for (const c of cuts.sort((a, b) => b.start - a.start)) out = out.slice(0, c.start) + out.slice(c.end);
      texts.set(path, out);
    }
  } finally {
    for (const s of scopes.values()) s.tree.delete();
  }
}

/** A declaration that defines a variable (not a prototype). */
function isDefinition(node: Node): boolean {
  return node.type === "declaration" && node.childrenForFieldName("declarator").some((d) => {
    let x: Node | null = d;
    while (x && x.type !== "identifier") {
      if (x.type === "function_declarator") return false;
      x = innerDeclarator(x);
    }
    return true;
  });
}

/**
 * What the kernel style puts at the head of the module is every file's: the SPDX line (a `//`
 * comment in a .c file, a block comment in a header, as the kernel's license rules ask), and
 * pr_fmt(), which must come before the first #include to prefix each file's messages alike.
 */
function shareFileHeader(texts: Map<string, string>): void {
  const all = [...texts.values()];
  const spdx = all.map((t) => /^\/\/ SPDX-License-Identifier: ([^\n]+)\n/.exec(t)?.[1]).find(Boolean);
  const prFmt = all.map((t) => /^#define pr_fmt\(fmt\)[^\n]*\n/m.exec(t)?.[0]).find(Boolean);
  for (const [path, text] of texts) {
    const isHeader = path.endsWith(".h");
    let out = text;
    if (prFmt && !isHeader && !out.includes(prFmt)) {
      const first = out.search(/^#include/m);
      if (first >= 0) out = out.slice(0, first) + prFmt + out.slice(first);
    }
    if (spdx && !/^(?:\/\/|\/\*) SPDX-License-Identifier:/.test(out)) out = `${isHeader ? `/* SPDX-License-Identifier: ${spdx} */` : `// SPDX-License-Identifier: ${spdx}`}\n${out}`;
    texts.set(path, out);
  }
}

/** Offset of the line of the first top-level item that is not a comment. */
function firstItem(language: CLanguage, text: string): number {
  const tree = language.parse(grammarView(text));
  try {
    const first = tree.rootNode.namedChildren.find((n) => n && n.type !== "comment");
    return first ? lineStartOf(text, first.startIndex) : text.length;
  } finally {
    tree.delete();
  }
}

interface FileScope {
  tree: ReturnType<CLanguage["parse"]>;
  /** Static definitions: name -> its node (the last one of the name, a definition after its prototype). */
  statics: Map<string, Node>;
  /** Every static item, prototypes too. */
  allStatics: Array<[string, Node]>;
  defined: Set<string>;
  used: Set<string>;
  /** How often each name is used outside the items that declare it (a struct's tag as `struct TAG`). */
  uses: Map<string, number>;
  firstFunction: Node | undefined;
  /** Definitions of variables with external linkage (not static, not extern): name -> the declaration. */
  externals: Map<string, Node>;
  /** File-scope #defines: name -> the definition. */
  macros: Map<string, Node>;
  /** File-scope struct definitions (`struct TAG { … };`): `struct TAG` -> the specifier. */
  structs: Map<string, Node>;
}

function readScope(language: CLanguage, text: string): FileScope {
  const tree = language.parse(grammarView(text));
  const statics = new Map<string, Node>();
  const allStatics: Array<[string, Node]> = [];
  const defined = new Set<string>();
  const used = new Set<string>();
  const externals = new Map<string, Node>();
  const macros = new Map<string, Node>();
  const structs = new Map<string, Node>();
  const firstFunction = tree.rootNode.namedChildren.find((n) => n?.type === "function_definition") ?? undefined;
  // File-scope items, those in preprocessor blocks (an include guard) too.
  const items = (node: Node): Node[] => node.namedChildren.flatMap((c) => (!c ? [] : c.type.startsWith("preproc_if") || c.type === "preproc_else" || c.type === "preproc_elif" ? items(c) : [c]));
  for (const node of items(tree.rootNode)) {
    if (node.type === "preproc_def" || node.type === "preproc_function_def") {
      const name = node.childForFieldName("name")?.text;
      if (name) macros.set(name, node);
      continue;
    }
    if (node.type === "struct_specifier" && node.childForFieldName("body")) {
      const tag = node.childForFieldName("name")?.text;
      if (tag) structs.set(`struct ${tag}`, node);
      continue;
    }
    // `LIST_HEAD(name);` without `static` reads as a call: it defines name all the same.
    const definedBy = macroDefinedVariable(node);
    if (definedBy) {
      defined.add(definedBy.name);
      externals.set(definedBy.name, node);
      continue;
    }
    if (node.type !== "function_definition" && node.type !== "declaration") continue;
    const isStatic = node.namedChildren.some((c) => c?.type === "storage_class_specifier" && c.text === "static");
    for (const declarator of node.childrenForFieldName("declarator")) {
      let d: Node | null = declarator;
      while (d && d.type !== "identifier") d = innerDeclarator(d);
      if (!d) continue;
      defined.add(d.text);
      const isExtern = node.namedChildren.some((c) => c?.type === "storage_class_specifier" && c.text === "extern");
      if (!isStatic && !isExtern && isDefinition(node)) externals.set(d.text, node);
      if (isStatic) {
        allStatics.push([d.text, node]);
        if (node.type === "function_definition" || isDefinition(node) || !statics.has(d.text)) statics.set(d.text, node);
      }
    }
  }
  const uses = new Map<string, number>();
  const use = (name: string, own: ReadonlySet<string>) => {
    if (!own.has(name)) uses.set(name, (uses.get(name) ?? 0) + 1);
  };
  const walk = (node: Node, own: ReadonlySet<string>) => {
    if (node.type === "identifier") {
      used.add(node.text);
      use(node.text, own);
    } else if (node.type === "type_identifier" && node.parent?.type === "struct_specifier" && node.parent.childForFieldName("name")?.id === node.id) {
      use(`struct ${node.text}`, own);
    } else if (node.type === "preproc_arg") {
      // A macro's body is not parsed: the names in it are its uses (`struct TAG` as a tag's).
      for (const m of node.text.matchAll(/\b(struct\s+)?([A-Za-z_]\w*)/g)) use(m[1] ? `struct ${m[2]}` : m[2]!, own);
    }
    for (const c of node.namedChildren) if (c) walk(c, own);
  };
  // A use is one outside the item that declares the name (a recursive call does not count).
  for (const item of items(tree.rootNode)) {
    const own = new Set<string>();
    if (item.type === "preproc_def" || item.type === "preproc_function_def") {
      for (const n of [item.childForFieldName("name"), ...(item.childForFieldName("parameters")?.namedChildren ?? [])]) if (n) own.add(n.text);
    } else if (item.type === "struct_specifier" && item.childForFieldName("body")) {
      own.add(`struct ${item.childForFieldName("name")?.text ?? ""}`);
    }
    if (item.type === "function_definition" || item.type === "declaration") {
      for (const d of item.childrenForFieldName("declarator")) {
        const name = d ? declaredNameOf(d) : undefined;
        if (name) own.add(name);
      }
    }
    walk(item, own);
  }
  return { tree, statics, allStatics, defined, used, uses, firstFunction, externals, macros, structs };
}

/** `extern T name;` for a file-scope variable's definition (static or not). */
function externDeclaration(text: string, node: Node, name: string): string {
  const definedBy = macroDefinedVariable(node);
  if (definedBy) return `extern ${definedBy.type} ${name};\n`;
  const declarator = node.childrenForFieldName("declarator").find((d) => d && declaredNameOf(d) === name)!;
  const plain = declarator.type === "init_declarator" ? declarator.childForFieldName("declarator")! : declarator;
  const specifiers = text.slice(node.startIndex, node.childForFieldName("declarator")!.startIndex).replace(/\bstatic\s+/, "");
  // `static LIST_HEAD(name);` defines a struct list_head through the kernel's macro.
  const defined = DEFINING_MACROS[specifiers.trim()];
  return defined ? `extern ${defined} ${name};\n` : `extern ${specifiers}${plain.text};\n`;
}

/** The kernel's macros that define a variable (what an extern declaration of it says it is). */
const DEFINING_MACROS: Readonly<Record<string, string>> = { LIST_HEAD: "struct list_head" };

/** `LIST_HEAD(name);` at file scope, which the grammar reads as a call: the variable it defines, and its type. */
function macroDefinedVariable(node: Node): { name: string; type: string } | undefined {
  const call = node.type === "expression_statement" ? node.namedChild(0) : null;
  const macro = call?.type === "call_expression" ? call.childForFieldName("function")?.text : undefined;
  const args = call?.childForFieldName("arguments")?.namedChildren ?? [];
  const type = macro ? DEFINING_MACROS[macro] : undefined;
  return type && args.length === 1 && args[0]?.type === "identifier" ? { name: args[0].text, type } : undefined;
}

function shareAddedDefinitions(language: CLanguage, joined: JoinedProgram, texts: Map<string, string>, before: Map<string, Set<string>>): void {
  // A static the port added is one the file did not define or declare before the port.
  const units = joined.units;
  for (let round = 0; round < 6; round++) {
    const scopes = new Map(units.map((u) => [u, readScope(language, texts.get(u)!)]));
    const inserts = new Map<string, string[]>();
    /** Macros and structs: before the functions inserted with them, which may use them. */
    const types = new Map<string, string[]>();
    const edits = new Map<string, Array<{ start: number; end: number; text: string }>>();
    try {
      for (const owner of units) {
        const scope = scopes.get(owner)!;
        // A #define or a struct the port added, used in another file: the same text there (neither has linkage).
        const definitions: Array<[string, Node, (u: FileScope) => boolean]> = [
          ...[...scope.macros].map(([name, node]): [string, Node, (u: FileScope) => boolean] => [`#${name}`, node, (u) => !u.macros.has(name) && (u.uses.get(name) ?? 0) > 0]),
          ...[...scope.structs].map(([tag, node]): [string, Node, (u: FileScope) => boolean] => [tag, node, (u) => !u.structs.has(tag) && (u.uses.get(tag) ?? 0) > 0]),
        ];
        for (const [key, node, wants] of definitions) {
          if (before.get(owner)!.has(key)) continue;
          const text = texts.get(owner)!;
          // A #define's text ends with its line's newline; a struct's with its brace.
          const copy = `${text.slice(leadingCommentStart(node), node.endIndex)}${node.type === "struct_specifier" ? ";\n\n" : "\n"}`;
          for (const u of units) if (u !== owner && wants(scopes.get(u)!)) types.set(u, [...(types.get(u) ?? []), copy]);
        }
        for (const [name, node] of scope.statics) {
          if (before.get(owner)!.has(name)) continue;
          const usedIn = (u: string) => (scopes.get(u)!.uses.get(name) ?? 0) > 0;
          const users = units.filter((u) => u !== owner && usedIn(u) && !scopes.get(u)!.defined.has(name));
          const text = texts.get(owner)!;
          if (node.type === "function_definition") {
            const start = leadingCommentStart(node);
            for (const u of users) inserts.set(u, [...(inserts.get(u) ?? []), `${text.slice(start, node.endIndex)}\n\n`]);
            // Moved rather than copied where its own file no longer calls it (a static nothing calls is a warning).
            if (!usedIn(owner) && units.some((u) => u !== owner && usedIn(u))) {
              edits.set(owner, [...(edits.get(owner) ?? []), { start, end: blankLinesAfter(text, node.endIndex), text: "" }]);
            }
          } else {
            if (users.length === 0) continue;
            const storage = node.namedChildren.find((c) => c?.type === "storage_class_specifier" && c.text === "static")!;
            const declaration = externDeclaration(text, node, name);
            // The defining file declares it too: a file-scope definition with no declaration before it is
            // one sparse asks about ("was not declared. Should it be static?").
            edits.set(owner, [
              ...(edits.get(owner) ?? []),
              { start: storage.startIndex, end: nextNonSpace(text, storage.endIndex), text: "" },
              { start: node.startIndex, end: node.startIndex, text: declaration },
            ]);
            for (const u of users) inserts.set(u, [...(inserts.get(u) ?? []), `${declaration}\n`]);
          }
        }
        // A variable an earlier round shared is declared in each file that comes to use it since.
        for (const [name, node] of scope.externals) {
          if (before.get(owner)!.has(name)) continue;
          const users = units.filter((u) => u !== owner && (scopes.get(u)!.uses.get(name) ?? 0) > 0 && !scopes.get(u)!.defined.has(name));
          const declaration = externDeclaration(texts.get(owner)!, node, name);
          for (const u of users) inserts.set(u, [...(inserts.get(u) ?? []), `${declaration}\n`]);
        }
      }
      if (inserts.size === 0 && edits.size === 0 && types.size === 0) return;
      for (const u of units) {
        let text = texts.get(u)!;
        const own = [...(edits.get(u) ?? [])].sort((a, b) => b.start - a.start);
        const added = [...(types.get(u) ?? []), ...(inserts.get(u) ?? [])];
        const first = scopes.get(u)!.firstFunction;
        const at = first ? leadingCommentStart(first) : text.length;
        if (added.length > 0) {
          own.push({ start: at, end: at, text: added.join("") });
          own.sort((a, b) => b.start - a.start || (a.text === "" ? -1 : 1));
        }
        for (const e of own) text = text.slice(0, e.start) + e.text + text.slice(e.end);
        texts.set(u, text);
      }
    } finally {
      for (const s of scopes.values()) s.tree.delete();
    }
  }
}

/** The declarator inside one: `*p` → p, `(name)` → name (how `LIST_HEAD(name)` reads). */
function innerDeclarator(d: Node): Node | null {
  return d.childForFieldName("declarator") ?? (d.type === "parenthesized_declarator" ? d.namedChild(0) : null);
}

function declaredNameOf(declarator: Node): string | undefined {
  let d: Node | null = declarator;
  while (d && d.type !== "identifier") d = innerDeclarator(d);
  return d?.text;
}

/** Past the end of the line at `offset` and the blank lines after it. */
function blankLinesAfter(text: string, offset: number): number {
  let i = text.indexOf("\n", offset);
  if (i < 0) return text.length;
  i++;
  while (text[i] === "\n") i++;
  return i;
}

function nextNonSpace(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return i;
}

/** Start of the comment lines right above a definition (its own comment travels with it). */
function leadingCommentStart(node: Node): number {
  let start = node.startIndex;
  let previous = node.previousNamedSibling;
  while (previous?.type === "comment" && previous.endPosition.row >= (previous.nextNamedSibling ?? node).startPosition.row - 1) {
    start = previous.startIndex;
    previous = previous.previousNamedSibling;
  }
  return start;
}
