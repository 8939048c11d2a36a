import { describe, expect, it } from "vitest";
import rule from "../../src/rules/assert-to-warn-on.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("assert-to-warn-on", () => {
  it("returns from a void function when the check fails, with the comparison inverted", () =>
    checkCase(rule, {
      code: "static void push(struct stack *s, int v)\n{\n\tassert(s->top < CAP);\n\ts->items[s->top++] = v;\n}\n",
      output: "static void push(struct stack *s, int v)\n{\n\tif (WARN_ON(s->top >= CAP))\n\t\treturn;\n\ts->items[s->top++] = v;\n}\n",
    }));
  it("returns NULL from a pointer function that already returns NULL", () =>
    checkCase(rule, {
      code: "static char *at(char *s, int i)\n{\n\tassert(s);\n\tif (i < 0)\n\t\treturn NULL;\n\treturn s + i;\n}\n",
      output: "static char *at(char *s, int i)\n{\n\tif (WARN_ON(!s))\n\t\treturn NULL;\n\tif (i < 0)\n\t\treturn NULL;\n\treturn s + i;\n}\n",
    }));
  it("returns false from a bool function, -EINVAL or -1 from an int function, as the function already does", () =>
    checkCase(rule, {
      code:
        "static bool ok(int *p)\n{\n\tassert(!(p == NULL));\n\tif (*p < 0)\n\t\treturn false;\n\treturn true;\n}\n" +
        "static int parse(const char *p)\n{\n\tassert(p != NULL);\n\tif (!*p)\n\t\treturn -EINVAL;\n\treturn 0;\n}\n" +
        "static int find(const int *v, int n)\n{\n\tassert(v && n > 0);\n\tif (!n)\n\t\treturn -1;\n\treturn v[0];\n}\n",
      output:
        "static bool ok(int *p)\n{\n\tif (WARN_ON(p == NULL))\n\t\treturn false;\n\tif (*p < 0)\n\t\treturn false;\n\treturn true;\n}\n" +
        "static int parse(const char *p)\n{\n\tif (WARN_ON(p == NULL))\n\t\treturn -EINVAL;\n\tif (!*p)\n\t\treturn -EINVAL;\n\treturn 0;\n}\n" +
        "static int find(const int *v, int n)\n{\n\tif (WARN_ON(!(v && n > 0)))\n\t\treturn -1;\n\tif (!n)\n\t\treturn -1;\n\treturn v[0];\n}\n",
    }));
  it("warns and goes on where the function has no failure value", () =>
    checkCase(rule, {
      code: "static int average(const int *v, int n)\n{\n\tassert(n > 0);\n\treturn v[0] / n;\n}\n",
      output: "static int average(const int *v, int n)\n{\n\tWARN_ON(n <= 0);\n\treturn v[0] / n;\n}\n",
      diagnostics: ["K2120@3:2"],
    }));
  it("chooses BUG_ON() where the function has no failure value and then writes through the checked index", () =>
    checkCase(rule, {
      code: "static int fill(int *v, int n, int i)\n{\n\tassert(i >= 0 && i < n);\n\tv[i] = 1;\n\treturn v[0];\n}\n",
      output: "static int fill(int *v, int n, int i)\n{\n\tBUG_ON(!(i >= 0 && i < n));\n\tv[i] = 1;\n\treturn v[0];\n}\n",
      diagnostics: ["K2121@3:2"],
    }));
  it("braces the body of an if", () =>
    checkCase(rule, {
      code: "static void f(int *p, int c)\n{\n\tif (c)\n\t\tassert(p);\n}\n",
      output: "static void f(int *p, int c)\n{\n\tif (c) {\n\t\tif (WARN_ON(!p))\n\t\t\treturn;\n\t}\n}\n",
    }));
  it("an assert() inside an expression becomes a WARN_ON() there", () =>
    checkCase(rule, {
      code: "static void f(int x)\n{\n\tint y = (assert(x == 2), x);\n}\n",
      output: "static void f(int x)\n{\n\tint y = (WARN_ON(x != 2), x);\n}\n",
    }));
  it("removes the assertions of a program built with NDEBUG, which never ran", () =>
    checkCase(rule, {
      code: "#define NDEBUG\nstatic void f(int x)\n{\n\tassert(x > 0);\n\tg(x);\n}\n",
      output: "#define NDEBUG\nstatic void f(int x)\n{\n\tg(x);\n}\n",
    }));
  it("leaves a program's own assert() macro alone", () =>
    checkCase(rule, { code: "#define assert(x) ((void)(x))\nvoid f(int *p) { assert(p); }\n", unchanged: true }));
  it("leaves static_assert() to the compiler", () =>
    checkCase(rule, { code: "static_assert(sizeof(int) == 4, \"int\");\n", unchanged: true }));
  it("needs <linux/bug.h>", async () => {
    const r = await runRule(rule, "void f(int *p) { assert(p); }\n");
    expect(r.headersNeeded).toEqual(["linux/bug.h"]);
  });
});
