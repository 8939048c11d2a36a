import { describe, expect, it } from "vitest";
import rule from "../../src/rules/isblank-memccpy-defined.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("isblank-memccpy-defined", () => {
  it("defines isblank() before the function that calls it", () =>
    checkCase(rule, {
      code: "int count(const char *s)\n{\n\tint n = 0;\n\twhile (*s)\n\t\tn += isblank(*s++);\n\treturn n;\n}\n",
      output: "static inline int isblank(int c)\n{\n\treturn c == ' ' || c == '\\t';\n}\n\nint count(const char *s)\n{\n\tint n = 0;\n\twhile (*s)\n\t\tn += isblank(*s++);\n\treturn n;\n}\n",
    }));
  it("ports a program that uses memccpy(), and the definition copies up to the byte", async () => {
    const r = await runAll("#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n\tchar d[16];\n\tchar *end = memccpy(d, \"key=value\", '=', sizeof d);\n\tprintf(\"%d\\n\", (int)(end - d));\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("static void *memccpy(void *dest, const void *src, int c, size_t n)\n");
    expect(r.output).toContain("\tchar *end = memccpy(d, \"key=value\", '=', sizeof d);\n");
  });
  it("defines isblank() before a table that names it as a value", () =>
    checkCase(rule, {
      code: "static int (*const tests[])(int) = { isblank };\nint f(int c)\n{\n\treturn tests[0](c);\n}\n",
      output: "static inline int isblank(int c)\n{\n\treturn c == ' ' || c == '\\t';\n}\n\nstatic int (*const tests[])(int) = { isblank };\nint f(int c)\n{\n\treturn tests[0](c);\n}\n",
    }));
});
