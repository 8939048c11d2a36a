// Lines printed in pieces are gathered in a buffer and logged whole (kernel style), instead of pr_cont().
import type { Node } from "web-tree-sitter";
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";
import { callArguments, calleeName, namedChildren } from "../core/syntax.js";
import { freshName, includeHeaders, wordsOf } from "./added-code.js";
import { kernelStyleOnly } from "./kernel-style.js";

/** Size of the line buffer: printk()'s own limit for one record is about 1 KiB. */
const LINE_MAX = 1024;

export default defineRule({
  id: "line-pieces-to-line-buffer",
  summary: "output that builds a line in pieces (pr_cont) goes through a line buffer that logs each line whole with pr_info() (kernel style)",
  explanation: [
    "pr_cont() appends to the last log record only if nothing else was logged in between: another CPU, an interrupt or another task can print first, and the line comes out broken in two, so kernel code avoids it and checkpatch warns about every use.",
    "The kernel style therefore does what stdio did for the program: every piece of a line goes into a buffer with print_piece(), which takes printf()'s arguments (vscnprintf() fills the buffer without ever running past its end), and each time the buffer holds a \\n the finished line is logged with one pr_info().",
    "Lines printed whole keep their pr_info(). A line longer than the buffer (1 KiB, about what one log record holds) is logged in parts.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-basics.html", "https://docs.kernel.org/core-api/kernel-api.html#c.vscnprintf"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, source, target } = ctx.facts;
    if (!source.includes("pr_cont(")) return;
    const calls = program.root.descendantsOfType("call_expression").filter((c): c is Node => c !== null);
    const pieces: Node[] = [];
    for (const call of calls) {
      const name = calleeName(call);
      if (name === "pr_cont") pieces.push(call);
      else if (name === "pr_info" && !endsLine(call)) pieces.push(call);
      // A line on another level left open: its pieces cannot share the pr_info() buffer.
      else if ((name === "pr_err" || name === "pr_warn") && !endsLine(call)) return;
    }
    if (pieces.length === 0) return;

    const taken = wordsOf(source);
    const buf = freshName(["line_buf"], taken);
    const len = freshName(["line_len"], taken);
    const print = freshName(["print_piece"], taken);
    for (const call of pieces) ctx.replace(call.childForFieldName("function")!, print);

    includeHeaders(ctx, ["linux/kernel.h", "linux/string.h", kernelHas(target.kernel, "linux-stdarg-h") ? "linux/stdarg.h" : "stdarg.h"]);
    const firstFunction = namedChildren(program.root).find((n) => n.type === "function_definition");
    if (!firstFunction) return;
    ctx.insert(
      firstFunction.startIndex,
      [
        "/* Output printed in pieces, kept until its line is complete. */",
        `static char ${buf}[${LINE_MAX}];`,
        `static size_t ${len};`,
        "",
        `static __printf(1, 2) void ${print}(const char *fmt, ...)`,
        "{",
        "\tva_list args;",
        "\tchar *end;",
        "",
        "\tva_start(args, fmt);",
        `\t${len} += vscnprintf(${buf} + ${len}, sizeof(${buf}) - ${len}, fmt, args);`,
        "\tva_end(args);",
        `\twhile ((end = memchr(${buf}, '\\n', ${len}))) {`,
        "\t\t*end = '\\0';",
        `\t\tpr_info("%s\\n", ${buf});`,
        `\t\t${len} -= end + 1 - ${buf};`,
        `\t\tmemmove(${buf}, end + 1, ${len});`,
        "\t}",
        `\tif (${len} == sizeof(${buf}) - 1) {`,
        `\t\tpr_info("%s\\n", ${buf});`,
        `\t\t${len} = 0;`,
        "\t}",
        "}",
        "",
        "",
      ].join("\n"),
    );
  },
});

/** Whether a pr_*() call's format ends its line: a literal whose last character is \n. */
function endsLine(call: Node): boolean {
  const format = callArguments(call)[0];
  if (!format) return false;
  const last = format.type === "concatenated_string" ? format.lastNamedChild : format;
  return last?.type === "string_literal" && /\\n"$/.test(last.text);
}
