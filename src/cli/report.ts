// Printing diagnostics and diffs on the terminal: compiler-style, colored only on a TTY.
import pc from "picocolors";
import { type Diagnostic, formatDiagnostic } from "../core/diagnostics.js";

/** Colors on a terminal; NO_COLOR (any value) turns them off, FORCE_COLOR (other than 0) on even through a pipe, as no-color.org and Node say. */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return Boolean(stream.isTTY);
}

export function colorsFor(stream: NodeJS.WriteStream): ReturnType<typeof pc.createColors> {
  return pc.createColors(useColor(stream));
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], fileName: string, source: string): void {
  const c = colorsFor(process.stderr);
  for (const d of diagnostics) {
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
