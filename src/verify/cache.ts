// The user's cache directory for prepared kernels, initramfs bases and checkpatch: keys from file identity, atomic writes.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";

// In a module of its own, without node:crypto, for the command's crash reports (src/cli/main.ts).
export { cacheDir } from "./cache-dir.js";

/** Path, size and modification time: a new or rebuilt file gets a new key without reading its bytes. */
export async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path);
  return `${resolve(path)}|${info.size}|${Math.trunc(info.mtimeMs)}`;
}

/** A short stable hash of the parts that decide a cached artifact's content. */
export function cacheKey(...parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const p of parts) hash.update(p).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** A temporary name beside `path`, so the final rename stays on one file system. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${randomBytes(6).toString("hex")}.tmp`);
}

/**
 * Writes a file under a temporary name and renames it into place: a concurrent reader (two test
 * files, two terminals) sees the old file or the whole new one, never a half-written one.
 */
export async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = temporaryPath(path);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Moves a finished temporary directory to its place in the cache. When another process got there
 * first (rename fails because the place is taken), its copy stays and this one is discarded.
 */
export async function placeDirectory(temp: string, dir: string): Promise<void> {
  try {
    await rename(temp, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw e;
    await rm(temp, { recursive: true, force: true });
  }
}
