// malloc(n) becomes kmalloc(n, GFP_KERNEL), or kvmalloc() where n may be more than kmalloc() can serve.
import { allocationSizes, KMALLOC_MAX_SIZE, KV_GFP } from "../analysis/allocation-sizes.js";
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";
import { reportImpossible } from "./free-to-kfree.js";

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
    ctx.replace(callee, kv ? "kvmalloc" : "kmalloc");
    appendArgument(ctx, call, kv ? KV_GFP : gfp);
  },
});
