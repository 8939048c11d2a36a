// The C that kernelize compiles for the guest and beside the program (src/verify/guest/*.c), read as files shipped with the package.
import { readFileSync } from "node:fs";

/**
 * The text of one of the guest sources. They sit in `guest/` beside this module in the sources and
 * in dist/verify (scripts/copy-guest-sources.mjs copies them), and the bundled command in dist/cli
 * finds them at ../verify/guest.
 */
export function guestSource(name: string): string {
  const candidates = [new URL(`./guest/${name}`, import.meta.url), new URL(`../verify/guest/${name}`, import.meta.url)];
  for (const url of candidates) {
    try {
      return readFileSync(url, "utf8");
    } catch {
      // not in this layout; try the next
    }
  }
  throw new Error(`kernelize's own ${name} is missing (looked in ${candidates.map((u) => u.pathname).join(", ")}): reinstall kernelize`);
}
