import { describe, it } from "vitest";
import rule from "../../src/rules/sprintf-to-snprintf.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("sprintf-to-snprintf", () => {
  it("passes sizeof an array destination", () =>
    checkCase(rule, {
      code: "void f(int n)\n{\n\tchar buf[64];\n\tsprintf(buf, \"%d\", n);\n}\n",
      output: "void f(int n)\n{\n\tchar buf[64];\n\tsnprintf(buf, sizeof(buf), \"%d\", n);\n}\n",
    }));
  it("appending with += becomes scnprintf() with the room left", () =>
    checkCase(rule, {
      code: "void f(int n)\n{\n\tchar buf[64];\n\tint pos = 0;\n\tpos += sprintf(buf + pos, \"%d\", n);\n\tpos += sprintf(&buf[pos], \"%d\", n);\n}\n",
      output:
        "void f(int n)\n{\n\tchar buf[64];\n\tint pos = 0;\n\tpos += scnprintf(buf + pos, sizeof(buf) - pos, \"%d\", n);\n\tpos += scnprintf(&buf[pos], sizeof(buf) - pos, \"%d\", n);\n}\n",
    }));
  it("parenthesizes an offset that is an expression", () =>
    checkCase(rule, {
      code: "void f(int a, int b)\n{\n\tchar buf[8];\n\tsprintf(buf + (a + b), \"x\");\n}\n",
      output: "void f(int a, int b)\n{\n\tchar buf[8];\n\tsnprintf(buf + (a + b), sizeof(buf) - (a + b), \"x\");\n}\n",
    }));
  it("vsprintf() becomes vsnprintf()", () =>
    checkCase(rule, {
      code: "void f(const char *fmt, va_list ap)\n{\n\tchar buf[8];\n\tvsprintf(buf, fmt, ap);\n}\n",
      output: "void f(const char *fmt, va_list ap)\n{\n\tchar buf[8];\n\tvsnprintf(buf, sizeof(buf), fmt, ap);\n}\n",
    }));
  it("keeps and flags sprintf() into a pointer", () =>
    checkCase(rule, { code: "void f(char *out, int n)\n{\n\tsprintf(out, \"%d\", n);\n}\n", unchanged: true, diagnostics: ["K2103@3:2"] }));
  it("keeps and flags an offset with side effects, which sizeof(buf) - offset would repeat", () =>
    checkCase(rule, { code: "void f(int i)\n{\n\tchar buf[8];\n\tsprintf(buf + i++, \"x\");\n}\n", unchanged: true, diagnostics: ["K2103@4:2"] }));
  it("%jd in a kept sprintf() becomes %lld with a cast", () =>
    checkCase(rule, {
      code: "void f(char *out, intmax_t n)\n{\n\tsprintf(out, \"%jd\", n);\n}\n",
      output: "void f(char *out, intmax_t n)\n{\n\tsprintf(out, \"%lld\", (long long)(n));\n}\n",
      diagnostics: ["K2103@3:2"],
    }));
});
