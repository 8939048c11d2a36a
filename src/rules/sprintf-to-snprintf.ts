// sprintf() into an array of known size becomes snprintf() bounded by sizeof, or scnprintf() when the result is appended to.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { isArrayExpression } from "./declarations.js";
import { hasSideEffects } from "./statements.js";
import { portFormatLengths } from "./printk-formats.js";
import { appendsResult } from "./snprintf-append-to-scnprintf.js";

export default defineRule({
  id: "sprintf-to-snprintf",
  summary: "sprintf(buf, …) into an array becomes snprintf(buf, sizeof(buf), …), or scnprintf() where the result is appended to",
  explanation: [
    "sprintf() writes as much as the format produces, however small the buffer; in the kernel an overflow corrupts kernel memory, so the bounded form is wanted wherever the size can be known.",
    "When the destination is an array the program declares, kernelize passes sizeof(array); when it is array + offset (or &array[offset]), the room left, sizeof(array) - offset.",
    "Output that fits is written exactly as before and the return value is the same; output that would have overflowed is cut short and still terminated.",
    "Where the return value is added to a position (pos += sprintf(buf + pos, …)), the call becomes scnprintf(), which returns what it actually wrote: snprintf() returns what it would have written, so after a cut the position would pass the end of the buffer and the next size would wrap around.",
    "Into a pointer whose buffer size kernelize cannot see, sprintf() is kept (the kernel has it) and flagged for a human to bound.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/core-api/kernel-api.html#c.snprintf",
    "https://docs.kernel.org/core-api/kernel-api.html#c.scnprintf",
    "https://docs.kernel.org/core-api/printk-formats.html",
  ],
  headers: ["linux/kernel.h"],
  safety: "safe",
  calls: ["sprintf", "vsprintf"],
  rewrite({ call, callee, name }, ctx) {
    if (name === "sprintf") portFormatLengths(ctx, call, 1);
    const destination = callArguments(call)[0];
    const room = destination && roomIn(destination);
    if (!room) {
      ctx.use();
      ctx.report("K2103", `${name}() is kept: kernelize cannot tell the size of the destination`, callee, {
        note: `pass the buffer's size: ${name === "sprintf" ? "snprintf" : "vsnprintf"}(buf, size, …), or scnprintf(buf + pos, size - pos, …) when appending`,
      });
      return;
    }
    const bounded = appendsResult(call) ? "scnprintf" : "snprintf";
    ctx.replace(callee, name === "sprintf" ? bounded : `v${bounded}`);
    ctx.insert(destination.endIndex, `, ${room}`);
  },
});

/** The size of the space a destination expression points into, as C text, when the program shows it. */
function roomIn(destination: Node): string | undefined {
  const d = unparenthesize(destination);
  if (isArrayExpression(d)) return `sizeof(${d.text})`;
  // buf + pos, and &buf[pos]: the room left after the offset.
  let array: Node | null = null;
  let offset: Node | null = null;
  if (d.type === "binary_expression" && d.childForFieldName("operator")?.type === "+") {
    array = d.childForFieldName("left");
    offset = d.childForFieldName("right");
  } else if (d.type === "pointer_expression" && d.child(0)?.type === "&") {
    const element = unparenthesize(d.childForFieldName("argument")!);
    if (element.type === "subscript_expression") {
      array = element.childForFieldName("argument");
      offset = element.childForFieldName("index");
    }
  }
  if (!array || !offset || !isArrayExpression(array) || hasSideEffects(offset)) return undefined;
  const simple = ["identifier", "number_literal", "field_expression", "subscript_expression", "parenthesized_expression", "call_expression"].includes(offset.type);
  return `sizeof(${array.text}) - ${simple ? offset.text : `(${offset.text})`}`;
}
