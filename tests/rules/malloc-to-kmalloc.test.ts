import { describe, it } from "vitest";
import rule from "../../src/rules/malloc-to-kmalloc.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("malloc-to-kmalloc", () => {
  it("adds GFP_KERNEL after the size", () =>
    checkCase(rule, {
      code: "void f(void) { char *p = malloc(16); }\n",
      output: "void f(void) { char *p = kmalloc(16, GFP_KERNEL); }\n",
    }));
  it("keeps the size expression, spacing and comments as written", () =>
    checkCase(rule, {
      code: "void f(int n) { int *v = malloc( n * sizeof(*v) /* all */ ); }\n",
      output: "void f(int n) { int *v = kmalloc( n * sizeof(*v), GFP_KERNEL /* all */ ); }\n",
    }));
  it("rewrites nested and cast calls", () =>
    checkCase(rule, {
      code: "void f(void) { g((char *)malloc(1), malloc(2)); }\n",
      output: "void f(void) { g((char *)kmalloc(1, GFP_KERNEL), kmalloc(2, GFP_KERNEL)); }\n",
    }));
  it("leaves other identifiers named malloc alone", () =>
    checkCase(rule, { code: "struct s { int malloc; };\nint f(struct s *x) { return x->malloc; }\n", unchanged: true }));
  it("leaves a function pointer to malloc's address alone", () =>
    checkCase(rule, { code: "void f(void) { my_malloc(3); }\n", unchanged: true }));
});
