// reallocarray(p, n, size) becomes krealloc_array(p, n, size, GFP_KERNEL): a resize that refuses a count that overflows.
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";
import { appendArgument } from "./calls.js";
import { checkReallocation } from "./reallocation.js";

export default defineRule({
  id: "reallocarray-to-krealloc-array",
  summary: "reallocarray(p, n, size) becomes krealloc_array(p, n, size, GFP_KERNEL)",
  explanation: [
    "krealloc_array() (in <linux/slab.h> since Linux 5.12) is to krealloc() what reallocarray() is to realloc(): it computes n * size with check_mul_overflow() and returns NULL, leaving the old array untouched, when the product does not fit in a size_t, so a growing count cannot wrap around into a short buffer.",
    "Otherwise it is krealloc(): the array keeps its contents and may move, the grown part is not zeroed, and on failure the old array is still valid, so a result stored in a temporary and checked before it replaces the old pointer is the leak-safe pattern; assigning the result straight back is ported but reported.",
    "For a kernel older than 5.12 (--kernel 5.10, say) the call becomes krealloc(p, array_size(n, size), …) instead: array_size() (<linux/overflow.h>) gives SIZE_MAX when the product overflows, which no allocation can satisfy, so the resize fails the same way.",
    "GFP_KERNEL is used where the resize runs in process context (module init and what it calls), where the allocator may sleep.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/mm-api.html#c.krealloc_array", "https://docs.kernel.org/core-api/memory-allocation.html"],
  // array_size() comes with linux/slab.h, which includes linux/overflow.h.
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["reallocarray"],
  rewrite({ callee, call }, ctx) {
    const has = kernelHas(ctx.facts.target.kernel, "krealloc_array");
    checkReallocation(ctx, call, "reallocarray", has ? "krealloc_array" : "krealloc");
    const args = callArguments(call);
    if (!has && args.length === 3) {
      ctx.replace(callee, "krealloc");
      ctx.replace({ start: args[1]!.startIndex, end: args[2]!.endIndex }, `array_size(${args[1]!.text}, ${args[2]!.text})`);
    } else {
      ctx.replace(callee, "krealloc_array");
    }
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
