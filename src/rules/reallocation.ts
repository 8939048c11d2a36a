// Checks realloc() and reallocarray() share: a result assigned back over the old pointer, an ignored result, a size of zero.
import type { Node } from "../core/syntax-tree.js";
import type { RuleContext } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";

/** The call with the parentheses and casts around it: `(T *)realloc(…)` is used where the cast is. */
function outermost(call: Node): Node {
  let n = call;
  while (n.parent && (n.parent.type === "parenthesized_expression" || n.parent.type === "cast_expression")) n = n.parent;
  return n;
}

function stripped(node: Node): string {
  let n = unparenthesize(node);
  while (n.type === "cast_expression") n = unparenthesize(n.childForFieldName("value") ?? n);
  return n.text.replace(/\s+/g, "");
}

/**
 * Reports the three ways a reallocation goes wrong in a module: `p = realloc(p, n)` loses the
 * only pointer to the old block when the call fails, an ignored result uses a block that may have
 * moved (and krealloc() is __must_check, so the build warns), and a size of zero frees the block
 * but returns ZERO_SIZE_PTR instead of NULL.
 */
export function checkReallocation(ctx: RuleContext, call: Node, name: string, kernelName: string): void {
  const [pointer, ...sizes] = callArguments(call);
  const use = outermost(call);
  const parent = use.parent;
  if (parent?.type === "expression_statement") {
    ctx.report("K2002", `the result of ${name}() is ignored: the block may have moved, and the old pointer may no longer be valid`, call, {
      note: `${kernelName}() is declared __must_check; assign its result to a temporary, check it for NULL, then replace the old pointer`,
    });
  } else if (
    pointer &&
    parent?.type === "assignment_expression" &&
    parent.childForFieldName("operator")?.text === "=" &&
    parent.childForFieldName("right")?.id === use.id &&
    stripped(parent.childForFieldName("left")!) === stripped(pointer)
  ) {
    const target = parent.childForFieldName("left")!.text;
    ctx.report("K2001", `${name}()'s result is assigned straight back to ${target}: when it fails, the old block is lost and leaks`, call, {
      note: `keep the old pointer until the call succeeds: tmp = ${kernelName}(${target}, …); if (!tmp) { /* ${target} is still valid: free it or keep using it */ } ${target} = tmp;`,
    });
  }
  if (sizes.some((s) => /^0+[uUlL]*$/.test(unparenthesize(s).text))) {
    ctx.report("K2003", `${name}() with a size of zero frees the block; ${kernelName}() frees it too but returns ZERO_SIZE_PTR, not NULL`, call, {
      note: "free the block with kfree() where the program means to free it, so that no check for NULL depends on the size",
    });
  }
}
