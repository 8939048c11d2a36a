import { describe, expect, it } from "vitest";
import rule from "../../src/rules/asprintf-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("asprintf-defined", () => {
  it("defines vasprintf() on kvasprintf() and asprintf() on it, above the first use, and keeps the calls", async () => {
    const { output } = await runRule(rule, 'int f(int n)\n{\n\tchar *s;\n\n\treturn asprintf(&s, "%d", n);\n}\n');
    expect(output).toContain("static __printf(2, 0) int vasprintf(char **strp, const char *fmt, va_list args)\n{\n\t*strp = kvasprintf(GFP_KERNEL, fmt, args);\n\treturn *strp ? strlen(*strp) : -1;\n}\n");
    expect(output).toContain("static __printf(2, 3) int asprintf(char **strp, const char *fmt, ...)\n");
    expect(output).toContain('\treturn asprintf(&s, "%d", n);\n');
  });
  it("defines vasprintf() alone where only it is called", async () => {
    const { output } = await runRule(rule, "int f(char **s, const char *fmt, va_list ap)\n{\n\treturn vasprintf(s, fmt, ap);\n}\n");
    expect(output).toContain("int vasprintf(char **strp");
    expect(output).not.toContain("int asprintf(");
  });
  it("leaves a program's own asprintf()", () =>
    checkCase(rule, { code: "static int asprintf(char **s, const char *f, ...) { return 0; }\nint g(char **s) { return asprintf(s, \"x\"); }\n", unchanged: true }));
  it("ports a whole program that builds a line with asprintf() and frees it", async () => {
    const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n\tchar *line;\n\n\tif (asprintf(&line, "%d-%s", 7, "x") < 0)\n\t\treturn 1;\n\tputs(line);\n\tfree(line);\n\treturn 0;\n}\n', { name: "a" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("kfree(line);");
  });
});
