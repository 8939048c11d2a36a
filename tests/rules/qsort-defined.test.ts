import { describe, expect, it } from "vitest";
import rule from "../../src/rules/qsort-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("qsort-defined", () => {
  it("keeps the call and defines qsort() above the first function that uses it", async () => {
    const code = "void f(int *v, int n)\n{\n\tqsort(v, n, sizeof(*v), cmp_int);\n}\n";
    const r = await runRule(rule, code);
    expect(r.output!.startsWith("/* qsort()'s element swap and rotation")).toBe(true);
    expect(r.output).toContain("static void qsort(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *))\n{\n");
    expect(r.output).not.toContain("sort(v, n, sizeof(*v), cmp_int, NULL)");
    expect(r.output!.endsWith(code)).toBe(true);
  });
  it("leaves the program's own qsort() alone", () =>
    checkCase(rule, { code: "static void qsort(int *v, int n) { }\nvoid f(int *v) { qsort(v, 3); }\n", unchanged: true }));
  it("ports a whole program that sorts records by one key, with no header for a kernel sort", async () => {
    const r = await runAll(
      '#include <stdio.h>\n#include <stdlib.h>\n\nstruct t { int key; char name; };\n\nstatic int by_key(const void *a, const void *b)\n{\n\treturn ((const struct t *)a)->key - ((const struct t *)b)->key;\n}\n\nint main(void)\n{\n\tstruct t v[] = { { 2, \'a\' }, { 1, \'b\' }, { 2, \'c\' } };\n\n\tqsort(v, 3, sizeof(v[0]), by_key);\n\tprintf("%c%c%c\\n", v[0].name, v[1].name, v[2].name);\n\treturn 0;\n}\n',
      { name: "sorts" },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("linux/sort.h");
    expect(r.output).toContain("\tqsort(v, 3, sizeof(v[0]), by_key);\n");
  });
  it("defines qsort_r() with the context passed to every comparison, and shares the swaps with qsort()", async () => {
    const r = await runRule(rule, "void f(int *v, int n, int *dir)\n{\n\tqsort_r(v, n, sizeof(*v), cmp_dir, dir);\n\tqsort(v, n, sizeof(*v), cmp_int);\n}\n");
    const out = r.output!;
    expect(out).toContain("static void qsort_r(void *base, size_t count, size_t size, int (*cmp)(const void *, const void *, void *), void *arg)\n{\n");
    expect(out).toContain("\t\tfor (j = i; j % 20 && cmp(b + (j - 1) * size, b + j * size, arg) > 0; j--)\n");
    expect(out).toContain("\t\tif (cmp(base + cut * size, base + (n - 1 - cut) * size, arg) <= 0)\n");
    expect(out).toContain("\tqsort_r_merge(base, size, from, lo, half, cmp, arg);\n");
    expect(out).toContain("\t\t\tqsort_r_merge(b, size, i, i + run, i + 2 * run < count ? i + 2 * run : count, cmp, arg);\n");
    // Every comparison in qsort_r()'s text passes the context; qsort()'s passes none.
    const reentrant = out.slice(out.indexOf("static void qsort_r_merge"), out.indexOf("static void qsort_r(") + 2000);
    const comparisons = reentrant.match(/\bcmp\(.*\) [<>]=? 0/g)!;
    expect(comparisons).toHaveLength(2);
    expect(comparisons.every((c) => c.endsWith(", arg) > 0") || c.endsWith(", arg) <= 0"))).toBe(true);
    expect(out.match(/static void qsort_swap\(/g)).toHaveLength(1);
  });
  it("sorts with a comparator that answers only 0 or 1 (a > b), as glibc's merge does: it asks only cmp() > 0", async () => {
    const r = await runRule(rule, "void f(int *v, int n)\n{\n\tqsort(v, n, sizeof(*v), gt);\n}\n");
    expect(r.output.match(/\bcmp\([^;]*\) (?:[<>]=?) 0/g)).toEqual(["cmp(base + cut * size, base + (n - 1 - cut) * size) <= 0", "cmp(b + (j - 1) * size, b + j * size) > 0"]);
  });
});
