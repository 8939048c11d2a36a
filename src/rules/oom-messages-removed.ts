// No message of the program's own after a failed allocation (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { calleeName, namedChildren, statementsOf, unparenthesize } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";
import { isNullPointer } from "./statements.js";
import { wholeLines } from "./text.js";

/** The kernel allocators the port writes; they warn with a stack trace when they fail. */
const KERNEL_ALLOCATORS = new Set(["kmalloc", "kzalloc", "kcalloc", "kmalloc_array", "krealloc", "krealloc_array", "kstrdup", "kstrndup", "kmemdup"]);
const LOG_CALLS = new Set(["pr_err", "pr_warn", "pr_info", "pr_notice", "printk"]);

export default defineRule({
  id: "oom-messages-removed",
  summary: "a message printed right after a failed kmalloc()/kstrdup()/… goes (kernel style)",
  explanation: [
    "When a kernel allocation fails, the allocator itself logs a warning with the size, the flags and a stack trace, which says more than any message the program could add; the kernel's guidance, and checkpatch, ask for no out-of-memory message of one's own.",
    "So the message the program printed when malloc() returned NULL goes; the failure is still handled exactly as before (the same return or goto). The userspace program still prints it, so kernelize check, which compares both sides' messages, is run on the minimal style.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#allocating-memory"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { source } = ctx.facts;
    if (!/\bk(?:m|z|c|re|str|memdup)\w*\(/.test(source)) return;
    for (const ifStatement of ctx.facts.program.root.descendantsOfType("if_statement")) {
      if (!ifStatement || !testsFreshAllocation(ifStatement)) continue;
      const consequence = ifStatement.childForFieldName("consequence");
      if (consequence?.type !== "compound_statement") continue;
      const statements = statementsOf(consequence);
      const logs = statements.filter(isLogStatement);
      // Something else must remain: the return or goto that handles the failure.
      if (logs.length === 0 || logs.length === statements.length) continue;
      for (const s of logs) ctx.remove(wholeLines(source, s));
    }
  },
});

function isLogStatement(s: Node): boolean {
  const call = s.type === "expression_statement" ? s.namedChild(0) : null;
  return call?.type === "call_expression" && LOG_CALLS.has(calleeName(call) ?? "");
}

/** `p = kmalloc(…);` (or a declaration of p) right before `if (!p)` / `if (p == NULL)`, but for declarations without a value. */
function testsFreshAllocation(ifStatement: Node): boolean {
  const condition = ifStatement.childForFieldName("condition");
  if (!condition) return false;
  const c = unparenthesize(condition);
  let tested: string | undefined;
  if (c.type === "unary_expression" && c.childForFieldName("operator")?.text === "!") tested = unparenthesize(c.childForFieldName("argument")!).text;
  else if (c.type === "binary_expression" && c.childForFieldName("operator")?.text === "==") {
    const [l, r] = [unparenthesize(c.childForFieldName("left")!), unparenthesize(c.childForFieldName("right")!)];
    tested = isNullPointer(r) ? l.text : isNullPointer(l) ? r.text : undefined;
  }
  // Declarations without a value in between (`char *b;`) change nothing: look past them.
  let previous = ifStatement.previousNamedSibling;
  while (previous?.type === "declaration" && previous.childrenForFieldName("declarator").every((d) => d?.type !== "init_declarator")) previous = previous.previousNamedSibling;
  if (!tested || !previous) return false;
  let value: Node | null | undefined;
  if (previous.type === "declaration") {
    for (const d of previous.childrenForFieldName("declarator")) {
      if (d?.type === "init_declarator" && d.childForFieldName("declarator")?.text.replace(/^[\s*]+/, "") === tested) value = d.childForFieldName("value");
    }
  } else if (previous.type === "expression_statement") {
    const e = previous.namedChild(0);
    if (e?.type === "assignment_expression" && e.childForFieldName("left")?.text === tested) value = e.childForFieldName("right");
  }
  if (!value) return false;
  let v = unparenthesize(value);
  if (v.type === "cast_expression") v = unparenthesize(v.childForFieldName("value")!);
  return v.type === "call_expression" && KERNEL_ALLOCATORS.has(calleeName(v) ?? "") && !namedChildren(v).some((a) => a.text.includes("__GFP_NOWARN"));
}
