// malloc(n) becomes kmalloc(n, GFP_KERNEL): the kernel's allocator needs to know whether it may sleep.
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";

export default defineRule({
  id: "malloc-to-kmalloc",
  summary: "malloc(n) becomes kmalloc(n, GFP_KERNEL)",
  explanation: [
    "The kernel has no malloc(); kmalloc() hands out physically contiguous memory from the slab allocator.",
    "Its second argument, the GFP flags (\"get free pages\"), tells the allocator what it may do to find memory.",
    "GFP_KERNEL lets it sleep, waiting for memory to be reclaimed, which is allowed only in process context: code running on behalf of a process, like module init called from insmod.",
    "Code that must not sleep (holding a spinlock, in an interrupt) would use GFP_ATOMIC instead, which fails sooner.",
    "Like malloc(), kmalloc() returns NULL on failure, so the program's checks still hold.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/core-api/mm-api.html#c.kmalloc"],
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["malloc"],
  rewrite({ callee, call }, ctx) {
    ctx.replace(callee, "kmalloc");
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
