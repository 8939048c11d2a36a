// Printing diagnostics and diffs on the terminal: compiler-style, colored only on a TTY.
import pc from "picocolors";
import { type Diagnostic, formatDiagnostic } from "../core/diagnostics.js";
import { isQuiet } from "./output-level.js";

/**
 * Colors on a terminal. NO_COLOR turns them off whatever else is set (no-color.org), FORCE_COLOR on
 * even through a pipe (0 or false: off), each when set to something other than the empty string.
 * On a terminal, the terminal's color depth decides (tty's getColorDepth(), which reads TERM=dumb
 * and NODE_DISABLE_COLORS as Node does for its own output).
 */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const { NO_COLOR: no, FORCE_COLOR: force, ...rest } = env;
  if (no !== undefined && no !== "") return false;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  if (!stream.isTTY || typeof stream.getColorDepth !== "function") return false;
  return stream.getColorDepth(rest) > 1;
}

export function colorsFor(stream: NodeJS.WriteStream): ReturnType<typeof pc.createColors> {
  return pc.createColors(useColor(stream));
}

/** Compiler-style diagnostics on standard error; with -q, errors only. */
export function printDiagnostics(diagnostics: readonly Diagnostic[], fileName: string, source: string): void {
  const c = colorsFor(process.stderr);
  for (const d of diagnostics) {
    if (isQuiet() && d.severity !== "error") continue;
    const text = formatDiagnostic(d, fileName, source);
    const [first, ...rest] = text.split("\n");
    const paint = d.severity === "error" ? c.red : d.severity === "warning" ? c.yellow : c.cyan;
    const colored = first!.replace(`${d.severity}[${d.code}]`, paint(c.bold(`${d.severity}[${d.code}]`)));
    process.stderr.write(`${colored}\n${rest.map((l) => (l.startsWith("note:") ? c.dim(l) : l)).join("\n")}${rest.length ? "\n" : ""}`);
  }
}

export function colorDiff(diff: string, stream: NodeJS.WriteStream): string {
  const c = colorsFor(stream);
  return diff
    .split("\n")
    .map((l) => {
      if (l.startsWith("+++") || l.startsWith("---")) return c.bold(l);
      if (l.startsWith("@@")) return c.cyan(l);
      if (l.startsWith("+")) return c.green(l);
      if (l.startsWith("-")) return c.red(l);
      return l;
    })
    .join("\n");
}
