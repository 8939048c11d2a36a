// strdup(s) becomes kstrdup(s, GFP_KERNEL): the same copy, from the kernel's allocator.
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";

export default defineRule({
  id: "strdup-to-kstrdup",
  summary: "strdup(s) becomes kstrdup(s, GFP_KERNEL)",
  explanation: [
    "kstrdup() copies a NUL-terminated string into memory from kmalloc(), so it takes the same GFP flags kmalloc() does and is freed with kfree().",
    "GFP_KERNEL is right here because the copy is made in process context, where the allocator may sleep.",
    "It returns NULL when the allocation fails, exactly as strdup() does, so the program's checks carry over unchanged.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.kstrdup", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: ["linux/string.h", "linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["strdup"],
  rewrite({ callee, call }, ctx) {
    ctx.replace(callee, "kstrdup");
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
