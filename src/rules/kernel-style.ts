// What the kernel style changes beyond layout, shared by the rules that write it.
import type { Node } from "web-tree-sitter";
import { LIBC_ALLOCATORS } from "../analysis/resources.js";
import type { RuleContext } from "../core/rule.js";
import type { PortTarget } from "../core/target.js";
import { calleeName, unparenthesize } from "../core/syntax.js";
import { isNullPointer } from "./statements.js";

export function kernelStyle(ctx: RuleContext): boolean {
  return ctx.facts.target.style === "kernel";
}

/** For `appliesTo`: rules that only the kernel style runs. */
export function kernelStyleOnly(target: PortTarget): boolean {
  return target.style === "kernel";
}

/**
 * Whether an `if` tests the pointer the statement right before it got from an allocator
 * (`p = malloc(n); if (!p) …`). The kernel's allocators already log a failure with a stack
 * trace, so checkpatch asks for no message of one's own there (OOM_MESSAGE), and the kernel
 * style leaves the program's message out.
 */
export function checksFreshAllocation(ifStatement: Node): boolean {
  const condition = ifStatement.childForFieldName("condition");
  const tested = condition ? testedForNull(unparenthesize(condition)) : undefined;
  const previous = ifStatement.previousNamedSibling;
  if (!tested || !previous) return false;
  const value = assignedValue(previous, tested);
  if (!value) return false;
  let v = unparenthesize(value);
  if (v.type === "cast_expression") v = unparenthesize(v.childForFieldName("value")!);
  return v.type === "call_expression" && LIBC_ALLOCATORS.has(calleeName(v) ?? "");
}

/** `!p`, `p == NULL`, `NULL == p`: the text of p. */
function testedForNull(condition: Node): string | undefined {
  if (condition.type === "unary_expression" && condition.childForFieldName("operator")?.text === "!") {
    return unparenthesize(condition.childForFieldName("argument")!).text;
  }
  if (condition.type === "binary_expression" && condition.childForFieldName("operator")?.text === "==") {
    const left = unparenthesize(condition.childForFieldName("left")!);
    const right = unparenthesize(condition.childForFieldName("right")!);
    if (isNullPointer(right)) return left.text;
    if (isNullPointer(left)) return right.text;
  }
  return undefined;
}

/** The value `statement` gives `target`: `T *p = v;` or `p = v;`. */
function assignedValue(statement: Node, target: string): Node | undefined {
  if (statement.type === "declaration") {
    for (const d of statement.childrenForFieldName("declarator")) {
      if (d?.type !== "init_declarator") continue;
      const name = d.childForFieldName("declarator");
      const plain = name?.text.replace(/^[\s*]+/, "");
      if (plain === target) return d.childForFieldName("value") ?? undefined;
    }
    return undefined;
  }
  if (statement.type === "expression_statement") {
    const e = statement.namedChild(0);
    if (e?.type === "assignment_expression" && e.childForFieldName("operator")?.text === "=" && e.childForFieldName("left")?.text === target) {
      return e.childForFieldName("right") ?? undefined;
    }
  }
  return undefined;
}
