// For files kernelize writes where the user asked: a temporary name beside the file (without node:crypto, which costs the CLI 40 ms to load), and a failure said in words.
import { dirname, join } from "node:path";

let temporaries = 0;

/**
 * A name for a temporary file in the directory of `path`: the same file system, so the rename that
 * puts it in place is atomic. Short whatever `path` is, so a long output name does not make it too
 * long.
 */
export function temporaryNameBeside(path: string): string {
  return join(dirname(path), `.kernelize-${process.pid}-${temporaries++}.tmp`);
}

const REASONS: Record<string, string> = {
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  ENAMETOOLONG: "file name too long",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  EIO: "input/output error",
  EXDEV: "not on the same file system",
  EMLINK: "too many links",
};

/** Why a file operation failed, in words, with errno's name: undefined for what is not an errno error (a bug of ours). */
export function fileErrorReason(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !/^E[A-Z0-9]+$/.test(code)) return undefined;
  // Creating under /proc gives ENOENT although the directory is there: such a file system makes no new files.
  if (code === "ENOENT") return "nothing can be created there (ENOENT)";
  return `${REASONS[code] ?? "failed"} (${code})`;
}
