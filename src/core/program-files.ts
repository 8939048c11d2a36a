// A program of several files: its .c files and their local headers joined into one text that the
// single-file pipeline ports, and the ported text cut back into the files it came from.
import type { Node } from "./syntax-tree.js";
import { type Diagnostic, diagnostic, LineIndex, type SourceRange } from "./diagnostics.js";
import { applyEdits, type OffsetMap, type TextEdit } from "./edits.js";
import { grammarView, type CLanguage } from "./parse.js";
import { lineStartOf, nextLineStart } from "./syntax.js";
import { hasWord, replaceWords } from "./words.js";

/** One file of the program, named by its path relative to the program (`list.c`, `include/list.h`). */
export interface ProgramFile {
  path: string;
  text: string;
}

/** A piece of one file's text, where it sits in the joined text. */
interface Piece {
  file: string;
  /** Offsets in the file's working text (its own statics renamed, see below). */
  start: number;
  end: number;
  /** Offset of the piece's first character in the joined text (after its marker line). */
  at: number;
}

/** One file's text as it enters the joined text: names of its own statics made unique, and the way back. */
interface WorkingFile {
  path: string;
  original: string;
  text: string;
  /** Working-text offsets back to the original's. */
  map: OffsetMap | undefined;
  /** Unique name -> the static's own name, restored in this file's output. */
  renamed: Map<string, string>;
  isUnit: boolean;
  /** The local includes of the file, in order, with the file they resolve to. */
  includes: Array<{ lineStart: number; lineEnd: number; target: string | undefined; name: string }>;
}

export interface JoinedProgram {
  /** The one text the pipeline ports. */
  text: string;
  pieces: Piece[];
  files: Map<string, WorkingFile>;
  /** The .c files, in the order they are joined (the one with main() last). */
  units: string[];
  /** The local headers some unit includes, in the order first included. */
  headers: string[];
  diagnostics: Diagnostic[];
}

/** The line that starts each piece but the first in the joined text: a directive no rule reads, cut out again after the port. */
const MARKER = "#pragma kernelize piece ";
const MARKER_LINE = /^#pragma kernelize piece (\d+)\n/gm;

/** Resolves `#include "name"` from `from` the way the compiler would: beside the including file, then each -I directory. */
export function resolveLocalInclude(from: string, name: string, known: ReadonlySet<string>, includeDirs: readonly string[] = []): string | undefined {
  for (const dir of [dirOf(from), ...includeDirs]) {
    const candidate = normalizePath(dir ? `${dir}/${name}` : name);
    if (known.has(candidate)) return candidate;
  }
  return undefined;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out.at(-1) !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** The local includes of a file (`#include "x.h"`), wherever they are (inside an include guard too). */
export function localIncludes(language: CLanguage, text: string): Array<{ start: number; end: number; name: string }> {
  const tree = language.parse(grammarView(text));
  try {
    const found: Array<{ start: number; end: number; name: string }> = [];
    for (const m of language.query(`(preproc_include path: (string_literal) @path) @include`).matches(tree.rootNode)) {
      const include = m.captures.find((c) => c.name === "include")!.node;
      const path = m.captures.find((c) => c.name === "path")!.node;
      found.push({ start: include.startIndex, end: include.endIndex, name: path.text.slice(1, -1) });
    }
    return found;
  } finally {
    tree.delete();
  }
}

/** File-scope definitions of a unit: name -> whether it is static. */
function fileScopeDefinitions(language: CLanguage, text: string): { names: Map<string, boolean>; identifiers: Array<{ name: string; start: number; end: number }> } {
  const tree = language.parse(grammarView(text));
  try {
    const names = new Map<string, boolean>();
    for (const node of tree.rootNode.namedChildren) {
      if (!node || (node.type !== "function_definition" && node.type !== "declaration")) continue;
      const isStatic = node.namedChildren.some((c) => c?.type === "storage_class_specifier" && c.text === "static");
      const isExtern = node.namedChildren.some((c) => c?.type === "storage_class_specifier" && c.text === "extern");
      if (isExtern) continue;
      for (const declarator of node.childrenForFieldName("declarator")) {
        if (!declarator) continue;
        // A prototype declares without defining; a definition, a variable or a static prototype counts.
        const isPrototype = node.type === "declaration" && innermostIs(declarator, "function_declarator");
        if (isPrototype && !isStatic) continue;
        const name = declaredName(declarator);
        if (name) names.set(name, isStatic || names.get(name) === true);
      }
    }
    const identifiers: Array<{ name: string; start: number; end: number }> = [];
    const walk = (node: Node) => {
      if (node.type === "identifier") identifiers.push({ name: node.text, start: node.startIndex, end: node.endIndex });
      for (const c of node.namedChildren) if (c) walk(c);
    };
    walk(tree.rootNode);
    return { names, identifiers };
  } finally {
    tree.delete();
  }
}

function innermostIs(declarator: Node, type: string): boolean {
  let d: Node | null = declarator;
  while (d && d.type !== type) {
    if (d.type === "identifier") return false;
    d = d.childForFieldName("declarator");
  }
  return d?.type === type;
}

function declaredName(declarator: Node): string | undefined {
  let d: Node | null = declarator;
  while (d && d.type !== "identifier") d = d.childForFieldName("declarator");
  return d?.text;
}

function definesMain(language: CLanguage, text: string): boolean {
  const tree = language.parse(grammarView(text));
  try {
    return tree.rootNode.namedChildren.some((n) => n?.type === "function_definition" && n.childForFieldName("declarator") && declaredName(n.childForFieldName("declarator")!) === "main");
  } finally {
    tree.delete();
  }
}

/**
 * Joins the program into one text: each unit in turn (the one that defines main() last, so that
 * what a port adds after main() stays in its file), each local header in place of its first
 * `#include`, later includes of it left to the preprocessor. A `static` name that two units define
 * is made unique in the second for the port (and given back in its output), so that the analyses
 * never take two functions for one.
 */
export function joinProgram(language: CLanguage, files: readonly ProgramFile[], options: { includeDirs?: readonly string[] } = {}): JoinedProgram {
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map(files.map((f) => [normalizePath(f.path), f]));
  const known = new Set(byPath.keys());
  const unitPaths = [...byPath.keys()].filter((p) => !p.endsWith(".h"));
  const withMain = unitPaths.filter((p) => definesMain(language, byPath.get(p)!.text));
  if (withMain.length > 1) {
    diagnostics.push(diagnostic("K1001", `main() is defined in ${withMain.join(" and ")}: a program has one`, undefined, { note: "give kernelize the files of one program" }));
  }
  const units = [...unitPaths.filter((p) => !withMain.includes(p)), ...unitPaths.filter((p) => withMain.includes(p))];

  // Statics that another unit also defines at file scope get a name of their own in the joined text.
  const definitions = new Map(units.map((u) => [u, fileScopeDefinitions(language, withNewline(byPath.get(u)!.text))]));
  const definedIn = new Map<string, string[]>();
  for (const [u, d] of definitions) for (const name of d.names.keys()) definedIn.set(name, [...(definedIn.get(name) ?? []), u]);
  const everything = files.map((f) => f.text).join("\n");
  const working = new Map<string, WorkingFile>();
  for (const path of known) {
    const original = withNewline(byPath.get(path)!.text);
    const renamed = new Map<string, string>();
    let text = original;
    let map: OffsetMap | undefined;
    const defs = definitions.get(path);
    if (defs) {
      const edits: TextEdit[] = [];
      for (const [name, isStatic] of defs.names) {
        const owners = definedIn.get(name)!;
        if (!isStatic || owners.length < 2 || owners[0] === path) continue;
        let unique = `${name}__${owners.indexOf(path) + 1}`;
        for (let n = 2; hasWord(everything, unique); n++) unique = `${name}__${owners.indexOf(path) + 1}_${n}`;
        renamed.set(unique, name);
        for (const id of defs.identifiers) if (id.name === name) edits.push({ start: id.start, end: id.end, text: unique, ruleId: "program-files" });
      }
      if (edits.length > 0) {
        const applied = applyEdits(original, edits);
        text = applied.text;
        map = applied.map;
      }
    }
    const includes = localIncludes(language, text).map(({ start, end, name }) => ({
      lineStart: lineStartOf(text, start),
      lineEnd: nextLineStart(text, end - 1),
      target: resolveLocalInclude(path, name, known, options.includeDirs),
      name,
    }));
    working.set(path, { path, original, text, map, renamed, isUnit: units.includes(path), includes });
  }

  const pieces: Piece[] = [];
  const headers: string[] = [];
  let text = "";
  const push = (file: string, start: number, end: number) => {
    // The first piece opens the text, as its file does (its leading comment is the program's description).
    if (pieces.length > 0) text += `${MARKER}${pieces.length}\n`;
    pieces.push({ file, start, end, at: text.length });
    text += working.get(file)!.text.slice(start, end);
  };
  const open = new Set<string>();
  const emit = (path: string) => {
    const file = working.get(path)!;
    open.add(path);
    let cursor = 0;
    for (const include of file.includes) {
      if (include.target === undefined) {
        const lines = new LineIndex(file.original);
        const toOriginal = (offset: number) => (file.map ? file.map.toInput(offset) : offset);
        const at = toOriginal(include.lineStart);
        diagnostics.push({
          ...diagnostic("K1010", `"${include.name}" is not one of the program's files`, lines.range(at, Math.max(at, toOriginal(include.lineEnd) - 1))),
          file: path,
          note: "give kernelize the directory of the program, or the header with the .c files (add -I directories through a compile_commands.json)",
        });
        continue;
      }
      push(path, cursor, include.lineStart);
      cursor = include.lineEnd;
      if (open.has(include.target) || headers.includes(include.target)) continue;
      headers.push(include.target);
      emit(include.target);
    }
    push(path, cursor, file.text.length);
    open.delete(path);
  };
  for (const unit of units) emit(unit);
  return { text, pieces, files: working, units, headers, diagnostics };
}

function withNewline(text: string): string {
  return text.length === 0 || text.endsWith("\n") ? text : `${text}\n`;
}

/** Where an offset of the joined text is in the program: its file, and the range in the file's own text. */
export function locate(joined: JoinedProgram, range: SourceRange): { file: string; range: SourceRange } | undefined {
  let lo = 0;
  let hi = joined.pieces.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (joined.pieces[mid]!.at <= range.start) lo = mid;
    else hi = mid - 1;
  }
  const piece = joined.pieces[lo];
  if (!piece || range.start < piece.at) return undefined;
  const file = joined.files.get(piece.file)!;
  const toOriginal = (offset: number) => (file.map ? file.map.toInput(offset) : offset);
  const start = toOriginal(piece.start + Math.min(range.start - piece.at, piece.end - piece.start));
  const end = toOriginal(piece.start + Math.min(range.end - piece.at, piece.end - piece.start));
  return { file: piece.file, range: new LineIndex(file.original).range(start, Math.max(start, end)) };
}

/**
 * Cuts the ported joined text back into files: each piece's port goes back to its file, each local
 * include line where it was. Everything before the first marker is the first piece's.
 * Undefined when a rule removed a marker (its edit spanned two files).
 */
export function splitProgram(joined: JoinedProgram, output: string): Map<string, string> | undefined {
  return cutProgram(joined, output)?.texts;
}

/** Where one piece's port landed: output offsets [outStart, outEnd) of the joined text are its file's from `fileStart` on. */
export interface PlacedPiece {
  file: string;
  outStart: number;
  outEnd: number;
  fileStart: number;
}

/**
 * splitProgram(), and what maps the joined output back into the files: each file's text before its
 * own statics get their names back (`unrenamed`, the text the placements' offsets are in).
 */
export function cutProgram(joined: JoinedProgram, output: string): { texts: Map<string, string>; unrenamed: Map<string, string>; placed: PlacedPiece[] } | undefined {
  const starts: Array<{ piece: number; markerStart: number; textStart: number }> = [{ piece: 0, markerStart: 0, textStart: 0 }];
  for (const m of output.matchAll(MARKER_LINE)) starts.push({ piece: Number(m[1]), markerStart: m.index, textStart: m.index + m[0].length });
  if (starts.length !== joined.pieces.length || starts.some((s, i) => s.piece !== i)) return undefined;
  const ported = starts.map((s, i) => output.slice(s.textStart, i + 1 < starts.length ? starts[i + 1]!.markerStart : output.length));
  const texts = new Map<string, string>();
  const unrenamed = new Map<string, string>();
  const placed: PlacedPiece[] = [];
  for (const [path, file] of joined.files) {
    if (!file.isUnit && !joined.headers.includes(path)) continue;
    let text = "";
    let cursor = 0;
    const mine = joined.pieces.map((p, i) => ({ p, i })).filter(({ p }) => p.file === path);
    for (const { p, i } of mine) {
      text += file.text.slice(cursor, p.start);
      placed.push({ file: path, outStart: starts[i]!.textStart, outEnd: starts[i]!.textStart + ported[i]!.length, fileStart: text.length });
      text += ported[i]!;
      cursor = p.end;
    }
    text += file.text.slice(cursor);
    unrenamed.set(path, text);
    texts.set(path, file.renamed.size > 0 ? replaceWords(text, file.renamed) : text);
  }
  placed.sort((a, b) => a.outStart - b.outStart);
  return { texts, unrenamed, placed };
}
