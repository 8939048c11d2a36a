// vprintf(fmt, args) and vfprintf(stdout|stderr, fmt, args) print the program's va_list through its stream's line buffer: vprint_stdout(fmt, args).
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { lineModel, reportOtherStream, streamOf } from "./output-lines.js";

export default defineRule({
  id: "vprintf-to-line-buffer",
  summary: "vprintf(fmt, args) becomes vprint_stdout(fmt, args), vfprintf(stderr, fmt, args) becomes vprint_stderr(fmt, args): the stream's line buffer, fed a va_list",
  explanation: [
    "vprintf() and vfprintf() are printf() and fprintf() for a function that takes a format and its own variable arguments and hands them on as a va_list: the program's own printf-like helper.",
    "The kernel has the same split (vprintk() beside printk()), but the level must be glued onto the format at compile time, and a va_list's format is the caller's, known only at run time; it can end a line, leave one open or continue one.",
    "So the call goes to the stream's line buffer (output-line-buffers) through vprint_stdout() or vprint_stderr(), which format the va_list with the kernel's vsnprintf() into the buffer and log each line whole at the stream's level, in order with every other piece of output to that stream, as stdio does.",
    "The value returned is vprintf()'s: the number of characters printed. Any other FILE * is refused: there are no files for a module to write to.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/kernel-api.html#c.vsnprintf"],
  headers: ["linux/stdarg.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["vprintf", "vfprintf"],
  rewrite({ callee, call, name }, ctx) {
    const args = callArguments(call);
    const stream = name === "vprintf" ? "stdout" : streamOf(args[0]);
    if (!stream) {
      reportOtherStream(ctx, call, name, args[0]);
      return;
    }
    const printer = lineModel(ctx.facts).vprinter(stream);
    if (name === "vprintf" || !args[1]) ctx.replace(callee, printer);
    else ctx.replace({ start: callee.startIndex, end: args[1].startIndex }, `${printer}(`);
  },
});
