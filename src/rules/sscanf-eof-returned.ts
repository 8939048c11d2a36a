// A sscanf() whose count the program reads goes through a function of the module's that returns EOF where the input ends before the first conversion, as the C library does; the kernel's returns 0.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";
import { valueDiscarded } from "./output-lines.js";

export default defineRule({
  id: "sscanf-eof-returned",
  summary: "a sscanf() whose count the program reads calls c_sscanf(), which returns EOF where the input ends before the first conversion, as the C library's does",
  explanation: [
    "The kernel's sscanf() returns what the C library's does, the number of conversions made, but for one case: where the input ends before the first conversion (an empty or blank string), the C library returns EOF (-1) and the kernel 0.",
    "A program that tells the two apart (`if (sscanf(line, \"%d\", &v) == EOF)`, a count it prints or returns) would take the other branch in the module, so each call whose count it reads calls c_sscanf() instead: a function of the module's that formats nothing of its own, calls vsscanf() with the same arguments and gives -1 where nothing was converted, the format has a conversion, and the input holds nothing but blanks.",
    "A call whose count is thrown away, or compared with a positive number (`== 3`, `!= 1`, where EOF and 0 answer alike), keeps sscanf().",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/io/fscanf", "https://elixir.bootlin.com/linux/v6.1/source/lib/vsprintf.c"],
  headers: ["linux/kernel.h", "linux/stdarg.h", "linux/string.h"],
  safety: "safe",
  wantedIn: (text) => text.includes("sscanf"),
  run(ctx) {
    const { program, source } = ctx.facts;
    const calls = program.libraryCallsNamed(new Set(["sscanf"])).filter(({ call }) => !valueDiscarded(call) && !comparedWithCount(call));
    if (calls.length === 0) return;
    const wrapper = freshName(["c_sscanf"], wordsOf(source));
    for (const { call } of calls) ctx.replace(call.childForFieldName("function")!, wrapper);
    defineBeforeFirstFunction(
      ctx,
      `/*
 * sscanf() as the C library returns it: EOF (-1) where the input ends before the first
 * conversion, an empty or blank string, where the kernel's returns 0.
 */
static __scanf(2, 3) int ${wrapper}(const char *str, const char *fmt, ...)
{
\tva_list args;
\tint n;

\tva_start(args, fmt);
\tn = vsscanf(str, fmt, args);
\tva_end(args);
\treturn n == 0 && strchr(fmt, '%') && !*skip_spaces(str) ? -1 : n;
}
`,
    );
  },
});

/** `sscanf(…) == 3`, `!= 1`, `< 2`, `>= 1`: a comparison with a positive count, where EOF and 0 give the same answer. */
function comparedWithCount(call: Node): boolean {
  let expr = call;
  while (expr.parent?.type === "parenthesized_expression") expr = expr.parent;
  const parent = expr.parent;
  if (parent?.type !== "binary_expression" || !/^(?:==|!=|<|>=)$/.test(parent.childForFieldName("operator")?.text ?? "")) return false;
  const other = parent.childForFieldName("left")?.id === expr.id ? parent.childForFieldName("right") : parent.childForFieldName("left");
  return other?.type === "number_literal" && /^[1-9]\d*$/.test(other.text);
}
