import { describe, expect, it } from "vitest";
import rule from "../../src/rules/const-array-sizes-inlined.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("const-array-sizes-inlined", () => {
  it("writes a const local's constant value in the sizes it gives", () =>
    checkCase(rule, {
      code: "#define M 4\nint f(void)\n{\n\tconst unsigned long N = 100;\n\tconst int K = M * 2;\n\tint a[N], b[K + 1];\n\treturn sizeof a + sizeof b + N;\n}\n",
      output: "#define M 4\nint f(void)\n{\n\tconst unsigned long N = 100;\n\tint a[100], b[(M * 2) + 1];\n\treturn sizeof a + sizeof b + N;\n}\n",
    }));
  it("leaves sizes alone that are not constants: a variable, a run-time value, a parameter of the same name", () =>
    checkCase(rule, {
      code: "int g(void);\nint f(int n)\n{\n\tconst int A = g();\n\tint B = 3;\n\tint a[A], b[B], c[n];\n\treturn sizeof a + sizeof b + sizeof c;\n}\nint h(const int N)\n{\n\tint x[N];\n\treturn sizeof x;\n}\n",
      unchanged: true,
    }));
  it("ports a program whose array C calls variable-length, which was refused (K3009) before", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stddef.h>\nint main(void)\n{\n\tconst size_t N = 10;\n\tint numbers[N];\n\tfor (size_t i = 0; i < N; i++)\n\t\tnumbers[i] = i;\n\tprintf(\"%zu\\n\", sizeof numbers);\n\treturn 0;\n}\n", { name: "c" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tint numbers[10];\n");
  });
});

describe("const-array-sizes-inlined, a const that only sized arrays", () => {
  it("goes with them, since nothing else uses it", () =>
    checkCase(rule, {
      code: "int f(void)\n{\n\tconst int N = 4;\n\tint a[N];\n\ta[0] = 1;\n\treturn a[0];\n}\n",
      output: "int f(void)\n{\n\tint a[4];\n\ta[0] = 1;\n\treturn a[0];\n}\n",
    }));
});
