import { describe, it } from "vitest";
import rule from "../../src/rules/reallocarray-to-krealloc-array.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("reallocarray-to-krealloc-array", () => {
  it("adds GFP_KERNEL after the element size", () =>
    checkCase(rule, {
      code: "struct p;\nstruct p *f(struct p *a, int n) { struct p *t = reallocarray(a, n, sizeof(*a)); return t; }\n",
      output: "struct p;\nstruct p *f(struct p *a, int n) { struct p *t = krealloc_array(a, n, sizeof(*a), GFP_KERNEL); return t; }\n",
    }));
  it("warns when the result is assigned back over the array", () =>
    checkCase(rule, {
      code: "void f(long *a, int n) {\n\ta = reallocarray(a, n, sizeof(long));\n}\n",
      output: "void f(long *a, int n) {\n\ta = krealloc_array(a, n, sizeof(long), GFP_KERNEL);\n}\n",
      diagnostics: ["K2001@2:6"],
    }));
  it("refuses an ignored result", () =>
    checkCase(rule, { code: "void f(long *a) { (void)reallocarray(a, 2, 8); }\n", diagnostics: ["K2002@1:25"] }));
  it("leaves realloc() to its own rule", () => checkCase(rule, { code: "void f(long *a) { a = realloc(a, 8); }\n", unchanged: true }));
});
