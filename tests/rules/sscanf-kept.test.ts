import { describe, expect, it } from "vitest";
import rule from "../../src/rules/sscanf-kept.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("sscanf-kept", () => {
  it("keeps sscanf() with the integer and string conversions the kernel's has", async () => {
    const code = "int f(const char *s, int *a, unsigned long *b, char *w) { return sscanf(s, \"%d %5lu %*s %31s %%\", a, b, w); }\n";
    const r = await runRule(rule, code);
    expect(r.output).toBe(code);
    expect(r.rulesFired).toEqual(["sscanf-kept"]);
  });
  it("stops at a floating-point conversion and at a scan set the kernel reads otherwise: no width, a range, ], %*[", () =>
    checkCase(rule, {
      code: "void f(const char *s, float *x, char *w)\n{\n\tsscanf(s, \"%f\", x);\n\tsscanf(s, \"%[abc]\", w);\n\tsscanf(s, \"%9[a-z]\", w);\n\tsscanf(s, \"%9[]x]\", w);\n\tsscanf(s, \"%*9[^=]=%9s\", w);\n}\n",
      diagnostics: ["K2150@3:12", "K2150@4:12", "K2150@5:12", "K2150@6:12", "K2150@7:12"],
    }));
  it("keeps a scan set with a width whose characters are listed one by one, as the kernel's sscanf() reads it", async () => {
    const code = 'int f(const char *s, char *k, char *v) { return sscanf(s, "%15[^=]=%31[^,;-]", k, v); }\n';
    const r = await runRule(rule, code);
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toBe(code);
  });
  it("stops at a suppressed conversion a blank does not follow in the format (%*d:%d), which the kernel skips up to the input's next blank, and keeps %*d %d", () =>
    checkCase(rule, {
      code: "void f(const char *s, int *a)\n{\n\tsscanf(s, \"%*d:%d\", a);\n\tsscanf(s, \"%*d %d\", a);\n\tsscanf(s, \"%d%*s\", a);\n\tsscanf(s, \"%d%%%*d\\n\", a);\n}\n",
      diagnostics: ["K2150@3:12"],
    }));
});
