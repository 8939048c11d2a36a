// strndup(s, n) becomes kstrndup(s, n, GFP_KERNEL): the same bounded copy, from the kernel's allocator.
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";

export default defineRule({
  id: "strndup-to-kstrndup",
  summary: "strndup(s, n) becomes kstrndup(s, n, GFP_KERNEL)",
  explanation: [
    "kstrndup() copies at most n characters of a string, always adding the terminating NUL, exactly as strndup() does; the copy comes from kmalloc(), so it takes GFP flags and is freed with kfree().",
    "GFP_KERNEL lets the allocator sleep to find memory, which is allowed in process context: module init and the functions it calls run on behalf of the insmod process.",
    "It returns NULL when the allocation fails, so the program's checks carry over; unlike strndup(), it also returns NULL (rather than crashing) when given a NULL string.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.kstrndup", "https://docs.kernel.org/core-api/memory-allocation.html"],
  headers: ["linux/string.h", "linux/slab.h"],
  safety: "safe",
  topics: ["gfp-flags-and-context"],
  calls: ["strndup"],
  rewrite({ callee, call }, ctx) {
    ctx.replace(callee, "kstrndup");
    appendArgument(ctx, call, ctx.gfpFor(call).flag);
  },
});
