// calloc(n, size) becomes kcalloc(n, size, GFP_KERNEL), or kzalloc(size, GFP_KERNEL) for one element; kvcalloc()/kvzalloc() where the total may pass kmalloc()'s limit.
import { allocationSizes, KV_GFP } from "../analysis/allocation-sizes.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { appendArgument } from "./calls.js";
import { reportImpossible } from "./free-to-kfree.js";

export default defineRule({
  id: "calloc-to-kcalloc",
  summary: "calloc(n, size) becomes kcalloc(n, size, GFP_KERNEL); calloc(1, size) becomes kzalloc(size, GFP_KERNEL); kvcalloc()/kvzalloc() where the total may pass 4 MiB",
  explanation: [
    "kcalloc() is the kernel's calloc(): zeroed memory for an array from the slab allocator, with the GFP flags kmalloc() takes (GFP_KERNEL in process context, such as module init and what it calls, where the allocator may sleep to find memory).",
    "Like calloc(), it checks that n * size does not overflow and returns NULL when it would, so a count that comes from outside cannot wrap into a short buffer.",
    "A single element has nothing to overflow, and kzalloc(size) is how kernel code says \"one zeroed object\".",
    "One difference: a request for zero bytes returns ZERO_SIZE_PTR, which is not NULL but faults on any access, where glibc returns a unique pointer; the memory is freed with kfree().",
    "Where n * size may be more than kmalloc() can give (4 MiB on x86-64), the call is kvcalloc() (kvzalloc() for one element), which falls back to vmalloc(), with the flags malloc-to-kmalloc explains, and its memory is freed with kvfree().",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/core-api/mm-api.html#c.kcalloc", "https://docs.kernel.org/core-api/mm-api.html#c.kzalloc", "https://docs.kernel.org/core-api/mm-api.html#c.kvmalloc_node"],
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["calloc"],
  rewrite({ callee, call }, ctx) {
    const sizes = allocationSizes(ctx.facts.program);
    if (sizes.impossible(call)) return reportImpossible(ctx, call);
    const gfp = ctx.gfpFor(call).flag;
    const kv = gfp === "GFP_KERNEL" && sizes.needsKv(call);
    const [count, size] = callArguments(call);
    if (count && size && /^1[uUlL]*$/.test(unparenthesize(count).text)) {
      ctx.replace(callee, kv ? "kvzalloc" : "kzalloc");
      ctx.remove({ start: count.startIndex, end: size.startIndex });
    } else {
      ctx.replace(callee, kv ? "kvcalloc" : "kcalloc");
    }
    appendArgument(ctx, call, kv ? KV_GFP : gfp);
  },
});
