import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "f" })).diagnostics.map((d) => `${d.code}@${d.range?.line}`);

describe("calls through function pointers the program declares", () => {
  it("port a call through a local function pointer named like a refused library function (log, a math function)", async () => {
    expect(await codes("#include <stdio.h>\nstatic void loud(const char *m)\n{\n\tprintf(\"LOG %s\\n\", m);\n}\nint main(void)\n{\n\tvoid (*log)(const char *) = loud;\n\n\tlog(\"started\");\n\treturn 0;\n}\n")).toEqual([]);
  });
  it("port a call through a parameter whose type is a typedef'd function pointer", async () => {
    expect(await codes("#include <stdio.h>\ntypedef int (*binop)(int, int);\nstatic int add(int a, int b)\n{\n\treturn a + b;\n}\nstatic int apply(binop f, int a, int b)\n{\n\treturn f(a, b);\n}\nint main(void)\n{\n\tprintf(\"%d\\n\", apply(add, 2, 3));\n\treturn 0;\n}\n")).toEqual([]);
  });
  it("port a call through a local of a function type's typedef, and of a function-pointer typedef", async () => {
    expect(await codes("#include <stdio.h>\ntypedef int op_fn(int, int);\ntypedef int (*binop)(int, int);\nstatic int mul(int a, int b)\n{\n\treturn a * b;\n}\nint main(void)\n{\n\top_fn *f = mul;\n\tbinop g = mul;\n\tprintf(\"%d %d\\n\", f(6, 7), g(2, 3));\n\treturn 0;\n}\n")).toEqual([]);
  });
  it("port `T (*g)(T) = f;` where T is the program's typedef, which the grammar reads as a call of T", async () => {
    expect(await codes("#include <stdio.h>\ntypedef struct {\n\tint x;\n} P;\nstatic P twice(P a)\n{\n\ta.x *= 2;\n\treturn a;\n}\nint main(void)\n{\n\tP (*g)(P) = twice;\n\tP p = { 21 };\n\n\tp = g(p);\n\tprintf(\"%d\\n\", p.x);\n\treturn 0;\n}\n")).toEqual([]);
  });
  it("still refuse a function only declared, or a pointer declared only in a comment or in another function", async () => {
    expect(await codes("int helper(int);\nint main(void)\n{\n\treturn helper(1);\n}\n")).toEqual(["K1003@4"]);
    expect(await codes("/* int (*f)(int) */\nint main(void)\n{\n\treturn f(1);\n}\n")).toEqual(["K1003@4"]);
    expect(await codes("static int g(int (*f)(int))\n{\n\treturn f(0);\n}\nint main(void)\n{\n\treturn f(1) + g(0);\n}\n")).toEqual(["K1003@7"]);
  });
});
