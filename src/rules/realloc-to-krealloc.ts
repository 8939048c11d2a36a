// realloc(p, n) becomes krealloc(p, n, GFP_KERNEL): the same resize, with a warning where a failure would leak.
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";
import { checkReallocation } from "./reallocation.js";

export default defineRule({
  id: "realloc-to-krealloc",
  summary: "realloc(p, n) becomes krealloc(p, n, GFP_KERNEL)",
  explanation: [
    "krealloc() resizes a block from kmalloc() the way realloc() resizes one from malloc(): it returns the block with the new size, moved if needed with the old contents copied, and krealloc(NULL, n) is kmalloc(n).",
    "On failure it returns NULL and leaves the old block untouched, so the leak-safe pattern (the result into a temporary, checked, then stored over the old pointer) carries over unchanged; `p = realloc(p, n)` does not, because the failure overwrites the only pointer to the old block, and in a module that memory is lost until reboot, so it is ported but reported.",
    "Behavioural differences: growing does not zero the new part, as with realloc(); a new size of zero frees the block and returns ZERO_SIZE_PTR rather than NULL; and the block must come from the kmalloc() family.",
    "The GFP flag is GFP_KERNEL where the resize runs in process context (module init and what it calls), where the allocator may sleep to find memory.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/mm-api.html#c.krealloc", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: ["linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["realloc"],
  rewrite({ callee, call }, ctx) {
    checkReallocation(ctx, call, "realloc", "krealloc");
    ctx.replace(callee, "krealloc");
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
