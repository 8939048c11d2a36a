import { describe, it } from "vitest";
import rule from "../../src/rules/calloc-to-kcalloc.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("calloc-to-kcalloc", () => {
  it("adds GFP_KERNEL after the element size", () =>
    checkCase(rule, {
      code: "void f(void) { int n = 8; int *v = calloc(n, sizeof(*v)); v = realloc(v, 4); }\n",
      output: "void f(void) { int n = 8; int *v = kcalloc(n, sizeof(*v), GFP_KERNEL); v = realloc(v, 4); }\n",
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
      code: "#define N 100\nvoid f(void) { char *p = calloc(N, 1); }\n",
      output: "#define N 100\nvoid f(void) { char *p = kcalloc(N, 1, GFP_KERNEL); }\n",
    }));
  it("keeps kcalloc() for a count that merely starts with 1", () =>
    checkCase(rule, {
      code: "void f(void) { char *p = calloc(16, 4); }\n",
      output: "void f(void) { char *p = kcalloc(16, 4, GFP_KERNEL); }\n",
    }));
  it("takes kvcalloc() where count times size may pass 4 MiB, and kvzalloc() for one such element", () =>
    checkCase(rule, {
      code: "void f(int n) { int *v = calloc(n, sizeof(*v)); char *w = calloc(1, 5000000); int *u = calloc(1048576, sizeof(int)); }\n",
      output:
        "void f(int n) { int *v = kvcalloc(n, sizeof(*v), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); char *w = kvzalloc(5000000, GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); int *u = kcalloc(1048576, sizeof(int), GFP_KERNEL); }\n",
    }));
  it("refuses a total above INT_MAX", () =>
    checkCase(rule, { code: "void f(void) { int *v = calloc(1000000000, sizeof(int)); }\n", diagnostics: ["K2004@1:25"] }));
  it("leaves functions with other names alone", () =>
    checkCase(rule, { code: "void f(void) { my_calloc(1, 2); x.calloc = 0; }\n", unchanged: true }));
});
