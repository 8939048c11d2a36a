import { describe, it } from "vitest";
import rule from "../../src/rules/qsort-to-sort.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("qsort-to-sort", () => {
  it("renames qsort() and passes NULL as the swap function", () =>
    checkCase(rule, {
      code: "void f(int *v, int n)\n{\n\tqsort(v, n, sizeof(*v), cmp_int);\n}\n",
      output: "void f(int *v, int n)\n{\n\tsort(v, n, sizeof(*v), cmp_int, NULL);\n}\n",
    }));
  it("keeps a comment after the last argument where it was", () =>
    checkCase(rule, {
      code: "void f(int *v, int n)\n{\n\tqsort(v, n, sizeof(*v), cmp /* ascending */);\n}\n",
      output: "void f(int *v, int n)\n{\n\tsort(v, n, sizeof(*v), cmp, NULL /* ascending */);\n}\n",
    }));
  it("leaves the program's own qsort() alone", () =>
    checkCase(rule, { code: "static void qsort(int *v, int n) { }\nvoid f(int *v) { qsort(v, 3); }\n", unchanged: true }));
});
