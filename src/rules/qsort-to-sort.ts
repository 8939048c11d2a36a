// qsort(base, n, size, cmp) becomes sort(base, n, size, cmp, NULL): the kernel's heapsort, with its own swap.
import { defineRule } from "../core/rule.js";
import { appendArgument } from "./calls.js";

export default defineRule({
  id: "qsort-to-sort",
  summary: "qsort(base, n, size, cmp) becomes sort(base, n, size, cmp, NULL)",
  explanation: [
    "The kernel's sort() in <linux/sort.h> takes qsort()'s four arguments in the same order, and the comparison function has the same type, int (*)(const void *, const void *), so the program's comparator is reused unchanged.",
    "Its fifth argument is a swap function; NULL lets sort() pick a generic one that swaps 4 or 8 bytes at a time when the elements are aligned for it.",
    "sort() is a heapsort: it never allocates, never recurses, and takes O(n log n) time in the worst case, which is what kernel code needs. Like qsort() it is not stable: elements that compare equal may end up in another order than glibc's qsort() left them in (glibc uses a merge sort that, in practice, keeps them in order), so a program that relied on that order sees a difference.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.sort"],
  headers: ["linux/sort.h"],
  safety: "safe",
  calls: ["qsort"],
  rewrite({ call, callee, name }, ctx) {
    ctx.replace(callee, "sort");
    appendArgument(ctx, call, "NULL");
  },
});
