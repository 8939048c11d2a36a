// time_t and struct timespec become time64_t and struct timespec64, and "%ld" for a time64_t value becomes "%lld".
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, calleeName, unparenthesize } from "../core/syntax.js";
import { typeOfExpression } from "./declarations.js";
import { codeTokens } from "./tokens.js";

/** Where each printf-like function takes its format (user code still calls the C library's names in this phase). */
const FORMAT_INDEX: Record<string, number> = {
  printf: 0,
  fprintf: 1,
  dprintf: 1,
  sprintf: 1,
  snprintf: 2,
  err: 1,
  errx: 1,
  warn: 0,
  warnx: 0,
  printk: 0,
  pr_info: 0,
  pr_err: 0,
  pr_warn: 0,
  pr_notice: 0,
  pr_debug: 0,
  pr_cont: 0,
};

const CONVERSION = /%(?:%|m|[-+ #0]*(\*|\d+)?(?:\.(\*|\d*))?(hh|h|ll|l|L|j|z|Z|t|q)?([diouxXcspnfFeEgGaA]))/g;

export default defineRule({
  id: "time-types-to-time64",
  summary: "time_t becomes time64_t, struct timespec becomes struct timespec64, and %ld for such a value becomes %lld",
  explanation: [
    "The kernel dropped time_t and struct timespec from its internal API in the year-2038 work: on 32-bit machines they overflow in January 2038. Its types are time64_t (seconds, a signed 64-bit long long everywhere) and struct timespec64, which has the same tv_sec and tv_nsec members, so code that reads ts.tv_sec and ts.tv_nsec stays as it is.",
    "One difference shows in formats: time_t is long on x86-64 Linux, so a program may print it with %ld; time64_t is long long, so kernelize changes the conversion to %lld where a time value is passed uncast. A value the program casts, such as (long)t, keeps its conversion.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/timekeeping.html"],
  headers: ["linux/time64.h"],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    if (!source.includes("time")) return;
    for (const token of codeTokens(program.root, source, /\btime_t\b/g)) {
      if (!program.macros.has("time_t")) ctx.replace(token, "time64_t");
    }
    for (const token of codeTokens(program.root, source, /\btimespec\b/g)) {
      const inStruct = token.node.type === "type_identifier" && token.node.parent?.type === "struct_specifier";
      const inMacro = token.node.type === "preproc_arg" && /struct\s+$/.test(source.slice(token.node.startIndex, token.start));
      if (inStruct || inMacro) ctx.replace(token, "timespec64");
    }
    // Formats: a %ld given a time value becomes %lld.
    for (const { call, name } of program.callsNamed(new Set(Object.keys(FORMAT_INDEX)))) {
      const args = callArguments(call);
      const index = FORMAT_INDEX[name]!;
      const format = args[index] && unparenthesize(args[index]);
      if (format?.type !== "string_literal" || !format.text.startsWith('"')) continue;
      const values = args.slice(index + 1);
      let next = 0;
      for (const m of format.text.matchAll(CONVERSION)) {
        if (m[0] === "%%" || m[0] === "%m") continue;
        next += (m[1] === "*" ? 1 : 0) + (m[2] === "*" ? 1 : 0);
        const value = values[next++];
        if (!value || m[3] !== "l" || !"diouxX".includes(m[4]!) || !isTimeValue(value)) continue;
        const lengthAt = format.startIndex + m.index + m[0].length - 2;
        ctx.insert(lengthAt, "l");
      }
    }
  },
});

/** Whether an expression has the type time_t (or time64_t) without a cast: a time variable, tv_sec, time(), or arithmetic on them. */
function isTimeValue(expression: Node): boolean {
  const e = unparenthesize(expression);
  switch (e.type) {
    case "identifier":
    case "subscript_expression":
    case "pointer_expression": {
      const type = typeOfExpression(e);
      return !!type && type.derivation.length === 0 && (type.base === "time_t" || type.base === "time64_t");
    }
    case "field_expression": {
      const type = typeOfExpression(e);
      if (type) return type.derivation.length === 0 && (type.base === "time_t" || type.base === "time64_t");
      // tv_sec of the C library's struct timespec, which the file does not declare.
      return e.childForFieldName("field")?.text === "tv_sec";
    }
    case "call_expression":
      return ["time", "ktime_get_real_seconds", "ktime_get_seconds"].includes(calleeName(e) ?? "");
    case "binary_expression":
      return ["+", "-", "*", "/", "%"].includes(e.childForFieldName("operator")?.type ?? "") && (isTimeValue(e.childForFieldName("left")!) || isTimeValue(e.childForFieldName("right")!));
    case "unary_expression":
      return e.child(0)?.type === "-" && isTimeValue(e.childForFieldName("argument")!);
    default:
      return false;
  }
}
