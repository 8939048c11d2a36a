// snprintf() and vsnprintf() stay, except where the result is added to a position: there they become scnprintf().
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { portFormatLengths } from "./printk-formats.js";
import { outermost } from "./statements.js";

/** Whether the call's result is added to a running position: `pos += snprintf(…)`. */
export function appendsResult(call: Node): boolean {
  const n = outermost(call);
  const parent = n.parent;
  return parent?.type === "assignment_expression" && parent.childForFieldName("operator")?.type === "+=" && parent.childForFieldName("right")?.id === n.id;
}

export default defineRule({
  id: "snprintf-append-to-scnprintf",
  summary: "snprintf() and vsnprintf() stay; pos += snprintf(…) becomes pos += scnprintf(…)",
  explanation: [
    "The kernel's snprintf() and vsnprintf() take the same arguments and return the same value as the C library's, so they keep their names (formats differ in a few conversions, which the output rules handle).",
    "One pattern changes: adding the result to a position, as in pos += snprintf(buf + pos, size - pos, …).",
    "snprintf() returns the length the output would have had, so once a piece does not fit, pos passes the end of the buffer, size - pos wraps around to a huge size_t, and the next call writes past the buffer.",
    "scnprintf() returns the number of characters it actually wrote (never more than size - 1), so pos stays inside the buffer; whenever everything fits, both return the same number.",
    "One conversion changes inside the format: the kernel's vsnprintf() knows no j length (intmax_t), warns once with a stack trace and stops formatting at it, so %jd and %ju become %lld and %llu, with the argument cast to long long or unsigned long long, the 64 bits intmax_t has on every Linux architecture; sprintf() gets the same.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.scnprintf", "https://docs.kernel.org/core-api/kernel-api.html#c.snprintf"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  calls: ["snprintf", "vsnprintf"],
  rewrite({ call, callee, name }, ctx) {
    if (name === "snprintf") portFormatLengths(ctx, call, 2);
    if (appendsResult(call)) ctx.replace(callee, name === "snprintf" ? "scnprintf" : "vscnprintf");
    else ctx.use();
  },
});
