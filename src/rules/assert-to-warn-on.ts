// assert(cond) becomes WARN_ON(!cond) with the function's own failure return, or BUG_ON() where going on would write out of bounds.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { callArguments, descendants, unparenthesize } from "../core/syntax.js";
import { canonicalIntegerType } from "./declarations.js";
import { isNullPointer, removeStatement, statementLayout, wholeStatement } from "./statements.js";

const INVERSE: Record<string, string> = { "<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "==" };

export default defineRule({
  id: "assert-to-warn-on",
  summary: "assert(cond) becomes `if (WARN_ON(!cond)) return <failure>;` where the function has a failure value, else WARN_ON() or, to stop an out-of-bounds write, BUG_ON()",
  explanation: [
    "A failed assert() prints a message and aborts the process; the kernel has no process to abort.",
    "WARN_ON(x) is the kernel's assertion: when x is true it logs a warning with a stack trace, taints the kernel, and returns x, so the code can recover. BUG_ON(x) kills the current thread with an oops instead, possibly holding locks, and the kernel's documentation asks for it only where going on would be worse. WARN_ON() is meant for conditions that should never happen, which is what an assertion states; a machine with the panic_on_warn sysctl set panics on it.",
    "kernelize decides per function. Where the function already has a way to fail that its callers check — it returns NULL somewhere (a pointer function), false (a bool function), -1 or a negative errno (an int function), or it returns nothing — the assertion becomes `if (WARN_ON(!cond)) return <that value>;` (-EINVAL for the errno style), so the caller sees an ordinary failure.",
    "Where the function has no failure value and the assertion bounds an index the following code writes through, going on would corrupt memory, so the assertion becomes BUG_ON(!cond) and kernelize warns, since an oops is severe.",
    "Otherwise it becomes WARN_ON(!cond) and the function goes on after the warning, as a program built with NDEBUG would; kernelize warns, because only a human can say what the function should do instead.",
    "In a program that defines NDEBUG the assertions were never compiled, so they are removed.",
  ].join(" "),
  docs: [
    "https://docs.kernel.org/process/deprecated.html#bug-and-bug-on",
    "https://docs.kernel.org/process/coding-style.html#use-warn-rather-than-bug",
  ],
  headers: ["linux/bug.h"],
  safety: "review",
  calls: ["assert"],
  rewrite({ call, callee, name }, ctx) {
    const condition = callArguments(call)[0];
    if (!condition) return;
    const statement = wholeStatement(call);
    if (ctx.facts.program.macros.has("NDEBUG") && statement) {
      removeStatement(ctx, statement);
      return;
    }
    const negation = negate(condition);
    if (!statement) {
      // An assert() inside an expression: WARN_ON() is an expression too.
      ctx.replace({ start: call.startIndex, end: negation.keepFrom }, `WARN_ON(${negation.prefix}`);
      for (const e of negation.edits) ctx.replace(e.target, e.text);
      ctx.replace({ start: negation.keepTo, end: call.endIndex }, `${negation.suffix})`);
      return;
    }
    // main()'s own assertions end the program there (main-assertions-end-program, phase 00): one
    // still here is inside an expression, or main() was not ported.
    const fn = ctx.facts.program.functions.enclosing(call.startIndex)?.node;
    const failure = fn && failureValue(fn);
    const layout = statementLayout(ctx, statement);
    const ks = ctx.facts.style.keywordSpace;
    for (const e of negation.edits) ctx.replace(e.target, e.text);
    if (failure !== undefined) {
      ctx.replace({ start: layout.from, end: negation.keepFrom }, `${layout.open}if${ks}(WARN_ON(${negation.prefix}`);
      ctx.replace({ start: negation.keepTo, end: statement.endIndex }, `${negation.suffix}))${layout.nested}return${failure ? ` ${failure}` : ""};${layout.close}`);
      return;
    }
    const bug = guardsWrite(statement, condition);
    ctx.replace({ start: statement.startIndex, end: negation.keepFrom }, `${bug ? "BUG_ON" : "WARN_ON"}(${negation.prefix}`);
    ctx.replace({ start: negation.keepTo, end: statement.endIndex }, `${negation.suffix});`);
    const where = fn ? `${functionName(fn)}()` : "this function";
    if (bug) {
      ctx.report("K2121", `assert() becomes BUG_ON(): ${where} has no failure value, and the code after it writes through the index it checks`, callee, {
        note: `BUG_ON() stops the thread with an oops; give ${where} a way to fail (return an error) and use \`if (WARN_ON(…)) return …;\` instead`,
      });
    } else {
      ctx.report("K2120", `assert() becomes WARN_ON(): ${where} has no failure value, so it goes on after the warning`, callee, {
        note: `decide what ${where} should do when the check fails, and return that under \`if (WARN_ON(…))\``,
      });
    }
  },
});

export interface Negation {
  /** Text that opens the negated condition, and the text after it. */
  prefix: string;
  suffix: string;
  /** The part of the user's condition kept in place. */
  keepFrom: number;
  keepTo: number;
  /** Edits inside the kept part (an inverted comparison operator). */
  edits: Array<{ target: Node; text: string }>;
}

/** The condition's negation, written with as little new text as possible: !p, i >= n, or !(…). */
export function negate(condition: Node): Negation {
  const c = unparenthesize(condition);
  const keep = { keepFrom: condition.startIndex, keepTo: condition.endIndex };
  if (c.type === "unary_expression" && c.child(0)?.type === "!") {
    const operand = unparenthesize(c.childForFieldName("argument")!);
    return { prefix: "", suffix: "", keepFrom: operand.startIndex, keepTo: operand.endIndex, edits: [] };
  }
  const operator = c.type === "binary_expression" ? c.childForFieldName("operator") : null;
  if (operator && INVERSE[operator.type] && c.id === condition.id) {
    return { prefix: "", suffix: "", ...keep, edits: [{ target: operator, text: INVERSE[operator.type]! }] };
  }
  const primary = ["identifier", "field_expression", "call_expression", "subscript_expression", "parenthesized_expression"].includes(condition.type);
  return primary ? { prefix: "!", suffix: "", ...keep, edits: [] } : { prefix: "!(", suffix: ")", ...keep, edits: [] };
}

function functionName(fn: Node): string {
  let d = fn.childForFieldName("declarator");
  while (d && d.type !== "function_declarator") d = d.childForFieldName("declarator");
  return d?.childForFieldName("declarator")?.text ?? "the function";
}

/**
 * The value the function already returns to say it failed: "" for a void function (a bare
 * return), NULL, false, -1 or -EINVAL when its body returns that kind of value somewhere;
 * undefined when it has none.
 */
function failureValue(fn: Node): string | undefined {
  const declarator = fn.childForFieldName("declarator");
  const type = canonicalIntegerType(fn.childForFieldName("type")?.text ?? "int");
  const pointer = declarator?.type === "pointer_declarator";
  if (!pointer && type === "void") return "";
  const returned = descendants(fn.childForFieldName("body")!, "return_statement")
    .map((r) => r.namedChild(0))
    .filter((v): v is Node => v !== null)
    .map((v) => unparenthesize(v));
  if (pointer) return returned.some((v) => isNullPointer(v)) ? "NULL" : undefined;
  if (type === "bool" || type === "_Bool") return returned.some((v) => v.text === "false") ? "false" : undefined;
  if (["int", "long", "long long", "short", "ssize_t", "int32_t", "int64_t", "s32", "s64"].includes(type)) {
    if (returned.some((v) => /^-\s*E[A-Z0-9]+$/.test(v.text))) return "-EINVAL";
    if (returned.some((v) => /^-\s*1$/.test(v.text))) return "-1";
  }
  return undefined;
}

/**
 * Whether the assertion bounds an index (i < n, i >= 0) that a later statement of the same block
 * writes through (a[i] = …, a[i]++): the case where going on after a failed check writes out of bounds.
 */
function guardsWrite(statement: Node, condition: Node): boolean {
  const c = unparenthesize(condition);
  const comparisons = c.type === "binary_expression" && ["&&"].includes(c.childForFieldName("operator")?.type ?? "")
    ? [c.childForFieldName("left")!, c.childForFieldName("right")!].map(unparenthesize)
    : [c];
  const bounded = new Set<string>();
  for (const cmp of comparisons) {
    if (cmp.type !== "binary_expression" || !["<", "<=", ">", ">="].includes(cmp.childForFieldName("operator")?.type ?? "")) continue;
    for (const id of [cmp, ...descendants(cmp, "identifier")]) if (id.type === "identifier") bounded.add(id.text);
  }
  if (bounded.size === 0) return false;
  for (let s = statement.nextNamedSibling; s; s = s.nextNamedSibling) {
    const writes = [
      ...descendants(s, "assignment_expression").map((a) => a.childForFieldName("left")),
      ...descendants(s, "update_expression").map((u) => u.childForFieldName("argument")),
    ];
    for (const target of writes) {
      const t = target && unparenthesize(target);
      if (t?.type !== "subscript_expression") continue;
      const index = t.childForFieldName("index")!;
      if ([index, ...descendants(index, "identifier")].some((id) => id.type === "identifier" && bounded.has(id.text))) return true;
    }
  }
  return false;
}

