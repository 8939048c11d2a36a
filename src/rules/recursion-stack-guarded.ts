// A recursion whose depth the program's constants do not fix asks, at each level, how much kernel stack is left, and ends the program with an error where too little is, instead of running off the stack.
import type { Node } from "../core/syntax-tree.js";
import { depthBounded, recursions } from "../analysis/recursion.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { descendants, indentationAt, lineStartOf, namedChildren, startsLine } from "../core/syntax.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";

export default defineRule({
  id: "recursion-stack-guarded",
  summary: "each function of a recursion whose depth is not known to be bounded first checks the kernel stack left, and where it runs low the program ends with an error, as a failure does",
  explanation: [
    "A process has a stack of megabytes that grows as it needs; when a recursion outgrows even that, the process dies with SIGSEGV, alone.",
    "A kernel thread has THREAD_SIZE bytes of stack (16 KiB on x86-64), fixed, for its whole call chain, and a recursion that runs past the end writes over whatever lies there: the kernel panics and the machine goes down. A few hundred levels are enough.",
    "Where the program's constants fix how deep the recursion goes, kernelize counts the levels: a depth that is more than the stack even at its least is refused (K3017), and one the function bounds itself, by returning first thing where its counting parameter reaches the bound (`if (n <= 1) return 1;`), is ported as it is. Where the depth follows the data (a flood fill, a tree, a list walked recursively), or a count that only limits what is printed, no bound is known, so each function of the recursion begins by asking how much stack is left below its frame: the distance from __builtin_frame_address(0) down to the bottom of the task's stack, task_stack_page(current).",
    "While more than a quarter of the stack and two levels' frames are left, nothing happens. Below that, the port logs which function ran out and ends the program the way a failure does: the check is written as `exit(EXIT_FAILURE)`, which the rules that turn exits into error returns make into the function's failure path, up to init, which returns an error and frees what the program holds.",
    "The module then fails to load where the program would have run on: the difference is the kernel's stack, which no port can make larger. Making the recursion a loop (with a stack of its own on the heap) lifts the limit.",
  ].join(" "),
  docs: ["https://docs.kernel.org/mm/vmalloced-kernel-stacks.html", "https://docs.kernel.org/process/coding-style.html"],
  headers: ["linux/sched/task_stack.h"],
  safety: "review",
  topics: ["init-returns-negative-errno"],
  appliesTo: (_target, source) => !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program, source } = ctx.facts;
    const unknown = recursions(program).filter((r) => !depthBounded(program, r));
    if (unknown.length === 0) return;
    const guard = freshName(["stack_exhausted", "kernelize_stack_exhausted"], wordsOf(source));
    let guarded = false;
    let level = 0;
    for (const r of unknown) {
      level = Math.max(level, r.estimate.levelBytes);
      for (const name of r.members) {
        // main() becomes init, which the kernel calls once: it never recurses into itself as the program's main.
        const fn = name === "main" ? undefined : program.functions.get(name);
        if (fn && guardEntry(ctx, fn.body, name, guard, r.members)) guarded = true;
      }
    }
    if (!guarded) return;
    // Room for the kernel's own calls below the program's (printk, the allocator), and for two levels more.
    const reserve = Math.ceil((2 * level) / 64) * 64;
    defineBeforeFirstFunction(
      ctx,
      `/*
 * A recursion of the program's has no depth its constants fix, and a kernel stack is THREAD_SIZE
 * bytes, fixed: running past its end takes the machine down. Each level asks first how much is
 * left below its frame, and where that is less than a quarter of the stack and two levels, the
 * function says so and the program ends with an error, as a process whose stack ran out ends.
 */
static bool ${guard}(const char *function)
{
\tunsigned long left = (unsigned long)__builtin_frame_address(0) - (unsigned long)task_stack_page(current);

\tif (left > THREAD_SIZE / 4 + ${reserve})
\t\treturn false;
\tpr_err("%s(): the recursion is too deep for the kernel stack (%lu bytes left)\\n", function, left);
\treturn true;
}
`,
    );
  },
});

/**
 * `if (guard("f")) exit(EXIT_FAILURE);` at the top of the function's body: after its declarations,
 * which the kernel's build wants first, unless one of them already recurses in its initialiser,
 * where the check must come first.
 */
function guardEntry(ctx: RuleContext, body: Node, name: string, guard: string, members: ReadonlySet<string>): boolean {
  const { source } = ctx.facts;
  const statements = namedChildren(body).filter((s) => s.type !== "comment");
  const firstStatement = statements.findIndex((s) => s.type !== "declaration");
  const declarations = statements.slice(0, firstStatement < 0 ? statements.length : firstStatement);
  const recursesEarly = declarations.some((d) => descendants(d, "call_expression").some((c) => members.has(c.childForFieldName("function")?.text ?? "")));
  const before = recursesEarly ? statements[0] : statements[firstStatement];
  if (!before) return false;
  const check = `if (${guard}("${name}"))`;
  const unit = ctx.facts.style.indentUnit;
  if (startsLine(source, before.startIndex)) {
    const indent = indentationAt(source, before.startIndex);
    ctx.insert(lineStartOf(source, before.startIndex), `${indent}${check}\n${indent}${unit}exit(EXIT_FAILURE);\n`);
  } else {
    ctx.insert(before.startIndex, `${check} exit(EXIT_FAILURE); `);
  }
  return true;
}
