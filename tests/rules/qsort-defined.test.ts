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
});
