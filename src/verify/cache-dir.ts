// Where kernelize keeps what it prepares once (kernels, initramfs bases, checkpatch) and its crash reports.
import { homedir } from "node:os";
import { join } from "node:path";

/** `$XDG_CACHE_HOME/kernelize`, else `~/.cache/kernelize` (the XDG base directory rule). */
export function cacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  const base = xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".cache");
  return join(base, "kernelize");
}
