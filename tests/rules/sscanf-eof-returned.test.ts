import { describe, expect, it } from "vitest";
import rule from "../../src/rules/sscanf-eof-returned.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("sscanf-eof-returned", () => {
  it("reads a count the program uses through c_sscanf(); a comparison with a positive count keeps sscanf()", async () => {
    const r = await runRule(rule, 'int f(const char *s, int *a)\n{\n\tint n = sscanf(s, "%d", a);\n\n\tif (sscanf(s, "%d", a) == 1)\n\t\treturn n;\n\treturn sscanf(s, "x") == EOF;\n}\n');
    expect(r.output).toContain('\tint n = c_sscanf(s, "%d", a);\n\n\tif (sscanf(s, "%d", a) == 1)\n');
    expect(r.output).toContain('\treturn c_sscanf(s, "x") == EOF;\n');
    expect(r.output).toContain("\treturn n == 0 && strchr(fmt, '%') && !*skip_spaces(str) ? -1 : n;\n");
  });
  it("leaves a call whose count is thrown away or compared with a count", () =>
    checkCase(rule, { code: 'void f(const char *s, int *a)\n{\n\tsscanf(s, "%d", a);\n\tif ((sscanf(s, "%d", a)) != 1)\n\t\treturn;\n}\n', unchanged: true }));
  it("ports a whole program that tells an empty line from one without a number", async () => {
    const r = await runAll('#include <stdio.h>\n\nint main(void)\n{\n\tint v;\n\n\tprintf("%d %d\\n", sscanf("", "%d", &v), sscanf("x", "%d", &v));\n\treturn 0;\n}\n', { name: "s" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('pr_info("%d %d\\n", c_sscanf("", "%d", &v), c_sscanf("x", "%d", &v));');
  });
});
