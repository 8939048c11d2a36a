// malloc(n) becomes kmalloc(n, GFP_KERNEL), or kvmalloc() where n may be more than kmalloc() can serve.
import type { Node } from "../core/syntax-tree.js";
import { allocationSizes, KMALLOC_MAX_SIZE, KV_GFP } from "../analysis/allocation-sizes.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { appendArgument } from "./calls.js";
import { reportImpossible } from "./free-to-kfree.js";
import { kernelStyle } from "./kernel-style.js";

export default defineRule({
  id: "malloc-to-kmalloc",
  summary: "malloc(n) becomes kmalloc(n, GFP_KERNEL); kvmalloc(n, …) where n may pass kmalloc()'s 4 MiB limit",
  explanation: [
    "The kernel has no malloc(); kmalloc() hands out physically contiguous memory from the slab allocator.",
    "Its second argument, the GFP flags (\"get free pages\"), tells the allocator what it may do to find memory.",
    "GFP_KERNEL lets it sleep, waiting for memory to be reclaimed, which is allowed only in process context: code running on behalf of a process, like module init called from insmod.",
    "Code that must not sleep (holding a spinlock, in an interrupt) would use GFP_ATOMIC instead, which fails sooner.",
    "Like malloc(), kmalloc() returns NULL on failure, so the program's checks still hold.",
    `kmalloc() cannot give more than KMALLOC_MAX_SIZE (${KMALLOC_MAX_SIZE / 1024 / 1024} MiB on x86-64: one block of 2^(MAX_ORDER-1) pages), and asking for more WARNs; where the size may be larger (a constant above it, or a size computed at run time), the port calls kvmalloc(), which tries kmalloc() and falls back to vmalloc(), and its memory is freed with kvfree().`,
    "Those calls take __GFP_RETRY_MAYFAIL, so that a request the machine cannot meet fails instead of waking the OOM killer against other processes, and __GFP_NOWARN, since the program handles the NULL itself; a size above INT_MAX, which kvmalloc() refuses on every machine, is an error.",
    "In the kernel style, a size written as a count times a sizeof becomes kmalloc_array(count, sizeof(…)) (kvmalloc_array() for the large kind), as checkpatch asks: the same memory, except that a product that would overflow size_t returns NULL instead of a block smaller than the program meant to write.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/core-api/mm-api.html#c.kmalloc", "https://docs.kernel.org/core-api/mm-api.html#c.kvmalloc_node"],
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["malloc"],
  rewrite({ callee, call }, ctx) {
    const sizes = allocationSizes(ctx.facts.program);
    if (sizes.impossible(call)) return reportImpossible(ctx, call);
    const gfp = ctx.gfpFor(call).flag;
    const kv = gfp === "GFP_KERNEL" && sizes.needsKv(call);
    const array = kernelStyle(ctx) && arrayProduct(ctx, call);
    ctx.replace(callee, `${kv ? "kvmalloc" : "kmalloc"}${array ? "_array" : ""}`);
    appendArgument(ctx, call, kv ? KV_GFP : gfp);
  },
});

/**
 * Where malloc()'s one argument is `count * sizeof(…)` (either way round, in parentheses or not),
 * rewrites it as the two arguments `count, sizeof(…)` and says so. Constants (a number, an
 * upper-case name) times a sizeof are left as a product: nothing there can overflow at run time.
 */
function arrayProduct(ctx: RuleContext, call: Node): boolean {
  const [argument] = callArguments(call);
  if (!argument) return false;
  const product = unparenthesize(argument);
  if (product.type !== "binary_expression" || product.childForFieldName("operator")?.type !== "*") return false;
  const left = product.childForFieldName("left");
  const right = product.childForFieldName("right");
  if (!left || !right) return false;
  const isSizeof = (n: Node) => unparenthesize(n).type === "sizeof_expression";
  if (isSizeof(left) === isSizeof(right)) return false;
  const [count, size] = isSizeof(left) ? [right, left] : [left, right];
  if (/^(?:\d\w*|[A-Z_][A-Z0-9_]*)$/.test(unparenthesize(count).text)) return false;
  if (count !== left && ctx.claimed(size.startIndex, size.endIndex)) return false;
  // The product's own parentheses would turn the two arguments into a comma expression.
  for (let n: Node = product; n.id !== argument.id; n = n.parent!) {
    ctx.remove({ start: n.parent!.startIndex, end: n.parent!.startIndex + 1 });
    ctx.remove({ start: n.parent!.endIndex - 1, end: n.parent!.endIndex });
  }
  if (count === left) {
    ctx.replace({ start: left.endIndex, end: right.startIndex }, ", ");
  } else {
    ctx.remove({ start: left.startIndex, end: right.startIndex });
    ctx.insert(right.endIndex, `, ${size.text}`);
  }
  return true;
}
