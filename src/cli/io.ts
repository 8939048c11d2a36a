// Reading the program and writing the module: clear one-line errors, no half-written or overwritten files.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

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

export async function readInput(file: string): Promise<Input> {
  if (file === "-") {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { displayName: "<stdin>", path: undefined, text: decode(Buffer.concat(chunks), "<stdin>") };
  }
  let bytes: Buffer;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UsageError(`${file}: is a directory, not a C file`);
    bytes = await readFile(file);
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

export interface OutputFile {
  path: string;
  text: string;
}

/**
 * Writes all outputs or none: every check happens before the first write, each file is written
 * to a temporary name and renamed into place, and a failure removes what was already placed.
 */
export async function writeOutputs(files: OutputFile[], options: { force: boolean; inputPath: string | undefined }): Promise<void> {
  for (const f of files) {
    const target = resolve(f.path);
    if (options.inputPath && target === options.inputPath) {
      throw new UsageError(`${f.path}: would overwrite the input; choose another -o directory or --name`);
    }
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) throw new UsageError(`${f.path}: is a directory`);
    if (existing && !options.force) throw new UsageError(`${f.path}: already exists (use --force to overwrite it)`);
  }
  const dirs = new Set(files.map((f) => dirname(resolve(f.path))));
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (info && !info.isDirectory()) throw new UsageError(`${dir}: not a directory`);
    await mkdir(dir, { recursive: true });
  }
  const placed: string[] = [];
  const temps: string[] = [];
  try {
    for (const f of files) {
      const temp = join(dirname(resolve(f.path)), `.${randomBytes(6).toString("hex")}.kernelize.tmp`);
      temps.push(temp);
      await writeFile(temp, f.text);
    }
    for (let i = 0; i < files.length; i++) {
      await rename(temps[i]!, resolve(files[i]!.path));
      placed.push(files[i]!.path);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    if (!options.force) await Promise.all(placed.map((p) => rm(p, { force: true })));
    throw new UsageError(`cannot write the module: ${(e as Error).message}`);
  }
}
