import { describe, expect, it } from "vitest";
import rule from "../../src/rules/error-calls-to-err.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("error-calls-to-err", () => {
  it("writes error() as the err() family call that says the same, by status and errnum", () =>
    checkCase(rule, {
      code: 'void f(int n)\n{\n\terror(0, 0, "n is %d", n);\n\terror(0, errno, "read");\n\terror(EXIT_FAILURE, 0, "bad %d", n);\n\terror(2, errno, "open %s", "x");\n}\n',
      output: 'void f(int n)\n{\n\twarnx("n is %d", n);\n\twarn("read");\n\terrx(EXIT_FAILURE, "bad %d", n);\n\terr(2, "open %s", "x");\n}\n',
    }));
  it("refuses a call with another error number where it stands, and leaves a program's own error()", async () => {
    const refused = await runRule(rule, 'void f(int rc)\n{\n\terror(0, -rc, "route");\n}\n');
    expect(refused.diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column}`)).toEqual(["K1003@3:2"]);
    await checkCase(rule, { code: 'static void error(int a, int b, const char *m) { }\nvoid f(void)\n{\n\terror(1, 0, "x");\n}\n', unchanged: true });
  });
  it("ports a program written with <error.h>: a failing error() becomes init's failure path", async () => {
    const r = await runAll('#include <error.h>\n#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tchar *p = malloc(8);\n\n\tif (!p)\n\t\terror(1, errno, "malloc");\n\terror(0, 0, "warned");\n\tfree(p);\n\treturn 0;\n}\n', { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain('pr_warn("warned\\n");');
    expect(r.output).not.toMatch(/\berror\(/);
  });
});
