// time(NULL) becomes ktime_get_real_seconds(), clock_gettime(clock, &ts) the ktime_get_*_ts64() of that clock.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, calleeName, unparenthesize } from "../core/syntax.js";
import { SEEDING_FUNCTIONS } from "../analysis/random-seeds.js";
import { isNullPointer, isProgramDefined, valueIsUsed } from "./statements.js";

/** POSIX clocks and the kernel function that reads each into a struct timespec64. */
const CLOCKS: Record<string, string> = {
  CLOCK_REALTIME: "ktime_get_real_ts64",
  CLOCK_MONOTONIC: "ktime_get_ts64",
  CLOCK_MONOTONIC_RAW: "ktime_get_raw_ts64",
  CLOCK_BOOTTIME: "ktime_get_boottime_ts64",
  CLOCK_TAI: "ktime_get_clocktai_ts64",
  CLOCK_REALTIME_COARSE: "ktime_get_coarse_real_ts64",
  CLOCK_MONOTONIC_COARSE: "ktime_get_coarse_ts64",
};

export default defineRule({
  id: "time-to-ktime",
  summary: "time(NULL) becomes ktime_get_real_seconds(); clock_gettime(CLOCK_MONOTONIC, &ts) becomes ktime_get_ts64(&ts), and so on per clock",
  explanation: [
    "The kernel reads its clocks directly, without a system call, through the timekeeping accessors in <linux/timekeeping.h>.",
    "time(NULL) becomes ktime_get_real_seconds(): the same seconds since 1970 (wall-clock time, which can jump when the clock is set), as a time64_t that does not overflow in 2038; time(&t) becomes t = ktime_get_real_seconds().",
    "clock_gettime(clock, &ts) becomes the accessor for that clock: ktime_get_real_ts64() for CLOCK_REALTIME, ktime_get_ts64() for CLOCK_MONOTONIC (never jumps; the one to measure intervals with), ktime_get_raw_ts64() for CLOCK_MONOTONIC_RAW, ktime_get_boottime_ts64() for CLOCK_BOOTTIME (counts suspend too). They fill a struct timespec64, which is why struct timespec is renamed too.",
    "The accessors cannot fail and return nothing; where the program checked clock_gettime()'s result, the call becomes (accessor(&ts), 0), which keeps the check compiling and always passing, and kernelize warns so the dead check can go.",
    "CPU-time clocks (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID) measure a process, which a module does not have, and are refused.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/timekeeping.html"],
  headers: ["linux/timekeeping.h"],
  safety: "safe",
  calls: ["time", "clock_gettime"],
  rewrite({ call, callee, name }, ctx) {
    if (name === "time") rewriteTime(ctx, call);
    else rewriteClockGettime(ctx, call, callee);
  },
});

function rewriteTime(ctx: RuleContext, call: Node): void {
  // srand(time(NULL)) goes away whole, with the srand() call around it.
  for (let n = call.parent; n; n = n.parent) {
    const fn = n.type === "call_expression" ? calleeName(n) : undefined;
    if (fn && SEEDING_FUNCTIONS.has(fn) && !isProgramDefined(ctx, fn)) return;
  }
  const where = callArguments(call)[0];
  if (!where) return;
  if (isNullPointer(where)) {
    ctx.replace(call, "ktime_get_real_seconds()");
    return;
  }
  // time(&t) stores the time and returns it: an assignment does both.
  const target = unparenthesize(where);
  const variable = target.type === "pointer_expression" && target.child(0)?.type === "&" ? target.childForFieldName("argument")!.text : `*${target.type === "identifier" ? target.text : `(${target.text})`}`;
  const assignment = `${variable} = ktime_get_real_seconds()`;
  ctx.replace(call, valueIsUsed(call) ? `(${assignment})` : assignment);
}

function rewriteClockGettime(ctx: RuleContext, call: Node, callee: Node): void {
  const [clock, timespec] = callArguments(call);
  if (!clock || !timespec) return;
  const accessor = CLOCKS[unparenthesize(clock).text];
  if (!accessor) {
    ctx.report("K2141", `clock_gettime(${clock.text}, …) has no kernel counterpart`, clock, {
      note: "a module has no process or thread whose CPU time it could read; use CLOCK_MONOTONIC (ktime_get_ts64()) to measure an interval",
    });
    return;
  }
  const used = valueIsUsed(call);
  ctx.replace({ start: call.startIndex, end: timespec.startIndex }, `${used ? "(" : ""}${accessor}(`);
  if (used) {
    ctx.insert(call.endIndex, ", 0)");
    ctx.report("K2140", `${accessor}() cannot fail: the check of clock_gettime()'s result always passes now`, callee, {
      note: "remove the check; the call then stands alone as a statement",
    });
  }
}
