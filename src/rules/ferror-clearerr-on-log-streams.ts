// ferror(stdout) and ferror(stderr) become 0 and clearerr() on them goes: a module's output goes to the kernel log, which never reports a failed write.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { streamOf } from "./output-lines.js";
import { removeStatement } from "./statements.js";

export default defineRule({
  id: "ferror-clearerr-on-log-streams",
  summary: "ferror(stdout) and ferror(stderr) become 0; clearerr(stdout) and clearerr(stderr) are removed",
  explanation: [
    "A stdio stream keeps an error flag that a failed write sets, ferror() reads and clearerr() clears; programs test it after writing, to learn whether the output reached its file.",
    "In a module stdout and stderr become the kernel log, and printk() has no failure a caller can see: the text is stored in the log's ring buffer, and when the buffer is full the oldest records make room. No write can set the flag, so it is always clear.",
    "So ferror() on either stream becomes 0, the value of a clear flag, and clearerr() on either, which has nothing to clear, goes. A program that tests the flag keeps its test; the branch for a failed write stays in the module and never runs, as it never runs in a program whose output does not fail. Any other stream is a file, which a module does not have.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html"],
  headers: [],
  safety: "safe",
  calls: ["ferror", "clearerr"],
  rewrite({ call, name }, ctx) {
    const stream = callArguments(call)[0];
    if (!streamOf(stream)) {
      ctx.report("K3003", `${name}() on ${stream?.text ?? "a stream"}, which is neither stdout nor stderr`, stream ?? call, {
        note: "a module has no files: only stdout and stderr have a kernel counterpart (the log); keep the file's error handling out of the program",
      });
      return;
    }
    if (name === "ferror") {
      ctx.replace(call, "0");
      return;
    }
    // clearerr() returns nothing, so its call is a statement of its own (or a part of a comma list).
    const statement = call.parent;
    if (statement?.type === "expression_statement") removeStatement(ctx, statement);
    else ctx.replace(call, "(void)0");
  },
});
