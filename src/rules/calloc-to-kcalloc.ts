// calloc(n, size) becomes kcalloc(n, size, GFP_KERNEL), or kzalloc(size, GFP_KERNEL) for one element.
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { appendArgument } from "./calls.js";

export default defineRule({
  id: "calloc-to-kcalloc",
  summary: "calloc(n, size) becomes kcalloc(n, size, GFP_KERNEL); calloc(1, size) becomes kzalloc(size, GFP_KERNEL)",
  explanation: [
    "kcalloc() is the kernel's calloc(): zeroed memory for an array from the slab allocator, with the GFP flags kmalloc() takes (GFP_KERNEL in process context, such as module init and what it calls, where the allocator may sleep to find memory).",
    "Like calloc(), it checks that n * size does not overflow and returns NULL when it would, so a count that comes from outside cannot wrap into a short buffer.",
    "A single element has nothing to overflow, and kzalloc(size) is how kernel code says \"one zeroed object\".",
    "One difference: a request for zero bytes returns ZERO_SIZE_PTR, which is not NULL but faults on any access, where glibc returns a unique pointer; the memory is freed with kfree().",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/core-api/mm-api.html#c.kcalloc", "https://docs.kernel.org/core-api/mm-api.html#c.kzalloc"],
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["calloc"],
  rewrite({ callee, call }, ctx) {
    const [count, size] = callArguments(call);
    if (count && size && /^1[uUlL]*$/.test(unparenthesize(count).text)) {
      ctx.replace(callee, "kzalloc");
      ctx.remove({ start: count.startIndex, end: size.startIndex });
    } else {
      ctx.replace(callee, "kcalloc");
    }
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
