// qsort() keeps its calls; the module defines it as a stable sort in place, so that elements that compare equal keep the order the C library's qsort() leaves them in.
import { defineRule } from "../core/rule.js";
import { defineWhereUsed } from "./library-definitions.js";

/*
 * The sort: insertion sort over runs of 20 elements, then runs merged pairwise, each merge done in
 * place by the symmetric merge of Kim and Kutzner (a binary search for the cut, a rotation, and the
 * two halves merged the same way), so that no memory is allocated and equal elements never pass
 * each other. O(n log n) comparisons; the rotations move elements O(n log² n) times.
 */
/** The element swap and rotation, shared by qsort() and qsort_r(). */
const SWAPS = [
  "/* qsort()'s element swap and rotation, a byte at a time: the elements' type is not known. */",
  "static void qsort_swap(char *a, char *b, size_t size)",
  "{",
  "\twhile (size--) {",
  "\t\tchar t = *a;",
  "",
  "\t\t*a++ = *b;",
  "\t\t*b++ = t;",
  "\t}",
  "}",
  "",
  "static void qsort_reverse(char *base, size_t size, size_t from, size_t to)",
  "{",
  "\twhile (from + 1 < to) {",
  "\t\tto--;",
  "\t\tqsort_swap(base + from * size, base + to * size, size);",
  "\t\tfrom++;",
  "\t}",
  "}",
  "",
  "/* [from, mid) and [mid, to) trade places, each keeping its order. */",
  "static void qsort_rotate(char *base, size_t size, size_t from, size_t mid, size_t to)",
  "{",
  "\tqsort_reverse(base, size, from, mid);",
  "\tqsort_reverse(base, size, mid, to);",
  "\tqsort_reverse(base, size, from, to);",
  "}",
  "",
].join("\n");

/**
 * The merge and the sort: qsort()'s, or qsort_r()'s (GNU's order of arguments: the comparator
 * gets `arg` as its third), the same text with the context passed along.
 */
function sortText(reentrant: boolean): string {
  const text = [  "/* Merges the sorted runs [from, mid) and [mid, to) in place; of two equal elements, the first run's comes first. */",
  "static void qsort_merge(char *base, size_t size, size_t from, size_t mid, size_t to,",
  "\t\t\tint (*cmp)(const void *, const void *))",
  "{",
  "\tsize_t half = from + (to - from) / 2, n = half + mid, lo, hi, cut;",
  "",
  "\tif (from >= mid || mid >= to)",
  "\t\treturn;",
  "\t/* Where to cut: [lo, mid) of the first run and [mid, n - lo) of the second trade places, leaving two smaller merges. */",
  "\tif (mid > half) {",
  "\t\tlo = n - to;",
  "\t\thi = half;",
  "\t} else {",
  "\t\tlo = from;",
  "\t\thi = mid;",
  "\t}",
  "\twhile (lo < hi) {",
  "\t\tcut = lo + (hi - lo) / 2;",
  "\t\tif (cmp(base + cut * size, base + (n - 1 - cut) * size) <= 0)",
  "\t\t\tlo = cut + 1;",
  "\t\telse",
  "\t\t\thi = cut;",
  "\t}",
  "\tif (lo < mid && mid < n - lo)",
  "\t\tqsort_rotate(base, size, lo, mid, n - lo);",
  "\tqsort_merge(base, size, from, lo, half, cmp);",
  "\tqsort_merge(base, size, half, n - lo, to, cmp);",
  "}",
  "",
  "/*",
  " * qsort() as glibc's runs it for the program: a stable sort, in which elements that compare",
  " * equal keep their order, asking only whether an element belongs after the next (a result above 0),",
  " * as glibc's merge does. Insertion sort on runs of 20, then the runs merged in place.",
  " */",
  "static void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))",
  "{",
  "\tchar *b = base;",
  "\tsize_t i, j, run;",
  "",
  "\tfor (i = 1; i < count; i++) {",
  "\t\tfor (j = i; j % 20 && cmp(b + (j - 1) * size, b + j * size) > 0; j--)",
  "\t\t\tqsort_swap(b + j * size, b + (j - 1) * size, size);",
  "\t}",
  "\tfor (run = 20; run < count; run *= 2) {",
  "\t\tfor (i = 0; i + run < count; i += 2 * run)",
  "\t\t\tqsort_merge(b, size, i, i + run, i + 2 * run < count ? i + 2 * run : count, cmp);",
  "\t}",
  "}",
  "",
].join("\n");
  if (!reentrant) return text;
  return text
    .replaceAll("qsort_merge(", "qsort_r_merge(")
    .replaceAll("int (*cmp)(const void *, const void *))", "int (*cmp)(const void *, const void *, void *), void *arg)")
    .replaceAll("static void qsort(", "static void qsort_r(")
    .replaceAll(", cmp);", ", cmp, arg);")
    .replace("cmp(base + cut * size, base + (n - 1 - cut) * size)", "cmp(base + cut * size, base + (n - 1 - cut) * size, arg)")
    .replace("cmp(b + (j - 1) * size, b + j * size)", "cmp(b + (j - 1) * size, b + j * size, arg)")
    .replace(" * qsort() as glibc's runs it for the program", " * qsort_r() as glibc's runs it for the program")
    .replace(" * as glibc's merge does. Insertion sort on runs of 20, then the runs merged in place.", " * as glibc's merge does; the comparator gets arg as its third argument.");
}

export default defineRule({
  id: "qsort-defined",
  summary: "qsort() and qsort_r() keep their calls; the module defines them as a stable sort in place, as glibc's qsort() sorts",
  explanation: [
    "The kernel's own sort(), in <linux/sort.h>, takes qsort()'s arguments and a comparator of the same type, but it is a heapsort: elements that compare equal come out in an order of its own. glibc's qsort() is a merge sort, which keeps them in the order they had, and programs that sort records by one key (tasks by priority, words by length) print that order.",
    "So the module keeps the program's qsort() calls and defines qsort() itself, as a stable sort that needs no memory: insertion sort over runs of 20 elements, then the runs merged pairwise in place (a binary search finds where two runs cut, a rotation swaps the middle parts, and each half is merged the same way). Equal elements never pass each other, and the sort only ever asks whether an element belongs after the one that follows it (the comparator's result above 0), as glibc's merge does, so every comparator gives the order glibc gives, one that answers only 0 or 1 (`return a > b;`) too; it takes O(n log n) comparisons, never allocates, so it cannot fail, and recurses only as deep as the logarithm of the count.",
    "qsort_r(), GNU's qsort() whose comparator takes a third argument passed through (the kernel's sort_r() has it too, and is a heapsort as well), is defined the same way.",
    "Elements are swapped a byte at a time, since their type is not known; for a program that sorts millions of elements, sort() would be faster, and the port's long-loop rule gives the loops a scheduling point.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/kernel-api.html#c.sort", "https://en.cppreference.com/w/c/algorithm/qsort"],
  headers: [],
  safety: "safe",
  handles: ["qsort", "qsort_r"],
  run(ctx) {
    const definitions = [
      { functions: ["qsort", "qsort_r"], text: SWAPS },
      { functions: ["qsort"], text: sortText(false) },
      { functions: ["qsort_r"], text: sortText(true) },
    ];
    if (defineWhereUsed(ctx, definitions)) ctx.use();
  },
});
