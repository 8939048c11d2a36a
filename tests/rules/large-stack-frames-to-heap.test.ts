import { describe, expect, it } from "vitest";
import rule from "../../src/rules/large-stack-frames-to-heap.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("large-stack-frames-to-heap", () => {
  it("moves a void function's big array to calloc(), tested, freed before each return and at the closing brace", () =>
    checkCase(rule, {
      code: "void f(int n)\n{\n\tchar buf[4096];\n\n\tif (n < 0)\n\t\treturn;\n\tbuf[0] = n;\n\tg(buf, sizeof(buf));\n}\n",
      output:
        "void f(int n)\n{\n\tchar *buf = calloc(4096, sizeof(*buf));\n\n\tif (!buf)\n\t\texit(EXIT_FAILURE);\n\tif (n < 0) {\n\t\tfree(buf);\n\t\treturn;\n\t}\n\tbuf[0] = n;\n\tg(buf, 4096);\n\tfree(buf);\n}\n",
    }));
  it("reads sizes from macros and the C library's limits, and gives a printed sizeof its size_t", () =>
    checkCase(rule, {
      code: "#define MAX 1000\n#define ROWS (MAX / 100)\nvoid f(void)\n{\n\tint squares[MAX];\n\tchar line[BUFSIZ];\n\tlong grid[ROWS][64];\n\n\tg(squares, line, grid);\n\tprintf(\"%zu\\n\", sizeof(line));\n}\n",
      output:
        "#define MAX 1000\n#define ROWS (MAX / 100)\nvoid f(void)\n{\n\tint *squares = calloc(MAX, sizeof(*squares));\n\tchar *line = calloc(BUFSIZ, sizeof(*line));\n\tlong (*grid)[64] = calloc(ROWS, sizeof(*grid));\n\n\tif (!squares || !line || !grid)\n\t\texit(EXIT_FAILURE);\n\tg(squares, line, grid);\n\tprintf(\"%zu\\n\", (size_t)BUFSIZ);\n\tfree(grid);\n\tfree(line);\n\tfree(squares);\n}\n",
    }));
  it("computes a returned value that reads the array before freeing it", () =>
    checkCase(rule, {
      code: "int f(void)\n{\n\tint t[1000];\n\tt[0] = 1;\n\treturn t[0];\n}\n",
      output: "int f(void)\n{\n\tint *t = calloc(1000, sizeof(*t));\n\tint ret;\n\tif (!t)\n\t\texit(EXIT_FAILURE);\n\tt[0] = 1;\n\tret = t[0];\n\tfree(t);\n\treturn ret;\n}\n",
    }));
  it("moves a table of two dimensions whole, as a pointer to its rows: subscripts as written, sizeof its bytes", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar seen[300][300];\n\n\tmemset(seen, 0, sizeof(seen));\n\tseen[299][1] = 1;\n\tg(seen[0], sizeof(seen[0]));\n}\n",
      output:
        "void f(void)\n{\n\tchar (*seen)[300] = calloc(300, sizeof(*seen));\n\n\tif (!seen)\n\t\texit(EXIT_FAILURE);\n\tmemset(seen, 0, (300 * sizeof(*seen)));\n\tseen[299][1] = 1;\n\tg(seen[0], sizeof(seen[0]));\n\tfree(seen);\n}\n",
    }));
  it("counts the other locals beside the arrays: 2048 bytes of array and a counter pass FRAME_WARN", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar line[2048];\n\tlong n = 0;\n\n\tg(line, n);\n}\n",
      output: "void f(void)\n{\n\tchar *line = calloc(2048, sizeof(*line));\n\tlong n = 0;\n\n\tif (!line)\n\t\texit(EXIT_FAILURE);\n\tg(line, n);\n\tfree(line);\n}\n",
    }));
  it("leaves a frame within FRAME_WARN (2048 bytes) alone", () =>
    checkCase(rule, { code: "void f(void)\n{\n\tchar a[1024];\n\tchar b[1000];\n\ta[0] = b[0] = 0;\n}\n", unchanged: true }));
  it("counts every array of the frame, nested blocks included", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar a[1024];\n\t{\n\t\tchar b[1100];\n\t\tb[0] = 0;\n\t}\n\ta[0] = 0;\n}\n",
      output: "void f(void)\n{\n\tchar *a = calloc(1024, sizeof(*a));\n\tif (!a)\n\t\texit(EXIT_FAILURE);\n\t{\n\t\tchar b[1100];\n\t\tb[0] = 0;\n\t}\n\ta[0] = 0;\n\tfree(a);\n}\n",
    }));
  it("leaves a function that fails with NULL to stack-arrays-to-kmalloc", () =>
    checkCase(rule, { code: "char *f(void)\n{\n\tchar a[4096];\n\ta[0] = 0;\n\treturn 0;\n}\n", unchanged: true }));
  it("refuses a frame that cannot move and passes the kernel's 16 KiB stack", () =>
    checkCase(rule, { code: "void f(void)\n{\n\tint a[5000] = { 1, 2 };\n\tg(a);\n}\n", diagnostics: ["K3016@1:6"] }));
  it("gives main() and a void helper a failure path: init returns -ENOMEM and frees the 40 MB array", async () => {
    const code = "#include <stdio.h>\nstatic void fill(void)\n{\n\tint t[1000000];\n\tt[0] = 1;\n\tprintf(\"%d\\n\", t[0]);\n}\nint main(void)\n{\n\tunsigned s[10000000];\n\ts[0] = 2;\n\tfill();\n\tprintf(\"%u\\n\", s[0]);\n\treturn 0;\n}\n";
    const result = await runAll(code, { name: "frames" });
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("int *t = kcalloc(1000000, sizeof(*t), GFP_KERNEL);");
    expect(result.output).toContain("unsigned *s = kvcalloc(10000000, sizeof(*s), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);");
    expect(result.output).toMatch(/static int fill\(void\)/);
    expect(result.output).toContain("-ENOMEM");
    expect(result.output).toContain("kvfree(s);");
    expect(result.output).not.toMatch(/exit\(EXIT_FAILURE\)|\bfree\(|\[1000000\]|\[10000000\]/);
  });
});
