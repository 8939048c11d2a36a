// sleep(s) becomes ssleep(s); usleep() and nanosleep() become the delay Documentation/timers/timers-howto picks for the length.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { integerValue } from "./atoi-strtol-to-kstrto.js";
import { valueIsUsed } from "./statements.js";

/**
 * The slack usleep_range() is given: 50 µs, the timer slack the kernel gives a userspace thread's
 * sleeps by default (timer_slack_ns), so the port wakes as late as the program could.
 */
const SLACK_US = 50;

export default defineRule({
  id: "sleep-to-msleep",
  summary: "sleep(s) becomes ssleep(s); usleep(us) becomes udelay(), usleep_range(us, us + 50) or msleep() by length; nanosleep(&ts, …) becomes fsleep()",
  explanation: [
    "A module sleeps with the kernel's delay functions from <linux/delay.h>, and Documentation/timers/timers-howto.rst says which fits which length.",
    "sleep(s) becomes ssleep(s), which is msleep(s * 1000): msleep() is driven by the timer tick, so it may sleep up to a tick or two longer than asked, which does not matter at a scale of seconds.",
    "usleep(us) depends on the length. Up to 10 µs the howto asks for udelay(), a busy wait, because setting up a timer costs more than the wait. From 10 µs to 20 ms it asks for usleep_range(min, max), built on high-resolution timers: msleep() would round such a short sleep up to a whole tick, 4 to 20 ms late. The range lets the kernel merge wake-ups; kernelize uses us + 50 µs as the upper end, the same 50 µs of timer slack a userspace thread's usleep() gets by default, so the port wakes no later than the program could. Above 20 ms msleep() is right.",
    "Where the length is not a constant, the choice is made at run time by fsleep(), the kernel's helper that applies the same thresholds (with usleep_range(us, 2 * us) in the middle band). nanosleep(&ts, …) becomes fsleep() of the timespec's length in microseconds; the remainder argument is dropped, because the kernel's sleep is not cut short by signals.",
    "These sleeps cannot be interrupted: sleep() returned early when a signal arrived, ssleep() does not, and a module that sleeps long in its init function keeps insmod waiting, unkillable, all that time.",
    "They return nothing; where the program used the result, the call becomes (sleep, 0), the value of a sleep that ran to its end, and kernelize warns.",
  ].join(" "),
  docs: ["https://docs.kernel.org/timers/timers-howto.html", "https://docs.kernel.org/driver-api/basics.html"],
  headers: ["linux/delay.h"],
  safety: "safe",
  calls: ["sleep", "usleep", "nanosleep"],
  rewrite({ call, callee, name }, ctx) {
    const args = callArguments(call);
    const first = args[0];
    if (!first) return;
    if (name === "sleep") ctx.replace(callee, "ssleep");
    else if (name === "usleep") rewriteUsleep(ctx, call, first);
    else rewriteNanosleep(ctx, call, first);
    if (valueIsUsed(call)) {
      ctx.insert(call.startIndex, "(");
      ctx.insert(call.endIndex, ", 0)");
      ctx.report("K2140", `${name}() returns nothing in the kernel: its result is always 0 now`, callee, {
        note: "the kernel's sleeps are not interrupted by signals, so the check can go",
      });
    }
  },
});

function rewriteUsleep(ctx: RuleContext, call: Node, length: Node): void {
  const callee = call.childForFieldName("function")!;
  const literal = unparenthesize(length);
  if (literal.type !== "number_literal") {
    ctx.replace(callee, "fsleep");
    return;
  }
  const us = integerValue(literal.text);
  if (us <= 10) ctx.replace(callee, "udelay");
  else if (us <= 20000) {
    ctx.replace(callee, "usleep_range");
    ctx.insert(length.endIndex, `, ${us + SLACK_US}`);
  } else {
    ctx.replace(callee, "msleep");
    ctx.replace(length, String(Math.ceil(us / 1000)));
  }
}

/** nanosleep(&ts, rem) becomes fsleep(ktime_to_us(timespec64_to_ktime(ts))), keeping the program's timespec in place. */
function rewriteNanosleep(ctx: RuleContext, call: Node, request: Node): void {
  const r = unparenthesize(request);
  const byAddress = r.type === "pointer_expression" && r.child(0)?.type === "&";
  const kept = byAddress ? r.childForFieldName("argument")! : request;
  const simple = ["identifier", "field_expression", "subscript_expression", "parenthesized_expression"].includes(kept.type);
  const deref = byAddress ? "" : simple ? "*" : "*(";
  ctx.replace({ start: call.startIndex, end: kept.startIndex }, `fsleep(ktime_to_us(timespec64_to_ktime(${deref}`);
  ctx.replace({ start: kept.endIndex, end: call.endIndex }, `${!byAddress && !simple ? ")" : ""})))`);
}
