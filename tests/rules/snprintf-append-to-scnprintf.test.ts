import { describe, expect, it } from "vitest";
import rule from "../../src/rules/snprintf-append-to-scnprintf.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("snprintf-append-to-scnprintf", () => {
  it("keeps snprintf() and vsnprintf() whose result is not appended", () =>
    checkCase(rule, {
      code: "int f(char *b, unsigned long n, const char *fmt, va_list ap)\n{\n\tint len = snprintf(b, n, \"x\");\n\treturn len + vsnprintf(b, n, fmt, ap);\n}\n",
      unchanged: true,
    }));
  it("pos += snprintf(…) becomes scnprintf()", () =>
    checkCase(rule, {
      code: "void f(char *b, unsigned long size, unsigned long pos)\n{\n\tpos += snprintf(b + pos, size - pos, \"x\");\n}\n",
      output: "void f(char *b, unsigned long size, unsigned long pos)\n{\n\tpos += scnprintf(b + pos, size - pos, \"x\");\n}\n",
    }));
  it("pos += vsnprintf(…) becomes vscnprintf()", () =>
    checkCase(rule, {
      code: "void f(char *b, unsigned long n, int p, const char *fmt, va_list ap)\n{\n\tp += (vsnprintf(b + p, n - p, fmt, ap));\n}\n",
      output: "void f(char *b, unsigned long n, int p, const char *fmt, va_list ap)\n{\n\tp += (vscnprintf(b + p, n - p, fmt, ap));\n}\n",
    }));
  it("%jd becomes %lld with a cast, which the kernel's vsnprintf() reads (it warns at j and stops)", () =>
    checkCase(rule, {
      code: "void f(char *b, intmax_t m, uintmax_t u)\n{\n\tsnprintf(b, 9, \"%jd/%5ju%%\", m, u);\n}\n",
      output: "void f(char *b, intmax_t m, uintmax_t u)\n{\n\tsnprintf(b, 9, \"%lld/%5llu%%\", (long long)(m), (unsigned long long)(u));\n}\n",
    }));
  it("fires on a kept call, for its header", async () => {
    const r = await runRule(rule, "void f(char *b) { snprintf(b, 2, \"x\"); }\n");
    expect(r.rulesFired).toEqual(["snprintf-append-to-scnprintf"]);
  });
});
