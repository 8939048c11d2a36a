// fwrite(p, size, n, stdout) writes its bytes through the stream's line buffer: print_stdout("%.*s", …).
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { bufferedWhy, printMacro, reportOtherStream, streamOf, valueDiscarded } from "./output-lines.js";

export default defineRule({
  id: "fwrite-to-line-buffer",
  summary: "fwrite(p, size, n, stdout) becomes print_stdout(\"%.*s\", (int)(size * n), (const char *)p), and the same through print_stderr() for stderr",
  explanation: [
    "fwrite() writes size * n bytes to a stream as they are, with no format and no newline added; programs use it to print a string whose length they know, or a buffer they filled.",
    "In a module the bytes go to the kernel log, and where they end a line is not known from the call, so they go through the stream's line buffer (output-line-buffers), which logs each line whole when it ends, as a terminal shows it.",
    "They are printed with %.*s and the byte count, so that a % among them is text and nothing past the count is read; a zero byte among them ends what is printed, since the kernel's log holds text.",
    "fwrite() returns how many of the n items it wrote, all of them when the write succeeds, as a write to the log does: where the program uses that value, the call becomes an expression that prints and then has the value n.",
    "Any other FILE * is refused: there are no files for a module to write to.",
  ].join(" "),
  docs: ["https://man7.org/linux/man-pages/man3/fwrite.3.html", "https://docs.kernel.org/core-api/printk-formats.html"],
  headers: ["linux/printk.h"],
  safety: "safe",
  topics: ["pr-macros-over-printk"],
  calls: ["fwrite"],
  rewrite({ call, name }, ctx) {
    const [data, size, count, stream] = callArguments(call);
    const target = streamOf(stream);
    if (!target) {
      reportOtherStream(ctx, call, name, stream);
      return;
    }
    if (!data || !size || !count) return;
    const printer = printMacro(ctx, call, target === "stderr" ? "pr_err" : "pr_info");
    const why = bufferedWhy(ctx, call);
    // The data stays where it is (a rule may port something inside it); the count is read once, as
    // both how much is printed and, where the program uses it, the call's value.
    if (valueDiscarded(call)) {
      ctx.replace({ start: call.startIndex, end: data.startIndex }, `${printer}("%.*s", (int)((${size.text}) * (${count.text})), (const char *)(`, why);
      ctx.replace({ start: data.endIndex, end: call.endIndex }, "))");
    } else {
      ctx.replace({ start: call.startIndex, end: data.startIndex }, `({ size_t kz_items = (${count.text}); ${printer}("%.*s", (int)((${size.text}) * kz_items), (const char *)(`, why);
      ctx.replace({ start: data.endIndex, end: call.endIndex }, ")); kz_items; })");
    }
  },
});
