// bsearch() keeps its name and its arguments: <linux/bsearch.h> has the same function.
import { defineRule } from "../core/rule.js";

export default defineRule({
  id: "bsearch-kept",
  summary: "bsearch(key, base, n, size, cmp) stays as it is",
  explanation: [
    "The kernel's bsearch() in <linux/bsearch.h> takes the C library's five arguments in the same order (key, base, number of elements, element size, comparison) and returns a pointer to a matching element or NULL.",
    "The comparison is called as cmp(key, element), as in C, so the program's comparator works unchanged. The array must be sorted by the same comparison, as in C.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/lib/bsearch.c"],
  headers: ["linux/bsearch.h"],
  safety: "safe",
  calls: ["bsearch"],
  rewrite({ name }, ctx) {
    ctx.use();
  },
});
