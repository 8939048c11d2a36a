// assert(cond) in main() ends the program where it fails: `if (WARN_ON(!cond)) abort();`, which the exits then port to init's failure path.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { negate } from "./assert-to-warn-on.js";
import { statementLayout, wholeStatement } from "./statements.js";

export default defineRule({
  id: "main-assertions-end-program",
  summary: "assert(cond) in main() becomes `if (WARN_ON(!cond)) abort();`, so that a failed assertion fails init the way it ended the program",
  explanation: [
    "A failed assert() prints the condition and aborts the process: nothing after it runs, and the program ends with a failure.",
    "In main() that has an exact counterpart in a module: init returns an error, after freeing what it holds, and the module is not loaded. So the assertion is written as the test it stands for, `if (WARN_ON(!cond)) abort();`, before the exits are read; the abort() then becomes init's failure path like any other (a jump to the cleanup that frees what main() holds, and -ENOMEM where the condition tests an allocation's result, else -EINVAL, since an assertion says nothing about why).",
    "WARN_ON() keeps the assertion's message: when the condition is false the kernel logs a warning with the file, the line and a stack trace. Assertions in other functions are left to assert-to-warn-on, which returns the function's own failure value where it has one.",
    "A program that defines NDEBUG never compiled its assertions, so these are left for assert-to-warn-on to remove.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#use-warn-rather-than-bug"],
  headers: ["linux/bug.h"],
  safety: "safe",
  calls: ["assert"],
  rewrite({ call }, ctx) {
    const { program } = ctx.facts;
    const main = program.main;
    if (!main || program.isModule || program.macros.has("NDEBUG")) return;
    if (program.functions.enclosing(call.startIndex)?.node.id !== main.node.id) return;
    const condition = callArguments(call)[0];
    const statement = wholeStatement(call);
    if (!condition || !statement || statement.parent?.type === "for_statement") return;
    const negation = negate(condition);
    const layout = statementLayout(ctx, statement);
    const ks = ctx.facts.style.keywordSpace;
    for (const e of negation.edits) ctx.replace(e.target, e.text);
    ctx.replace({ start: layout.from, end: negation.keepFrom }, `${layout.open}if${ks}(WARN_ON(${negation.prefix}`);
    ctx.replace({ start: negation.keepTo, end: statement.endIndex }, `${negation.suffix}))${layout.nested}abort();${layout.close}`);
  },
});
