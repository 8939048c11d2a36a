// free(p) becomes kfree(p), or kvfree(p) in a program some of whose memory comes from kvmalloc().
import type { Node } from "../core/syntax-tree.js";
import { allocationSizes, KVMALLOC_MAX_SIZE } from "../analysis/allocation-sizes.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

export default defineRule({
  id: "free-to-kfree",
  summary: "free(p) becomes kfree(p); kvfree(p) where any of the program's memory comes from kvmalloc()",
  explanation: [
    "Memory from kmalloc(), kstrdup() and the other k*alloc() functions is returned with kfree().",
    "Like free(), kfree(NULL) does nothing, so cleanup paths that may see a NULL pointer stay correct.",
    "In the kernel a missed kfree() is not cleaned up when the module goes away: the memory stays lost until reboot.",
    "Memory from kvmalloc() may be vmalloc()'d, which kfree() cannot release; kvfree() releases both kinds (it asks which one the address is). A pointer can carry memory from one allocation into any free of the program (through a helper, a structure, a list), so where some allocation takes kvmalloc(), every free() becomes kvfree(): correct for every pointer, whichever allocator it came from.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/mm-api.html#c.kfree", "https://docs.kernel.org/core-api/mm-api.html#c.kvfree"],
  headers: ["linux/slab.h"],
  safety: "safe",
  calls: ["free"],
  rewrite({ callee }, ctx) {
    ctx.replace(callee, allocationSizes(ctx.facts.program).anyKv ? "kvfree" : "kfree");
  },
});

/** An allocation larger than kvmalloc() gives on any machine: the port cannot keep it. */
export function reportImpossible(ctx: RuleContext, call: Node): void {
  const size = callArguments(call).map((a) => a.text).join(" * ");
  ctx.report("K2004", `${call.childForFieldName("function")?.text}() of ${size} bytes asks for more than any kernel allocator gives`, call, {
    note: `kvmalloc() refuses sizes above INT_MAX (${KVMALLOC_MAX_SIZE}) on every machine; allocate less, or in pieces`,
  });
}
