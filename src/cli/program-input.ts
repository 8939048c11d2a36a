// Reading a program of several files: a directory, a list of .c files, or a compile_commands.json.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { ProgramFile } from "../core/program-files.js";
import type { MacroDefinition } from "../analysis/conditional-code.js";
import { UsageError } from "./io.js";
import { makefileSources } from "./makefile-sources.js";
import { infoLine, verboseLine } from "./output-level.js";

export interface ProgramInput {
  /** The directory every file is named relative to. */
  root: string;
  files: ProgramFile[];
  /** -I directories, relative to root. */
  includeDirs: string[];
  /** -D and -U of a compile_commands.json, in order (the last of a name counts); none otherwise. */
  defines: MacroDefinition[];
  /** The module name when --name gives none: the program's directory, made a C identifier. */
  defaultName: string;
  /** How to show a file of the program in a message (relative to the current directory). */
  display(path: string): string;
}

/** A program of several files is asked for: a directory, several files, or --compile-commands. */
export function isProgramRequest(args: readonly string[], compileCommands: string | undefined): boolean {
  if (compileCommands !== undefined || args.length !== 1) return true;
  const only = args[0]!;
  if (only === "-") return false;
  try {
    return statSync(only).isDirectory();
  } catch {
    return false;
  }
}

/**
 * For run and check, which also take several programs: the arguments are one program when they
 * are a directory with a compile_commands.json, or .c files (given, or in the directory) of which
 * exactly one defines main() and there is more than one.
 */
export function isOneProgram(args: readonly string[], compileCommands: string | undefined): boolean {
  if (compileCommands !== undefined) return true;
  if (args.length === 1 && isDirectory(args[0]!) && isFile(join(args[0]!, "compile_commands.json"))) return true;
  let sources: string[];
  try {
    const listed = args.length === 1 && isDirectory(args[0]!) ? makefileList(resolve(args[0]!)) : undefined;
    sources =
      listed && "sources" in listed
        ? listed.sources
        : args.length === 1 && isDirectory(args[0]!)
          ? listSources(resolve(args[0]!)).filter((f) => f.endsWith(".c"))
          : args.every((a) => a.endsWith(".c") && isFile(a))
            ? [...args]
            : [];
  } catch {
    return false;
  }
  if (sources.length < 2) return false;
  const mains = sources.filter((f) => /^[ \t]*(?:int|void)[ \t\n]+main[ \t]*\(/m.test(readFileSync(f, "utf8")));
  return mains.length === 1;
}

const MAX_FILES = 500;
const MAX_BYTES = 16 * 2 ** 20;

export function readProgramInput(args: readonly string[], compileCommands: string | undefined): ProgramInput {
  if (args.includes("-")) throw new UsageError("-: standard input holds one file; give a program of several files as files or a directory");
  if (compileCommands !== undefined) {
    if (args.length > 0) throw new UsageError("--compile-commands names the program's files: give no files with it");
    return fromCompileCommands(compileCommands);
  }
  if (args.length === 1) {
    const dir = args[0]!;
    const database = join(dir, "compile_commands.json");
    if (isFile(database)) return fromCompileCommands(database);
    // A plain Makefile's source list, where it can be read: a stray test program beside them is not joined.
    const listed = makefileList(resolve(dir));
    if (listed && "sources" in listed) {
      verboseLine(`${join(dir, listed.makefile)}: the program is ${listed.sources.map((s) => relative(resolve(dir), s)).join(" ")}`);
      return fromFiles(resolve(dir), listed.sources, [], dir);
    }
    if (listed) infoLine(`note: ${join(dir, listed.makefile)}: its source list cannot be read (${listed.unreadable}); taking every .c file found`);
    const found = listSources(resolve(dir));
    if (!found.some((f) => f.endsWith(".c"))) throw new UsageError(`${dir}: no .c files in this directory`);
    return fromFiles(resolve(dir), found, [], dir);
  }
  for (const a of args) {
    if (!isFile(a)) throw new UsageError(`${a}: ${exists(a) ? "is a directory; give one directory alone, or .c files" : "no such file"}`);
    if (!a.endsWith(".c")) throw new UsageError(`${a}: not a .c file (its headers are found through its #include lines)`);
  }
  const absolute = args.map((a) => resolve(a));
  return fromFiles(commonDir(absolute), absolute, []);
}

function fromFiles(root: string, paths: readonly string[], includeDirs: readonly string[], named?: string, defines: readonly MacroDefinition[] = []): ProgramInput {
  const files = new Map<string, string>();
  const read = (path: string) => {
    const rel = relative(root, path).split(sep).join("/");
    if (files.has(rel)) return;
    if (files.size >= MAX_FILES) throw new UsageError(`${root}: more than ${MAX_FILES} files; kernelize ports one program at a time`);
    files.set(rel, readText(path));
  };
  for (const p of paths) read(p);
  // The headers the files include: beside the including file, then in each -I directory.
  const queue = [...files.keys()];
  while (queue.length > 0) {
    const rel = queue.shift()!;
    for (const m of files.get(rel)!.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)) {
      for (const dir of [dirname(join(root, rel)), ...includeDirs.map((d) => join(root, d))]) {
        const candidate = resolve(dir, m[1]!);
        const r = relative(root, candidate).split(sep).join("/");
        if (r.startsWith("../") || isAbsolute(r)) continue;
        if (!isFile(candidate)) continue;
        if (!files.has(r)) {
          read(candidate);
          queue.push(r);
        }
        break;
      }
    }
  }
  const name = identifier(basename(named !== undefined ? resolve(named) : root));
  return {
    root,
    files: [...files].map(([path, text]) => ({ path, text })),
    includeDirs: [...includeDirs],
    defines: [...defines],
    defaultName: name,
    display: (path) => relative(process.cwd(), join(root, path)) || path,
  };
}

interface CompileCommand {
  directory?: string;
  file?: string;
  arguments?: string[];
  command?: string;
}

/** compile_commands.json as CMake, Bear and meson write it: one entry per .c file, with its -I directories. */
function fromCompileCommands(path: string): ProgramInput {
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === "ENOENT" ? "no such file" : code ? `cannot read (${code})` : `not JSON (${(e as Error).message})`}`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new UsageError(`${path}: not a compilation database (a JSON array of {directory, file, arguments or command})`);
  const base = dirname(resolve(path));
  const sources: string[] = [];
  const includes: string[] = [];
  const defines: MacroDefinition[] = [];
  for (const [i, raw] of entries.entries()) {
    const e = raw as CompileCommand;
    if (typeof e !== "object" || e === null || typeof e.file !== "string") throw new UsageError(`${path}: entry ${i + 1} has no "file"`);
    const dir = resolve(base, typeof e.directory === "string" ? e.directory : ".");
    const file = resolve(dir, e.file);
    if (!file.endsWith(".c")) continue;
    if (!isFile(file)) throw new UsageError(`${path}: entry ${i + 1}: ${e.file}: no such file`);
    if (!sources.includes(file)) sources.push(file);
    const args = Array.isArray(e.arguments) ? e.arguments.map(String) : typeof e.command === "string" ? splitCommand(e.command) : [];
    for (let k = 0; k < args.length; k++) {
      const a = args[k]!;
      const dirArg = a === "-I" || a === "-iquote" ? args[++k] : a.startsWith("-I") ? a.slice(2) : a.startsWith("-iquote") ? a.slice(7) : undefined;
      if (dirArg) {
        const abs = resolve(dir, dirArg);
        if (!includes.includes(abs)) includes.push(abs);
      }
      // -D NAME, -DNAME, -DNAME=VALUE, -U NAME, -UNAME: the same for every entry in a build of one program.
      const macro = a === "-D" || a === "-U" ? args[++k] : a.startsWith("-D") || a.startsWith("-U") ? a.slice(2) : undefined;
      if (macro !== undefined && /^[A-Za-z_]\w*(?:=|$)/.test(macro)) {
        const eq = macro.indexOf("=");
        const definition = { name: eq < 0 ? macro : macro.slice(0, eq), value: a.startsWith("-U") ? null : eq < 0 ? "" : macro.slice(eq + 1) };
        if (!defines.some((d) => d.name === definition.name && d.value === definition.value)) defines.push(definition);
      }
    }
  }
  if (sources.length === 0) throw new UsageError(`${path}: no .c file in the compilation database`);
  const root = commonDir([...sources, ...includes.filter((d) => isDirectory(d)).map((d) => join(d, "x"))]);
  const includeDirs = includes.map((d) => relative(root, d).split(sep).join("/") || ".");
  return fromFiles(root, sources, includeDirs, root, defines);
}

/** A compile command's words, with the shell's quotes and backslashes. */
function splitCommand(command: string): string[] {
  const words: string[] = [];
  for (const m of command.matchAll(/(?:[^\s"'\\]|\\.|"(?:[^"\\]|\\.)*"|'[^']*')+/g)) {
    words.push(m[0].replace(/\\(.)|"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, esc: string, dq: string, sq: string) => esc ?? sq ?? dq?.replace(/\\(.)/g, "$1") ?? ""));
  }
  return words;
}

/**
 * The program's .c files as the directory's plain Makefile names them (absolute paths), or why it
 * cannot be read; undefined where there is no Makefile, or it is a kernel module's (obj-m).
 */
function makefileList(dir: string): ({ sources: string[] } | { unreadable: string }) & { makefile: string } | undefined {
  for (const makefile of ["GNUmakefile", "makefile", "Makefile"]) {
    let text: string;
    try {
      text = readFileSync(join(dir, makefile), "utf8");
    } catch {
      continue;
    }
    if (/\bobj-m\b/.test(text)) return undefined;
    const listed = makefileSources(text);
    if ("unreadable" in listed) return { ...listed, makefile };
    const missing = listed.sources.filter((s) => !isFile(resolve(dir, s)));
    if (missing.length > 0) return { unreadable: `it names ${missing.join(", ")}, not found`, makefile };
    if (listed.sources.some((s) => relative(dir, resolve(dir, s)).startsWith(".."))) return { unreadable: "it names files outside its directory", makefile };
    return { sources: listed.sources.map((s) => resolve(dir, s)), makefile };
  }
  return undefined;
}

/** The .c and .h files of a directory and its subdirectories (hidden ones left out). */
function listSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const p = join(d, entry.name);
      // A subdirectory that is a kernel module's (a port written there before) is not the program's.
      if (entry.isDirectory() && depth < 4 && !isModuleDirectory(p)) walk(p, depth + 1);
      else if (entry.isFile() && /\.[ch]$/.test(entry.name)) out.push(p);
      if (out.length > MAX_FILES) throw new UsageError(`${dir}: more than ${MAX_FILES} C files; kernelize ports one program at a time`);
    }
  };
  walk(dir, 0);
  return out;
}

function isModuleDirectory(dir: string): boolean {
  return ["Kbuild", "Makefile"].some((f) => {
    try {
      return /\bobj-m\b/.test(readFileSync(join(dir, f), "utf8"));
    } catch {
      return false;
    }
  });
}

function readText(path: string): string {
  const info = statSync(path);
  if (info.size > MAX_BYTES) throw new UsageError(`${path}: ${(info.size / 2 ** 20).toFixed(0)} MB; kernelize reads C files of up to ${MAX_BYTES / 2 ** 20} MB`);
  const bytes = readFileSync(path);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UsageError(`${path}: binary data (a NUL byte at offset ${nul}), not C source`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path}: not UTF-8 text, not C source`);
  }
}

function commonDir(paths: readonly string[]): string {
  let common = dirname(paths[0]!);
  while (!paths.every((p) => p.startsWith(common.endsWith(sep) ? common : common + sep))) common = dirname(common);
  return common;
}

/** A directory's name as a module name: letters, digits and underscores, not starting with a digit. */
function identifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_").replace(/^(?=\d)/, "_").slice(0, 55);
  return /[A-Za-z0-9]/.test(id) ? id : "program";
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
