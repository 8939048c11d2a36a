// Reading the program and writing the module: clear one-line errors, no half-written or overwritten files.
// Synchronous on purpose: a one-shot command gains nothing from async I/O, and the first async
// file operation after loading the parser was measured to stall for 30-70 ms.
import { lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileErrorReason, temporaryNameBeside } from "../verify/files.js";

/** A problem with the user's files or arguments: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface Input {
  /** Name to show in messages: the path as given, or `<stdin>`. */
  displayName: string;
  /** Absolute path, unless read from standard input. */
  path: string | undefined;
  text: string;
}

/** A C program larger than this is not one a module can hold (the largest files in the kernel's own tree are a few MB). */
const MAX_INPUT_BYTES = 16 * 2 ** 20;

export async function readInput(file: string): Promise<Input> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new UsageError(`<stdin>: more than ${MAX_INPUT_BYTES / 2 ** 20} MB; kernelize reads C files of up to ${MAX_INPUT_BYTES / 2 ** 20} MB`);
      chunks.push(chunk as Buffer);
    }
    return { displayName: "<stdin>", path: undefined, text: decode(Buffer.concat(chunks), "<stdin>") };
  }
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (info.isDirectory()) throw new UsageError(`${file}: is a directory, not a C file`);
    if (info.size > MAX_INPUT_BYTES) throw new UsageError(`${file}: ${(info.size / 2 ** 20).toFixed(0)} MB; kernelize reads C files of up to ${MAX_INPUT_BYTES / 2 ** 20} MB`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`${file}: no such file`);
    if (code === "EACCES") throw new UsageError(`${file}: permission denied`);
    throw new UsageError(`${file}: cannot read (${code ?? String(e)})`);
  }
  return { displayName: file, path: resolve(file), text: decode(bytes, file) };
}

/** UTF-8 text only; binary data is refused before the parser sees it. */
function decode(bytes: Buffer, name: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new UsageError(`${name}: binary data (a NUL byte at offset ${nul}), not C source`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${name}: not UTF-8 text, not C source`);
  }
}

/** The longest module name the kernel keeps (MODULE_NAME_LEN less its NUL). */
const MODULE_NAME_MAX = 55;

/** Refuses a --name the kernel would not take, before anything is ported or written. */
export function checkModuleName(name: string | undefined): void {
  if (name === undefined) return;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(`--name ${name.length > 60 ? `${name.slice(0, 57)}...` : name}: a module name is letters, digits and underscores, not starting with a digit`);
  }
  if (name.length > MODULE_NAME_MAX) throw new UsageError(`--name ${name.slice(0, 20)}... (${name.length} characters): the kernel keeps at most ${MODULE_NAME_MAX} characters of a module's name`);
}

/**
 * Creates an output directory and its missing parents one level at a time (a recursive mkdir under
 * /proc loops forever), refusing in one line what cannot be created: a file in the way, a
 * read-only or virtual file system, no permission, a name too long.
 */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const info = statIfExists(at);
    if (info) {
      if (!info.isDirectory()) throw new UsageError(`${at}: not a directory`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (e) {
      throw new UsageError(`${dir}: cannot create this directory: ${fileErrorReason(e) ?? (e as Error).message}`);
    }
  }
}

/** The path with every symbolic link in it resolved, as far as it exists. */
function realTarget(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(realTarget(parent), basename(absolute));
  }
}

export interface OutputFile {
  path: string;
  text: string;
}

/**
 * Refuses outputs that would overwrite the input (through links too: `-o
 * link-to-the-input's-directory` names the input all the same, and so does a hard link), a
 * directory, a device or FIFO, or an existing file without --force. Returns the paths to replace:
 * the directory resolved, the file's own name not, so what is replaced is the entry in the output
 * directory and never what a link there names. Cheap, so a command calls it before its work too.
 */
export function checkOutputs(paths: readonly string[], options: OutputOptions): string[] {
  const inputs = inputFiles(options).map((path) => ({ path: realTarget(path), info: statIfExists(realTarget(path)) }));
  return paths.map((path) => {
    const target = join(realTarget(dirname(resolve(path))), basename(path));
    const existing = lstatIfExists(target);
    const real = realTarget(path);
    for (const input of inputs) {
      const sameFile = existing !== undefined && input.info !== undefined && existing.dev === input.info.dev && existing.ino === input.info.ino;
      if (real === input.path || sameFile) throw new UsageError(`${path}: would overwrite the input; choose another -o directory or --name`);
    }
    if (existing?.isDirectory()) throw new UsageError(`${path}: is a directory`);
    if (existing && !existing.isFile() && !existing.isSymbolicLink()) throw new UsageError(`${path}: not a regular file; kernelize writes only files of its own`);
    if (existing && !options.force) throw new UsageError(`${path}: already exists (use --force to overwrite it)`);
    return target;
  });
}

/**
 * What may not be written: the one input of a single-file command (`inputPath`, undefined for
 * standard input), or every file of a program of several (`inputPaths`).
 */
export interface OutputOptions {
  force: boolean;
  inputPath?: string | undefined;
  inputPaths?: readonly string[];
}

function inputFiles(options: OutputOptions): string[] {
  return [...(options.inputPath !== undefined ? [options.inputPath] : []), ...(options.inputPaths ?? [])];
}

/**
 * Writes all outputs or none, after checkOutputs(): the input is never written, nor anything
 * outside the output directory (a symbolic link there is replaced, never followed). Each file goes
 * to a temporary name beside it and is renamed into place once all are written, so a full disk
 * leaves no part of a file; a failure removes what was placed.
 */
export async function writeOutputs(files: OutputFile[], options: OutputOptions): Promise<void> {
  const targets = checkOutputs(files.map((f) => f.path), options);
  for (const dir of new Set(files.map((f) => dirname(resolve(f.path))))) ensureDirectory(dir);
  const placed: string[] = [];
  const temps: string[] = [];
  let writing = 0;
  try {
    for (; writing < files.length; writing++) {
      const temp = temporaryNameBeside(targets[writing]!);
      temps.push(temp);
      // wx: never through something already there under the temporary name.
      writeFileSync(temp, files[writing]!.text, { flag: "wx" });
    }
    // Renamed only once every file is written whole: a full disk leaves no file half-written, and none replaced.
    for (writing = 0; writing < files.length; writing++) {
      renameSync(temps[writing]!, targets[writing]!);
      placed.push(targets[writing]!);
    }
  } catch (e) {
    for (const t of temps) rmSync(t, { force: true });
    if (!options.force) for (const p of placed) rmSync(p, { force: true });
    const reason = fileErrorReason(e);
    if (reason === undefined) throw e;
    throw new UsageError(`${files[writing]?.path ?? files[0]!.path}: cannot write: ${reason}`);
  }
}

function statIfExists(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatIfExists(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
