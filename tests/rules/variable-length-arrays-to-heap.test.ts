import { describe, expect, it } from "vitest";
import rule from "../../src/rules/variable-length-arrays-to-heap.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("variable-length-arrays-to-heap", () => {
  it("allocates the array where it was declared, tests it and frees it at the end", () =>
    checkCase(rule, {
      code: 'int main(void)\n{\n\tchar *src = "abc";\n\tchar dst[strlen(src) + 1];\n\n\tstrcpy(dst, src);\n\tputs(dst);\n}\n',
      output: 'int main(void)\n{\n\tchar *src = "abc";\n\tchar *dst = calloc(strlen(src) + 1, sizeof(*dst));\n\n\tif (!dst)\n\t\texit(EXIT_FAILURE);\n\tstrcpy(dst, src);\n\tputs(dst);\n\tfree(dst);\n}\n',
    }));
  it("finds the array after subscripts and a bracket in a string earlier in the function", () =>
    checkCase(rule, {
      code: 'static int f(int n, const int *v)\n{\n\tint first = v[0] + "[x]"[1];\n\tint w[n];\n\n\tw[0] = first;\n\treturn w[0];\n}\n',
      output: 'static int f(int n, const int *v)\n{\n\tint first = v[0] + "[x]"[1];\n\tint *w = calloc(n, sizeof(*w));\n\tint ret;\n\n\tif (!w)\n\t\texit(EXIT_FAILURE);\n\tw[0] = first;\n\tret = w[0];\n\tfree(w);\n\treturn ret;\n}\n',
    }));
  it("moves an array whose size starts with a number (`1 + strlen(s)`), not only one that starts with a name", () =>
    checkCase(rule, {
      code: "static void f(const char *s)\n{\n\tchar copy[1 + strlen(s)];\n\n\tstrcpy(copy, s);\n}\n",
      output: "static void f(const char *s)\n{\n\tchar *copy = calloc(1 + strlen(s), sizeof(*copy));\n\n\tif (!copy)\n\t\texit(EXIT_FAILURE);\n\tstrcpy(copy, s);\n\tfree(copy);\n}\n",
    }));
  it("keeps sizeof's value in a variable when the size could change, and frees before each return", () =>
    checkCase(rule, {
      code: "static int fill(int n)\n{\n\tint v[n * 2];\n\n\tn = 0;\n\tmemset(v, 0, sizeof v);\n\treturn n;\n}\n",
      output: "static int fill(int n)\n{\n\tsize_t v_size = n * 2;\n\tint *v = calloc(v_size, sizeof(*v));\n\n\tif (!v)\n\t\texit(EXIT_FAILURE);\n\tn = 0;\n\tmemset(v, 0, (v_size * sizeof(*v)));\n\tfree(v);\n\treturn n;\n}\n",
    }));
  it("writes sizeof as the size itself when that is a name the function never changes", () =>
    checkCase(rule, {
      code: "static void fill(int n)\n{\n\tchar b[n];\n\n\tmemset(b, 'x', sizeof(b));\n}\n",
      output: "static void fill(int n)\n{\n\tchar *b = calloc(n, sizeof(*b));\n\n\tif (!b)\n\t\texit(EXIT_FAILURE);\n\tmemset(b, 'x', n);\n\tfree(b);\n}\n",
    }));
  it("leaves an array in a loop, one of run-time rows passed whole, and one whose address is taken", () =>
    checkCase(rule, {
      code: "static void f(int n)\n{\n\tint m[n][n];\n\tchar a[n];\n\tchar (*p)[n] = &a;\n\n\tfor (int i = 0; i < n; i++) {\n\t\tchar row[i + 1];\n\t\trow[0] = 0;\n\t}\n\tuse(n, m);\n\tm[0][0] = (*p)[0];\n}\n",
      unchanged: true,
    }));
  it("moves an array of constant-length rows as a pointer to rows: subscripts and sizeof stay as written", () =>
    checkCase(rule, {
      code: "static void f(int n)\n{\n\tint cells[n][4];\n\n\tcells[n - 1][3] = 1;\n\tshow(cells[0], sizeof(cells[0]));\n\tmemset(cells, 0, sizeof(cells));\n}\n",
      output:
        "static void f(int n)\n{\n\tint (*cells)[4] = calloc(n, sizeof(*cells));\n\n\tif (!cells)\n\t\texit(EXIT_FAILURE);\n\tcells[n - 1][3] = 1;\n\tshow(cells[0], sizeof(cells[0]));\n\tmemset(cells, 0, (n * sizeof(*cells)));\n\tfree(cells);\n}\n",
    }));
  it("lays out rows of a run-time length flat: each element, row and sizeof at the offset C computes, the width kept as declared", () =>
    checkCase(rule, {
      code: "static void f(int n, int m)\n{\n\tint d[n][m + 1];\n\n\tm = 0;\n\td[n - 1][m] = d[0][m | 1];\n\tshow(d[1], sizeof(d[1]));\n\tmemset(d, 0, sizeof d);\n}\n",
      output:
        "static void f(int n, int m)\n{\n\tsize_t d_cols = m + 1;\n\tsize_t d_size = n * d_cols;\n\tint *d = calloc(d_size, sizeof(*d));\n\n\tif (!d)\n\t\texit(EXIT_FAILURE);\n\tm = 0;\n\td[(n - 1) * d_cols + m] = d[0 * d_cols + (m | 1)];\n\tshow(&d[1 * d_cols], (d_cols * sizeof(*d)));\n\tmemset(d, 0, (d_size * sizeof(*d)));\n\tfree(d);\n}\n",
    }));
  it("changes only the text between a flat array's indices: spaces and comments inside the brackets stay", () =>
    checkCase(rule, {
      code: "static void f(int n, int m)\n{\n\tint d[n][m];\n\n\td[ n - 1 ][ m - 1 /* last */ ] = 0;\n}\n",
      output: "static void f(int n, int m)\n{\n\tint *d = calloc(n * m, sizeof(*d));\n\n\tif (!d)\n\t\texit(EXIT_FAILURE);\n\td[ (n - 1) * m + m - 1 /* last */ ] = 0;\n\tfree(d);\n}\n",
    }));
  it("lays out three dimensions with a stride each, a size the function never changes written as it is", () =>
    checkCase(rule, {
      code: "static void f(int a, int b, int c)\n{\n\tchar box[a][b][c];\n\n\tbox[1][2][3] = 'x';\n}\n",
      output: "static void f(int a, int b, int c)\n{\n\tchar *box = calloc(a * b * c, sizeof(*box));\n\n\tif (!box)\n\t\texit(EXIT_FAILURE);\n\tbox[(1 * b + 2) * c + 3] = 'x';\n\tfree(box);\n}\n",
    }));
  it("ports the moved array through the exits engine, and still refuses the ones it leaves", async () => {
    const moved = await runAll('#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n\tconst char *src = "Take";\n\tchar dst[strlen(src) + 1];\n\n\tstrcpy(dst, src);\n\tprintf("%s\\n", dst);\n\treturn 0;\n}\n');
    expect(moved.diagnostics.map((d) => d.code)).not.toContain("K3009");
    expect(moved.output).toMatch(/kv?calloc\(strlen\(src\) \+ 1, sizeof\(\*dst\), GFP_KERNEL/);
    expect(moved.output).toMatch(/kv?free\(dst\);/);
    // In a loop's body: allocated on each pass, freed at the block's end and before a continue or break that leaves it.
    const loop = await runAll("#include <stdio.h>\nint main(void)\n{\n\tfor (int i = 1; i < 5; i++) {\n\t\tchar row[i];\n\n\t\trow[0] = 0;\n\t\tif (i == 2)\n\t\t\tcontinue;\n\t\tfor (int j = 0; j < i; j++)\n\t\t\tif (j == 1)\n\t\t\t\tbreak;\n\t\tif (i == 3)\n\t\t\tbreak;\n\t\tprintf(\"%d\\n\", row[0]);\n\t}\n\treturn 0;\n}\n");
    expect(loop.diagnostics.map((d) => d.code)).not.toContain("K3009");
    expect(loop.output).toContain("\t\tif (i == 2) {\n\t\t\tkvfree(row);\n\t\t\tcontinue;\n\t\t}\n");
    expect(loop.output).toContain("\t\t\tif (j == 1)\n\t\t\t\tbreak;\n");
    expect(loop.output).toContain("\t\tif (i == 3) {\n\t\t\tkvfree(row);\n\t\t\tbreak;\n\t\t}\n");
    expect(loop.output).toContain("\t\tpr_info(\"%d\\n\", row[0]);\n\t\tkvfree(row);\n\t}\n");
    // A block a goto can leave keeps its refusal.
    const left = await runAll("#include <stdio.h>\nint main(void)\n{\n\tfor (int i = 1; i < 3; i++) {\n\t\tchar row[i];\n\t\trow[0] = 0;\n\t\tif (!row[0])\n\t\t\tgoto done;\n\t\tprintf(\"%d\\n\", row[0]);\n\t}\ndone:\n\treturn 0;\n}\n");
    expect(left.diagnostics.map((d) => d.code)).toContain("K3009");
    // A second dimension of a run-time size is a VLA too, and the refusal names the whole declarator.
    const whole = await runAll("#include <stdio.h>\nstatic void show(int n, int m[][n]) { printf(\"%d\\n\", m[0][0]); }\nint main(void)\n{\n\tint n = 2;\n\tint m[4][n];\n\n\tm[0][0] = 1;\n\tshow(n, m);\n\treturn 0;\n}\n");
    expect(whole.diagnostics.filter((d) => d.code === "K3009").map((d) => d.message)).toContain("array 'm[4][n]' has a size known only at run time (a variable-length array)");
  });
});
