import { describe, it } from "vitest";
import rule from "../../src/rules/calloc-to-kcalloc.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("calloc-to-kcalloc", () => {
  it("adds GFP_KERNEL after the element size", () =>
    checkCase(rule, {
      code: "void f(int n) { int *v = calloc(n, sizeof(*v)); }\n",
      output: "void f(int n) { int *v = kcalloc(n, sizeof(*v), GFP_KERNEL); }\n",
    }));
  it("allocates one zeroed object with kzalloc()", () =>
    checkCase(rule, {
      code: "struct s;\nvoid f(void) { struct s *p = calloc(1, sizeof *p); }\n",
      output: "struct s;\nvoid f(void) { struct s *p = kzalloc(sizeof *p, GFP_KERNEL); }\n",
    }));
  it("keeps a cast and a 1 with a suffix", () =>
    checkCase(rule, {
      code: "void f(void) { char *p = (char *)calloc(1u, 32); }\n",
      output: "void f(void) { char *p = (char *)kzalloc(32, GFP_KERNEL); }\n",
    }));
  it("keeps kcalloc() when only the element size is 1", () =>
    checkCase(rule, {
      code: "void f(int n) { char *p = calloc(n, 1); }\n",
      output: "void f(int n) { char *p = kcalloc(n, 1, GFP_KERNEL); }\n",
    }));
  it("keeps kcalloc() for a count that merely starts with 1", () =>
    checkCase(rule, {
      code: "void f(void) { char *p = calloc(16, 4); }\n",
      output: "void f(void) { char *p = kcalloc(16, 4, GFP_KERNEL); }\n",
    }));
  it("leaves functions with other names alone", () =>
    checkCase(rule, { code: "void f(void) { my_calloc(1, 2); x.calloc = 0; }\n", unchanged: true }));
});
