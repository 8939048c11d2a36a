import { describe, expect, it } from "vitest";
import rule from "../../src/rules/variable-length-array-declarations-split.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("variable-length-array-declarations-split", () => {
  it("writes a declaration of several variables, one an array of a run-time size, as one declaration each, in order", () =>
    checkCase(rule, {
      code: "static void f(int n)\n{\n\tunsigned int k = n * 2, dist[k], *p = 0;\n\n\tdist[0] = k;\n\tuse(dist, p);\n}\n",
      output: "static void f(int n)\n{\n\tunsigned int k = n * 2;\n\tunsigned int dist[k];\n\tunsigned int *p = 0;\n\n\tdist[0] = k;\n\tuse(dist, p);\n}\n",
    }));
  it("leaves constant sizes, a single declarator, a type defined in the declaration, a typedef, a comment inside, a for's initializer and file scope alone", () =>
    checkCase(rule, {
      code: "int g1[4], g2[4];\nstatic void f(int n)\n{\n\tint a[4], b[8];\n\tint c[n];\n\tstruct { int x; } d[n], e[n];\n\ttypedef int row[n], col[n];\n\tint h[n], /* why */ i[n];\n\n\tfor (int j[n], k = 0; k < 1; k++)\n\t\tuse(a, b, c, d, e, h, i, j);\n}\n",
      unchanged: true,
    }));
  it("ports both arrays to the heap, and an array after the first declarator is no longer left on the stack", async () => {
    const both = await runAll("#include <stdio.h>\nstatic int total(int n)\n{\n\tint dist[n], seen[n];\n\tint i, sum = 0;\n\n\tfor (i = 0; i < n; i++) {\n\t\tdist[i] = i;\n\t\tseen[i] = i % 2;\n\t}\n\tfor (i = 0; i < n; i++)\n\t\tsum += seen[i] ? dist[i] : 0;\n\treturn sum;\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", total(10));\n\treturn 0;\n}\n");
    expect(both.diagnostics.map((d) => d.code)).not.toContain("K3009");
    expect(both.output).toContain("\tint *dist = kvcalloc(n, sizeof(*dist), GFP_KERNEL");
    expect(both.output).toContain("\tint *seen = kvcalloc(n, sizeof(*seen), GFP_KERNEL");
    expect(both.output).toContain("\tkvfree(seen);\n\tkvfree(dist);\n\treturn sum;\n");
    const later = await runAll("#include <stdio.h>\nstatic int first(int n)\n{\n\tint k = n, v[k];\n\n\tv[0] = k;\n\treturn v[0];\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", first(3));\n\treturn 0;\n}\n");
    expect(later.output).toContain("\tint k = n;\n\tint *v = kvcalloc(k, sizeof(*v), GFP_KERNEL");
    expect(later.output).not.toMatch(/v\[k\]/);
    // One that cannot be split or moved (its type is defined in the declaration) is refused, not left on the stack.
    const kept = await runAll("#include <stdio.h>\nint main(void)\n{\n\tint n = 2;\n\tstruct { int x; } a, b[n];\n\n\tb[0].x = 1;\n\ta.x = b[0].x;\n\tprintf(\"%d\\n\", a.x);\n\treturn 0;\n}\n");
    expect(kept.diagnostics.filter((d) => d.code === "K3009").map((d) => d.message)).toContain("array 'b[n]' has a size known only at run time (a variable-length array)");
    // An array of pointers after the first declarator is found too, and refused, not left on the stack.
    const pointers = await runAll("#include <stdio.h>\nint main(void)\n{\n\tint n = 2;\n\tchar *s = \"a\", *parts[n];\n\n\tparts[0] = s;\n\tprintf(\"%s\\n\", parts[0]);\n\treturn 0;\n}\n");
    expect(pointers.diagnostics.filter((d) => d.code === "K3009").map((d) => d.message)).toContain("array 'parts[n]' has a size known only at run time (a variable-length array)");
  });
  it("splits a declaration with a large constant array where the frame passes the kernel's limit, and leaves one where it does not", () =>
    checkCase(rule, {
      code: "static int f(void)\n{\n\tint dist[16][32], q[512], head = 0;\n\n\treturn use(dist, q, head);\n}\nstatic int g(void)\n{\n\tint small[64], n = 0;\n\n\treturn use(small, n);\n}\n",
      output: "static int f(void)\n{\n\tint dist[16][32];\n\tint q[512];\n\tint head = 0;\n\n\treturn use(dist, q, head);\n}\nstatic int g(void)\n{\n\tint small[64], n = 0;\n\n\treturn use(small, n);\n}\n",
    }));
  it("splits a declaration whose values call a function that can end the program before its last declarator, and leaves one that calls it last", () =>
    checkCase(rule, {
      code: "static int *make(int n)\n{\n\tint *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\nint f(void)\n{\n\tint *a = make(4), *b = make(8), n = 2;\n\tint k = 1, *c = make(2);\n\n\treturn use(a, b, c, n, k);\n}\n",
      output: "static int *make(int n)\n{\n\tint *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\nint f(void)\n{\n\tint *a = make(4);\n\tint *b = make(8);\n\tint n = 2;\n\tint k = 1, *c = make(2);\n\n\treturn use(a, b, c, n, k);\n}\n",
    }));
});
