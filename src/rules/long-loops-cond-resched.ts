// A loop of init's that may run long gets cond_resched() at the top of its body, so the soft-lockup watchdog never fires.
import type { Node } from "../core/syntax-tree.js";
import { LONG_LOOP_WORK, longLoops } from "../analysis/long-loops.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { indentationAt, lineStartOf, namedChildren, startsLine } from "../core/syntax.js";

export default defineRule({
  id: "long-loops-cond-resched",
  summary: "a loop that module init runs, whose trip count is large or not known, calls cond_resched() at the start of each iteration",
  explanation: [
    "A user program may compute for minutes; the scheduler takes the CPU from it whenever another task should run. Module init runs in the kernel, where (without a preemptible kernel, which distribution kernels are not) a task keeps the CPU until it sleeps or asks whether it should yield.",
    "A loop that runs long without asking starves every other task on that CPU, and after 20 seconds (watchdog_thresh times two) the soft-lockup watchdog reports `BUG: soft lockup` with a stack trace; with softlockup_panic set, the machine reboots. Under QEMU without KVM, where each instruction is emulated, a hundred million iterations are enough.",
    `So each loop whose work kernelize cannot bound below ${grouped(LONG_LOOP_WORK)} iterations (its own trip count times what its body runs, loops and calls included; a trip count not known from constants counts as unbounded) calls cond_resched() first thing in its body: it yields the CPU if another task is waiting and costs a test otherwise. At the top of the body, after its declarations, no \`continue\` can skip it, so every iteration passes one. Loops with a small constant trip count are left alone, and so is code that holds a spinlock, where sleeping is not allowed. A call of a library function counts as one step, as the kernel's own (vsnprintf(), sort()) do not yield either; so do the definitions kernelize adds for the C library's functions the kernel lacks, which it writes after reading the program's loops.`,
  ].join(" "),
  docs: ["https://docs.kernel.org/admin-guide/lockup-watchdogs.html", "https://docs.kernel.org/kernel-hacking/hacking.html"],
  headers: ["linux/sched.h"],
  safety: "safe",
  // Not for a file that already is a module: where it yields is its author's choice.
  appliesTo: (_target, source) => /\b(for|while)\s*\(/.test(source) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, flow, names } = ctx.facts;
    if (!program.functions.has(names.init)) return;
    // Innermost first: nested loops without braces end at one offset, where the blocks they get
    // must close inner before outer (insertions at one offset keep the order they are made in).
    const loops = [...longLoops(program, flow, names.init)].sort((a, b) => b.startIndex - a.startIndex);
    for (const loop of loops) yieldIn(ctx, loop);
  },
});

/** cond_resched(); as the first statement of the loop's body (after its declarations, which the kernel's build wants first). */
function yieldIn(ctx: RuleContext, loop: Node): void {
  // The style is read only for the one shape that needs it: reading it costs a pass over the program.
  const { source } = ctx.facts;
  const body = loop.childForFieldName("body");
  if (!body || /\bcond_resched\s*\(/.test(body.text)) return;
  const call = "cond_resched();";
  if (body.type === "compound_statement") {
    const first = namedChildren(body).find((s) => s.type !== "declaration" && s.type !== "comment");
    if (first && startsLine(source, first.startIndex)) {
      ctx.insert(lineStartOf(source, first.startIndex), `${indentationAt(source, first.startIndex)}${call}\n`);
    } else if (first) {
      ctx.insert(first.startIndex, `${call} `);
    } else {
      // Only declarations, or nothing: before the closing brace.
      const close = body.endIndex - 1;
      if (!startsLine(source, close)) ctx.insert(close, `${call} `);
      else ctx.insert(lineStartOf(source, close), `${indentationAt(source, close)}${ctx.facts.style.indentUnit}${call}\n`);
    }
    return;
  }
  // A single statement becomes a block holding the call and the statement; an empty `;` or a do body is left.
  if (body.type === "expression_statement" && body.namedChildCount === 0) return;
  if (loop.type === "do_statement") return;
  const before = body.previousSibling;
  if (!before) return;
  if (startsLine(source, body.startIndex)) {
    const indent = indentationAt(source, body.startIndex);
    ctx.insert(before.endIndex, " {");
    ctx.insert(lineStartOf(source, body.startIndex), `${indent}${call}\n`);
    ctx.insert(body.endIndex, `\n${indentationAt(source, loop.startIndex)}}`);
  } else {
    ctx.insert(body.startIndex, `{ ${call} `);
    ctx.insert(body.endIndex, " }");
  }
}

/**
 * 1000000 as 1,000,000. Not toLocaleString(): its first call loads the locale data, which costs
 * some 20 ms (Node 20 here), paid by every run of the command since the explanation is written when the rule loads.
 */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ",");
}
