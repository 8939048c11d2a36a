// One shape for every problem kernelize reports, a catalog of stable codes, and compiler-style printing.

export type Severity = "error" | "warning" | "note";

export interface SourceRange {
  /** Offset of the first character (UTF-16 code units of the source string, as tree-sitter reports them). */
  start: number;
  /** Offset one past the last character. */
  end: number;
  /** 1-based line of `start`. */
  line: number;
  /** 1-based column of `start`, counted in characters. */
  column: number;
}

export interface Diagnostic {
  code: string;
  ruleId?: string;
  severity: Severity;
  message: string;
  range?: SourceRange;
  /** A suggestion: what the user can do about it. */
  note?: string;
  /** The file the range is in, for a program of several files (a single file's diagnostics have none). */
  file?: string;
}

/**
 * Problems no single rule owns. Codes are stable: tests, docs and editors refer to them,
 * so a code is never reused for a different problem.
 */
export const DiagnosticCatalog = {
  K0001: { severity: "error", summary: "the input is empty" },
  K0002: { severity: "error", summary: "the input is not C source text" },
  K0003: { severity: "error", summary: "syntax error" },
  K0004: { severity: "error", summary: "internal error: two rules edited the same text" },
  K0005: { severity: "warning", summary: "the kernel style's layout could not be applied" },
  K1001: { severity: "error", summary: "no main() function" },
  K1002: { severity: "error", summary: "header with no kernel counterpart" },
  K1003: { severity: "error", summary: "function with no kernel counterpart" },
  K1004: { severity: "error", summary: "main() with parameters" },
  K1005: { severity: "error", summary: "exit path that cannot join the unified exit" },
  K1006: { severity: "error", summary: "errno outside a recognised save/restore" },
  K1007: { severity: "error", summary: "err() with format arguments" },
  K1008: { severity: "error", summary: "exit that is not a checked failure at the top level of main()" },
  K1009: { severity: "error", summary: "name clash with a generated symbol" },
  K1010: { severity: "error", summary: "local header include in a single-file program" },
  K1011: { severity: "error", summary: "constructor or destructor function that init cannot run where the C library did" },
  // K2000-K2099: allocation and output rules. K2100-K2199: string, conversion, character, sorting,
  // assertion, randomness and time rules. K3000-K3099: constructs outside the portable subset.
  K2001: { severity: "warning", summary: "realloc() result assigned back over the pointer it resizes" },
  K2002: { severity: "error", summary: "realloc() result ignored" },
  K2003: { severity: "warning", summary: "realloc() to a size of zero" },
  K2004: { severity: "error", summary: "allocation larger than any kernel allocator gives" },
  K2010: { severity: "error", summary: "%n in a format" },
  K2011: { severity: "warning", summary: "%p prints a hashed value in the kernel" },
  K2012: { severity: "error", summary: "floating-point conversion in a format" },
  K2013: { severity: "error", summary: "%m in a format" },
  K2014: { severity: "error", summary: "format conversion the kernel's printk() does not support" },
  K2015: { severity: "error", summary: "%p followed by letters the kernel reads as a pointer extension" },
  K2016: { severity: "error", summary: "format that is not a string literal, with arguments" },
  K2021: { severity: "error", summary: "output to a stream other than stdout or stderr" },
  K2022: { severity: "error", summary: "output in a macro body that leaves a line open in a program of whole lines" },
  K2101: { severity: "warning", summary: "strcpy() or strcat() into a buffer of unknown size" },
  K2102: { severity: "warning", summary: "strncpy() or strncat() kept with its C meaning" },
  K2103: { severity: "warning", summary: "sprintf() into a buffer of unknown size" },
  K2104: { severity: "error", summary: "strtok() has no kernel counterpart" },
  K2110: { severity: "warning", summary: "string conversion ported to simple_strto*(), which ignores overflow" },
  K2111: { severity: "error", summary: "conversion base above 16" },
  K2112: { severity: "warning", summary: "signed conversion stored in an unsigned variable" },
  K2120: { severity: "warning", summary: "assert() in a function that has no failure value" },
  K2121: { severity: "warning", summary: "assert() ported to BUG_ON()" },
  K2130: { severity: "error", summary: "C library type or macro with no kernel counterpart" },
  K2140: { severity: "warning", summary: "result of a call that cannot fail in the kernel" },
  K2141: { severity: "error", summary: "clock with no kernel counterpart" },
  K2150: { severity: "error", summary: "sscanf() conversion the kernel's sscanf() does not have" },
  K3001: { severity: "error", summary: "floating point" },
  K3002: { severity: "error", summary: "standard input" },
  K3003: { severity: "error", summary: "files and file descriptors" },
  K3004: { severity: "error", summary: "processes" },
  K3005: { severity: "error", summary: "signals" },
  K3006: { severity: "error", summary: "non-local jumps" },
  K3007: { severity: "error", summary: "sockets" },
  K3008: { severity: "error", summary: "threads" },
  K3009: { severity: "error", summary: "stack allocation of a run-time size" },
  K3010: { severity: "error", summary: "environment and locale" },
  K3011: { severity: "error", summary: "inline assembly" },
  K3012: { severity: "warning", summary: "large array on the stack" },
  K3013: { severity: "warning", summary: "recursion" },
  K3014: { severity: "warning", summary: "memory still held when main() returns" },
  K3015: { severity: "error", summary: "allocation result dereferenced without a NULL test" },
  K3016: { severity: "error", summary: "stack frame larger than a kernel stack" },
  K3017: { severity: "error", summary: "recursion deeper than a kernel stack" },
  K3018: { severity: "error", summary: "nested function used as a pointer (a trampoline on the stack)" },
  K3019: { severity: "error", summary: "nested function (kernelize reads functions at file scope only)" },
  // K4000-K4099: what the kernel's compiler flags reject in the program's own code, where no rule can fix it and keep its meaning.
  K4001: { severity: "error", summary: "function declared with () whose parameters cannot be told (-Werror=strict-prototypes)" },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type DiagnosticCode = keyof typeof DiagnosticCatalog;

/** Line starts of a text, for turning offsets into 1-based line and column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    // indexOf finds each newline far faster than a loop over every character (a large file's lines are read on each parse).
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  range(start: number, end: number): SourceRange {
    return { start, end, ...this.position(start) };
  }
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? undefined : next - 1);
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }
}

export function diagnostic(
  code: DiagnosticCode,
  message: string,
  range?: SourceRange,
  extra: { note?: string; ruleId?: string; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: extra.severity ?? DiagnosticCatalog[code].severity, message };
  if (extra.ruleId) d.ruleId = extra.ruleId;
  if (range) d.range = range;
  if (extra.note) d.note = extra.note;
  return d;
}

/**
 * Prints a diagnostic the way compilers do:
 *   file.c:12:5: error[K1003]: fork() has no kernel counterpart
 *      12 |     pid_t p = fork();
 *         |               ^~~~
 *   note: …
 */
export function formatDiagnostic(d: Diagnostic, fileName: string, source?: string): string {
  const where = d.range ? `${fileName}:${d.range.line}:${d.range.column}` : fileName;
  const lines = [`${where}: ${d.severity}[${d.code}]: ${d.message}`];
  if (d.range && source !== undefined) {
    const index = new LineIndex(source);
    const text = index.lineText(d.range.line).replace(/\t/g, "    ");
    const raw = index.lineText(d.range.line);
    const before = raw.slice(0, d.range.column - 1).replace(/\t/g, "    ");
    const lineEnd = index.lineStart(d.range.line) + raw.length;
    const width = Math.max(1, Math.min(d.range.end, lineEnd) - d.range.start);
    const gutter = String(d.range.line);
    lines.push(`${gutter.padStart(5)} | ${text}`);
    lines.push(`${" ".repeat(5)} | ${" ".repeat(before.length)}^${"~".repeat(width - 1)}`);
  }
  if (d.note) lines.push(`note: ${d.note}`);
  return lines.join("\n");
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
