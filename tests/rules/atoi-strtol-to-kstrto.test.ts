import { describe, expect, it } from "vitest";
import rule from "../../src/rules/atoi-strtol-to-kstrto.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("atoi-strtol-to-kstrto", () => {
  it("a declaration from strtol() of a plain decimal literal into an int becomes kstrtoint() with its error check", () =>
    checkCase(rule, {
      code: 'void f(void)\n{\n\tint n = strtol("42", NULL, 10);\n\tg(n);\n}\n',
      output: 'void f(void)\n{\n\tint n;\n\tif (kstrtoint("42", 10, &n))\n\t\tn = 0;\n\tg(n);\n}\n',
    }));
  it("an assignment picks the kstrto*() of the variable's type: long, short, unsigned long long, u32", () =>
    checkCase(rule, {
      code: 'void f(void)\n{\n\tlong x;\n\tx = strtol("-7", NULL, 10);\n\tshort a = strtol("+3", NULL, 10);\n\tunsigned long long b = strtoull("9", NULL, 10);\n\tuint32_t c = strtoul("12", 0, 10);\n}\n',
      output:
        'void f(void)\n{\n\tlong x;\n\tif (kstrtol("-7", 10, &x))\n\t\tx = 0;\n\tshort a;\n\tif (kstrtos16("+3", 10, &a))\n\t\ta = 0;\n\tunsigned long long b;\n\tif (kstrtoull("9", 10, &b))\n\t\tb = 0;\n\tuint32_t c;\n\tif (kstrtou32("12", 10, &c))\n\t\tc = 0;\n}\n',
    }));
  it("finds the type of struct members and array elements", () =>
    checkCase(rule, {
      code: 'struct cfg { long level; };\nvoid f(struct cfg *c, int i)\n{\n\tint v[4];\n\tc->level = strtol("3", NULL, 10);\n\tv[i] = strtol("4", NULL, 10);\n}\n',
      output:
        'struct cfg { long level; };\nvoid f(struct cfg *c, int i)\n{\n\tint v[4];\n\tif (kstrtol("3", 10, &c->level))\n\t\tc->level = 0;\n\tif (kstrtoint("4", 10, &v[i]))\n\t\tv[i] = 0;\n}\n',
    }));
  it("braces the body of an if, keeps one line when the statement shares its line, and follows the program's `if(` spacing", () =>
    checkCase(rule, {
      code: 'void f(int c)\n{\n\tint x;\n\tif(c)\n\t\tx = strtol("5", NULL, 10);\n\telse\n\t\tx = 1;\n\t{ int q = strtol("6", NULL, 10); g(q + x); }\n}\n',
      output: 'void f(int c)\n{\n\tint x;\n\tif(c) {\n\t\tif(kstrtoint("5", 10, &x))\n\t\t\tx = 0;\n\t}\n\telse\n\t\tx = 1;\n\t{ int q; if(kstrtoint("6", 10, &q)) q = 0; g(q + x); }\n}\n',
    }));
  it("warns when a signed conversion goes into an unsigned variable", () =>
    checkCase(rule, {
      code: 'void f(void)\n{\n\tunsigned u = strtol("8", NULL, 10);\n}\n',
      output: 'void f(void)\n{\n\tunsigned u;\n\tif (kstrtouint("8", 10, &u))\n\t\tu = 0;\n}\n',
      diagnostics: ["K2112@3:15"],
    }));
  it("keeps in C form every call kstrto*() could read otherwise: text known only at run time, a prefix, a minus into unsigned, another base, an end pointer, a value used in an expression, a base above 16", () =>
    checkCase(rule, {
      code: 'long f(const char *s, char **end)\n{\n\tint n = strtol(s, NULL, 10);\n\tlong p = strtol("12abc", NULL, 10);\n\tunsigned long u = strtoul("-1", NULL, 10);\n\tlong h = strtol("ff", NULL, 16);\n\tunsigned long e = strtoul(s, end, 10);\n\tlong z = strtol(s, NULL, 36);\n\treturn strtol(s, NULL, 10) + n + p + u + h + e + z + strtoimax(s, end, 0);\n}\n',
      unchanged: true,
    }));
  it("the whole port defines the C functions it kept, with the C library's rules, and calls them as the program did", async () => {
    const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n\tchar *end;\n\tlong v = strtol(" +5x", &end, 10);\n\tunsigned long u = strtoul("-1", NULL, 10);\n\n\tprintf("%ld %c %lu\\n", v, *end, u);\n\treturn 0;\n}\n', { name: "p" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("static long strtol(const char *s, char **end, int base)");
    expect(r.output).toContain("static unsigned long strtoul(const char *s, char **end, int base)");
    expect(r.output).toContain('\tlong v = strtol(" +5x", &end, 10);\n\tunsigned long u = strtoul("-1", NULL, 10);');
  });
  it("leaves the strtol() family to the module's own definitions where the program reads errno", () =>
    checkCase(rule, { code: "void f(const char *s)\n{\n\tlong n;\n\n\terrno = 0;\n\tn = strtol(s, NULL, 10);\n\tif (errno)\n\t\tn = 0;\n}\n", unchanged: true }));
  it("leaves atoi(), atol() and atoll() to atoi-atol-defined", () =>
    checkCase(rule, { code: "void f(const char *s)\n{\n\tint n = atoi(s);\n\tlong m = atol(s) + atoll(s);\n}\n", unchanged: true }));
  it("leaves a program's own strtol() alone", () =>
    checkCase(rule, { code: "static long strtol(const char *s, char **e, int b) { return *s - '0'; }\nvoid f(void) { int n = strtol(\"4\", NULL, 10); }\n", unchanged: true }));
  it("needs <linux/kstrtox.h>", async () => {
    const r = await runRule(rule, 'void f(void) { int n = strtol("1", NULL, 10); }\n');
    expect(r.headersNeeded).toEqual(["linux/kstrtox.h", "linux/string.h"]);
  });
});
