import { describe, it } from "vitest";
import rule from "../../src/rules/realloc-to-krealloc.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("realloc-to-krealloc", () => {
  it("keeps the leak-safe temporary-pointer pattern as it is", () =>
    checkCase(rule, {
      code: [
        "int grow(int **v, int n) {",
        "    int *tmp = realloc(*v, n * sizeof(**v));",
        "    if (!tmp)",
        "        return -1;",
        "    *v = tmp;",
        "    return 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "int grow(int **v, int n) {",
        "    int *tmp = krealloc(*v, n * sizeof(**v), GFP_KERNEL);",
        "    if (!tmp)",
        "        return -1;",
        "    *v = tmp;",
        "    return 0;",
        "}",
        "",
      ].join("\n"),
    }));
  it("ports a result assigned straight back, and warns that a failure leaks the old block", () =>
    checkCase(rule, {
      code: "void f(int *p, int n) {\n    p = realloc(p, n);\n}\n",
      output: "void f(int *p, int n) {\n    p = krealloc(p, n, GFP_KERNEL);\n}\n",
      diagnostics: ["K2001@2:9"],
    }));
  it("sees the same pointer through a cast, parentheses and a field", () =>
    checkCase(rule, {
      code: "struct v { int *items; };\nvoid f(struct v *s, int n) {\n    s->items = (int *)realloc(s -> items, n);\n}\n",
      output: "struct v { int *items; };\nvoid f(struct v *s, int n) {\n    s->items = (int *)krealloc(s -> items, n, GFP_KERNEL);\n}\n",
      diagnostics: ["K2001@3:23"],
    }));
  it("does not warn when the result goes to another pointer", () =>
    checkCase(rule, {
      code: "void f(int *p, int *q, int n) { q = realloc(p, n); }\n",
      output: "void f(int *p, int *q, int n) { q = krealloc(p, n, GFP_KERNEL); }\n",
    }));
  it("refuses an ignored result: the block may have moved", () =>
    checkCase(rule, {
      code: "void f(int *p, int n) {\n    realloc(p, n);\n}\n",
      diagnostics: ["K2002@2:5"],
    }));
  it("warns about a size of zero, which returns ZERO_SIZE_PTR", () =>
    checkCase(rule, {
      code: "void f(int *p) { int *q = realloc(p, 0); }\n",
      output: "void f(int *p) { int *q = krealloc(p, 0, GFP_KERNEL); }\n",
      diagnostics: ["K2003@1:27"],
    }));
  it("leaves functions with other names alone", () =>
    checkCase(rule, { code: "void f(void) { my_realloc(0, 2); }\n", unchanged: true }));
});
