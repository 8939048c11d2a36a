import { describe, expect, it } from "vitest";
import rule from "../../src/rules/atoi-strtol-to-kstrto.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("atoi-strtol-to-kstrto", () => {
  it("a declaration from strtol() into an int becomes kstrtoint() with its error check", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tint n = strtol(s, NULL, 10);\n\tg(n);\n}\n",
      output: "void f(const char *s)\n{\n\tint n;\n\tif (kstrtoint(skip_spaces(s), 10, &n))\n\t\tn = 0;\n\tg(n);\n}\n",
    }));
  it("an assignment from strtol(s, NULL, base) keeps the base, and the variable's type picks kstrtol()", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tlong x;\n\tx = strtol(s, NULL, 16);\n}\n",
      output: "void f(const char *s)\n{\n\tlong x;\n\tif (kstrtol(skip_spaces(s), 16, &x))\n\t\tx = 0;\n}\n",
    }));
  it("writes the type of the variable, not of the C function: short, unsigned long long, u32", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tshort a = strtol(s, NULL, 10);\n\tunsigned long long b = strtoull(s, NULL, 10);\n\tuint32_t c = strtoul(s, 0, 0);\n}\n",
      output:
        "void f(const char *s)\n{\n\tshort a;\n\tif (kstrtos16(skip_spaces(s), 10, &a))\n\t\ta = 0;\n\tunsigned long long b;\n\tif (kstrtoull(skip_spaces(s), 10, &b))\n\t\tb = 0;\n\tuint32_t c;\n\tif (kstrtou32(skip_spaces(s), 0, &c))\n\t\tc = 0;\n}\n",
    }));
  it("finds the type of struct members and array elements", () =>
    checkCase(rule, {
      code: "struct cfg { long level; };\nvoid f(struct cfg *c, const char *s, int i)\n{\n\tint v[4];\n\tc->level = strtol(s, NULL, 10);\n\tv[i] = strtol(s, NULL, 10);\n}\n",
      output:
        "struct cfg { long level; };\nvoid f(struct cfg *c, const char *s, int i)\n{\n\tint v[4];\n\tif (kstrtol(skip_spaces(s), 10, &c->level))\n\t\tc->level = 0;\n\tif (kstrtoint(skip_spaces(s), 10, &v[i]))\n\t\tv[i] = 0;\n}\n",
    }));
  it("braces the body of an if, so that it stays one statement", () =>
    checkCase(rule, {
      code: "void f(const char *s, int c)\n{\n\tint x;\n\tif (c)\n\t\tx = strtol(s, NULL, 10);\n\telse\n\t\tx = 1;\n}\n",
      output: "void f(const char *s, int c)\n{\n\tint x;\n\tif (c) {\n\t\tif (kstrtoint(skip_spaces(s), 10, &x))\n\t\t\tx = 0;\n\t}\n\telse\n\t\tx = 1;\n}\n",
    }));
  it("keeps one line when the statement shares its line", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\t{ int q = strtol(s, NULL, 10); g(q); }\n}\n",
      output: "void f(const char *s)\n{\n\t{ int q; if (kstrtoint(skip_spaces(s), 10, &q)) q = 0; g(q); }\n}\n",
    }));
  it("follows the program's `if(` spacing", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tint n = strtol(s, NULL, 10);\n\tif(n)\n\t\tg(n);\n\tif(!n)\n\t\tg(1);\n}\n",
      output: "void f(const char *s)\n{\n\tint n;\n\tif(kstrtoint(skip_spaces(s), 10, &n))\n\t\tn = 0;\n\tif(n)\n\t\tg(n);\n\tif(!n)\n\t\tg(1);\n}\n",
    }));
  it("warns when a signed conversion goes into an unsigned variable", () =>
    checkCase(rule, {
      code: "void f(const char *s)\n{\n\tunsigned u = strtol(s, NULL, 10);\n}\n",
      output: "void f(const char *s)\n{\n\tunsigned u;\n\tif (kstrtouint(skip_spaces(s), 10, &u))\n\t\tu = 0;\n}\n",
      diagnostics: ["K2112@3:15"],
    }));
  it("a result used inside an expression becomes simple_strtol(), with a warning", () =>
    checkCase(rule, {
      code: "long f(const char *s)\n{\n\treturn strtol(s, NULL, 10) + 1;\n}\n",
      output: "long f(const char *s)\n{\n\treturn simple_strtol(skip_spaces(s), NULL, 10) + 1;\n}\n",
      diagnostics: ["K2110@3:9"],
    }));
  it("an end pointer keeps strtoul()'s shape as simple_strtoul(), with a warning", () =>
    checkCase(rule, {
      code: "unsigned long f(const char *s, char **end)\n{\n\tunsigned long v = strtoul(s, end, 10);\n\treturn v;\n}\n",
      output: "unsigned long f(const char *s, char **end)\n{\n\tunsigned long v = simple_strtoul(skip_spaces(s), end, 10);\n\treturn v;\n}\n",
      diagnostics: ["K2110@3:20"],
    }));
  it("a type no kstrto*() writes, and a variable written twice, fall back to simple_strto*()", () =>
    checkCase(rule, {
      code: "void f(const char *s, int *v, int i)\n{\n\tsize_t n = strtoul(s, NULL, 10);\n\tv[i++] = strtol(s, NULL, 10);\n}\n",
      output: "void f(const char *s, int *v, int i)\n{\n\tsize_t n = simple_strtoul(skip_spaces(s), NULL, 10);\n\tv[i++] = simple_strtol(skip_spaces(s), NULL, 10);\n}\n",
      diagnostics: ["K2110@3:13", "K2110@4:11"],
    }));
  it("refuses a base above 16, which no kernel parser handles", () =>
    checkCase(rule, { code: "void f(const char *s)\n{\n\tlong x = strtol(s, NULL, 36);\n}\n", diagnostics: ["K2111@3:27"] }));
  it("ports strtoimax() as strtol(), which it is where intmax_t is long", () =>
    checkCase(rule, {
      code: 'void f(const char *s, char **e)\n{\n\tprintf("%ld\\n", strtoimax(s, e, 10));\n}\n',
      output: 'void f(const char *s, char **e)\n{\n\tprintf("%ld\\n", simple_strtol(skip_spaces(s), e, 10));\n}\n',
      diagnostics: ["K2110@3:18"],
    }));
  it("leaves the strtol() family to the module's own definitions where the program reads errno", () =>
    checkCase(rule, { code: "void f(const char *s)\n{\n\tlong n;\n\n\terrno = 0;\n\tn = strtol(s, NULL, 10);\n\tif (errno)\n\t\tn = 0;\n}\n", unchanged: true }));
  it("leaves atoi(), atol() and atoll() to atoi-atol-defined", () =>
    checkCase(rule, { code: "void f(const char *s)\n{\n\tint n = atoi(s);\n\tlong m = atol(s) + atoll(s);\n}\n", unchanged: true }));
  it("leaves a program's own strtol() alone", () =>
    checkCase(rule, { code: "static long strtol(const char *s, char **e, int b) { return *s - '0'; }\nvoid f(void) { int n = strtol(\"4\", NULL, 10); }\n", unchanged: true }));
  it("needs <linux/kstrtox.h>", async () => {
    const r = await runRule(rule, "void f(const char *s) { int n = strtol(s, NULL, 10); }\n");
    expect(r.headersNeeded).toEqual(["linux/kstrtox.h", "linux/string.h"]);
  });
  it("skips the leading white space the C functions skip, except in a literal that starts with none", () =>
    checkCase(rule, {
      code: 'long f(void)\n{\n\treturn strtol("  23", NULL, 10) + strtol("\\t7", NULL, 10) + strtol("-4", NULL, 10) + strtol("", NULL, 10);\n}\n',
      output: 'long f(void)\n{\n\treturn simple_strtol(skip_spaces("  23"), NULL, 10) + simple_strtol(skip_spaces("\\t7"), NULL, 10) + simple_strtol("-4", NULL, 10) + simple_strtol("", NULL, 10);\n}\n',
      diagnostics: ["K2110@3:9", "K2110@3:36", "K2110@3:62", "K2110@3:87"],
    }));
});
