// free(p) becomes kfree(p): memory from kmalloc() and friends goes back to the slab allocator.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "free-to-kfree",
  summary: "free(p) becomes kfree(p)",
  explanation: [
    "Memory from kmalloc(), kstrdup() and the other k*alloc() functions is returned with kfree().",
    "Like free(), kfree(NULL) does nothing, so cleanup paths that may see a NULL pointer stay correct.",
    "In the kernel a missed kfree() is not cleaned up when the module goes away: the memory stays lost until reboot.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/mm-api.html#c.kfree"],
  headers: ["linux/slab.h"],
  safety: "safe",
  calls: ["free"],
  rewrite({ callee }, ctx) {
    ctx.replace(callee, "kfree");
  },
});
