import { describe, expect, it } from "vitest";
import rule from "../../src/rules/main-assertions-end-program.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("main-assertions-end-program", () => {
  it("writes main()'s assertion as the test that ends the program", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\tint n = f();\n\tassert(n < 10);\n\tassert(p);\n\treturn 0;\n}\n",
      output: "int main(void)\n{\n\tint n = f();\n\tif (WARN_ON(n >= 10))\n\t\tabort();\n\tif (WARN_ON(!p))\n\t\tabort();\n\treturn 0;\n}\n",
    }));
  it("braces an assertion that was the body of an if, so that an else keeps its if", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\tif (a)\n\t\tassert(b == 1);\n\telse\n\t\tg();\n\treturn 0;\n}\n",
      output: "int main(void)\n{\n\tif (a) {\n\t\tif (WARN_ON(b != 1))\n\t\t\tabort();\n\t}\n\telse\n\t\tg();\n\treturn 0;\n}\n",
    }));
  it("leaves other functions' assertions, a program built with NDEBUG, and a program's own assert() macro alone", async () => {
    await checkCase(rule, { code: "static int f(int x)\n{\n\tassert(x);\n\treturn x;\n}\nint main(void)\n{\n\treturn f(1);\n}\n", unchanged: true });
    await checkCase(rule, { code: "#define NDEBUG\nint main(void)\n{\n\tassert(g());\n\treturn 0;\n}\n", unchanged: true });
    await checkCase(rule, { code: "#define assert(x) ((void)(x))\nint main(void)\n{\n\tassert(g());\n\treturn 0;\n}\n", unchanged: true });
  });
  it("ports the whole program: a failed assertion frees what main() holds and fails init with -EINVAL", async () => {
    const r = await runAll(
      "#include <assert.h>\n#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n\tint *v = malloc(4 * sizeof *v);\n\tif (!v)\n\t\treturn 1;\n\tv[0] = 3;\n\tassert(v[0] == 3);\n\tprintf(\"%d\\n\", v[0]);\n\tfree(v);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(r.output).toContain("\tif (WARN_ON(v[0] != 3)) {\n\t\tret = -EINVAL;\n\t\tgoto out_free;\n\t}\n");
    expect(r.output).toContain("out_free:\n\tkfree(v);\n\treturn ret;\n");
    expect(r.output).toContain("#include <linux/bug.h>\n");
    expect(r.output).not.toContain("assert");
  });
});
