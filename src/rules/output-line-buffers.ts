// Output that is not written in whole lines goes through a line buffer per stream, which logs each line whole at the stream's level.
import { LINE_PART_BYTES, LINE_PART_MARK } from "../core/log-lines.js";
import { defineRule } from "../core/rule.js";
import { beforeFirstFunction, type TakenNames, wordsOf } from "./added-code.js";
import { lineModel, type Stream } from "./output-lines.js";

export default defineRule({
  id: "output-line-buffers",
  summary: "output that builds a line in pieces goes through a line buffer per stream (stdout, stderr) that logs each line whole, at the stream's level, when its \\n arrives or init returns",
  explanation: [
    "A program's stdout is a stream of bytes, and a line is whatever lies between two \\n, however many printf() calls wrote it; the kernel log is a list of records, and each printk() call starts one unless it is a pr_cont().",
    "pr_cont() is not a way to build a line: it appends to the last record only if nothing else was logged in between, and where no line is open it starts a new one at the default level (KERN_WARNING), so a table's rows, a matrix printed cell by cell or a line ended in another function would come out broken or at the wrong level. checkpatch warns about every use.",
    "So where kernelize cannot prove that a call writes whole lines onto a closed line, the call goes to the module's own copy of what stdio does: print_stdout() and print_stderr() take printf()'s arguments and return what it returns (the number of characters), add the text to their stream's buffer, and log every complete line with one pr_info() (stdout) or pr_err() (stderr). What is left when init returns is logged then, as stdio flushes its buffers when the program exits (see init-wrapper-ends-the-program).",
    `A line longer than one log record can hold (about 1 KiB) is logged in parts of ${LINE_PART_BYTES} bytes, each ending in a backslash; kernelize check joins them again.`,
    "A call that provably writes whole lines keeps the article's pr_info(\"…\\n\") even in a program that buffers elsewhere: at that point its stream's buffer is empty on every path.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/kernel-api.html#c.vsnprintf"],
  headers: ["linux/kernel.h", "linux/minmax.h", "linux/stdarg.h", "linux/string.h", "linux/slab.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  run(ctx) {
    const { program, source } = ctx.facts;
    const model = lineModel(ctx.facts);
    if (model.buffered.size === 0) return;
    const prefix = freePrefix(wordsOf(source));
    const streams = (["stdout", "stderr"] as const).filter((s) => model.buffered.has(s));
    const text = lineBufferCode(prefix, streams, (s) => ({ name: model.printer(s), used: model.printed.has(s) }), (s) => (model.vbuffered.has(s) ? model.vprinter(s) : undefined));
    const at = beforeFirstFunction(program, source, text);
    if (at === undefined) return;
    ctx.insert(at, text);
  },
});

/** Names the code below adds, from one prefix; the first prefix none of whose names the program uses. */
function freePrefix(taken: TakenNames): string {
  const names = (p: string) => [p, `${p}_log`, `${p}_settle`, `${p}_vprintf`, `${p}_end`, `${p.toUpperCase()}_PART`, `stdout_${p}`, `stderr_${p}`, `${p}s_flush`];
  for (const p of ["output_line", "module_output_line", "kz_output_line"]) if (names(p).every((n) => !taken.has(n))) return p;
  for (let i = 2; ; i++) if (names(`output_line${i}`).every((n) => !taken.has(n))) return `output_line${i}`;
}

/**
 * The flush function's definition, by the names freePrefix() can choose: init-wrapper-ends-the-program
 * finds it so (a comment above it would not do: the kernel style reshapes comments).
 */
export const FLUSH_FUNCTION = /^static void ((?:module_|kz_)?output_line\d*s_flush)\(void\)$/m;

/** The comment the flush function carries. */
export const FLUSH_COMMENT = "/* What is left on a line when the program ends, logged as stdio does at exit. */";

/**
 * The printers carry the kernel's `__printf()` attribute, so that the compiler checks every call's
 * format against its arguments as it does printf()'s (and W=1's -Wsuggest-attribute=format has
 * nothing to ask for); the grammar reads it as blank (core/parse.ts), in either style.
 */
function lineBufferCode(p: string, streams: readonly Stream[], printer: (s: Stream) => { name: string; used: boolean }, vprinter: (s: Stream) => string | undefined): string {
  const PART = `${p.toUpperCase()}_PART`;
  const mark = LINE_PART_MARK.replace(/\\/g, "\\\\");
  const lines = [
    "/*",
    " * The program's output, kept line by line: stdio wrote a stream of bytes, the kernel log takes",
    " * whole lines. Each stream's text waits here until its '\\n' arrives (or init returns), then is",
    ` * logged as one record at the stream's level; a line longer than ${PART} bytes is logged in`,
    ` * parts, each ending in '${LINE_PART_MARK}'.`,
    " */",
    `#define ${PART} ${LINE_PART_BYTES}`,
    "",
    `struct ${p} {`,
    "\tbool err;",
    "\tsize_t len;",
    `\tchar text[2 * ${PART}];`,
    "};",
    "",
    ...streams.map((s) => `static struct ${p} ${s}_${p}${s === "stderr" ? " = { .err = true }" : ""};`),
    "",
    `static void ${p}_log(const struct ${p} *line, size_t len, bool part)`,
    "{",
    "\tif (line->err)",
    `\t\tpr_err("%.*s%s\\n", (int)len, line->text, part ? "${mark}" : "");`,
    "\telse",
    `\t\tpr_info("%.*s%s\\n", (int)len, line->text, part ? "${mark}" : "");`,
    "}",
    "",
    "/* Logs every complete line in the buffer, and the parts of a line too long for one record. */",
    `static void ${p}_settle(struct ${p} *line)`,
    "{",
    "\tchar *end;",
    "\tsize_t len;",
    "",
    "\twhile (line->len > 0) {",
    "\t\tend = memchr(line->text, '\\n', line->len);",
    "\t\tlen = end ? end - line->text : line->len;",
    `\t\tif (len > ${PART}) {`,
    `\t\t\t${p}_log(line, ${PART}, true);`,
    `\t\t\tlen = ${PART};`,
    "\t\t} else if (end) {",
    `\t\t\t${p}_log(line, len, false);`,
    "\t\t\tlen++;",
    "\t\t} else {",
    "\t\t\tbreak;",
    "\t\t}",
    "\t\tline->len -= len;",
    "\t\tmemmove(line->text, line->text + len, line->len);",
    "\t}",
    "}",
    "",
    `static __printf(2, 0) int ${p}_vprintf(struct ${p} *line, const char *fmt, va_list args)`,
    "{",
    "\tsize_t room = sizeof(line->text) - line->len;",
    "\tconst char *text;",
    "\tva_list copy;",
    "\tsize_t at, n;",
    "\tint len;",
    "",
    "\tva_copy(copy, args);",
    "\tlen = vsnprintf(line->text + line->len, room, fmt, copy);",
    "\tva_end(copy);",
    "\tif (len < 0)",
    "\t\treturn len;",
    "\tif ((size_t)len < room) {",
    "\t\tline->len += len;",
    `\t\t${p}_settle(line);`,
    "\t\treturn len;",
    "\t}",
    "\t/*",
    "\t * More than the buffer has room for: formatted whole, then taken in as it fits. The",
    "\t * copy is the kernel's own allocation, freed with kfree_const() at once.",
    "\t */",
    "\ttext = kvasprintf_const(GFP_KERNEL, fmt, args);",
    "\tif (!text) {",
    "\t\tline->len += room - 1;",
    `\t\t${p}_settle(line);`,
    "\t\treturn room - 1;",
    "\t}",
    "\tfor (at = 0; at < (size_t)len; at += n) {",
    "\t\tn = min_t(size_t, len - at, sizeof(line->text) - line->len);",
    "\t\tmemcpy(line->text + line->len, text + at, n);",
    "\t\tline->len += n;",
    `\t\t${p}_settle(line);`,
    "\t}",
    "\tkfree_const(text);",
    "\treturn len;",
    "}",
    "",
    `static void ${p}_end(struct ${p} *line)`,
    "{",
    "\tif (line->len > 0)",
    `\t\t${p}_log(line, line->len, false);`,
    "\tline->len = 0;",
    "}",
    "",
  ];
  for (const s of streams) {
    // A stream only vprintf() writes to may still be printed to from a macro body: kept, and marked as maybe unused.
    const { name, used } = printer(s);
    lines.push(
      `static __printf(1, 2)${used ? "" : " __maybe_unused"} int ${name}(const char *fmt, ...)`,
      "{",
      "\tva_list args;",
      "\tint len;",
      "",
      "\tva_start(args, fmt);",
      `\tlen = ${p}_vprintf(&${s}_${p}, fmt, args);`,
      "\tva_end(args);",
      "\treturn len;",
      "}",
      "",
    );
    // vprintf() and vfprintf(): the program's own va_list, straight into the stream's buffer.
    const v = vprinter(s);
    if (v) lines.push(`static __printf(1, 0) int ${v}(const char *fmt, va_list args)`, "{", `\treturn ${p}_vprintf(&${s}_${p}, fmt, args);`, "}", "");
  }
  lines.push(FLUSH_COMMENT, `static void ${p}s_flush(void)`, "{", ...streams.map((s) => `\t${p}_end(&${s}_${p});`), "}", "", "");
  return lines.join("\n");
}
