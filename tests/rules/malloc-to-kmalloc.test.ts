import { describe, expect, it } from "vitest";
import rule from "../../src/rules/malloc-to-kmalloc.js";
import { checkCase } from "../helpers/rule-tester.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("malloc-to-kmalloc", () => {
  it("adds GFP_KERNEL after the size", () =>
    checkCase(rule, {
      code: "void f(void) { char *p = malloc(16); }\n",
      output: "void f(void) { char *p = kmalloc(16, GFP_KERNEL); }\n",
    }));
  it("keeps the size expression, spacing and comments as written", () =>
    checkCase(rule, {
      code: "#define N 64\nvoid f(void) { int *v = malloc( N * sizeof(*v) /* all */ ); }\n",
      output: "#define N 64\nvoid f(void) { int *v = kmalloc( N * sizeof(*v), GFP_KERNEL /* all */ ); }\n",
    }));
  it("keeps kmalloc() for a size known to be at most KMALLOC_MAX_SIZE (4 MiB), a single object included", () =>
    checkCase(rule, {
      code: "struct s { int a; };\nvoid f(void) { char *a = malloc(4194304); struct s *b = malloc(sizeof(struct s)); long *c = malloc(1024 * sizeof(long)); }\n",
      output: "struct s { int a; };\nvoid f(void) { char *a = kmalloc(4194304, GFP_KERNEL); struct s *b = kmalloc(sizeof(struct s), GFP_KERNEL); long *c = kmalloc(1024 * sizeof(long), GFP_KERNEL); }\n",
    }));
  it("takes kvmalloc() above 4 MiB, and for a size known only at run time, without the OOM killer or a warning", () =>
    checkCase(rule, {
      code: "void f(int n) { char *a = malloc(4194305); int *v = malloc(n * sizeof(*v)); }\n",
      output:
        "void f(int n) { char *a = kvmalloc(4194305, GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); int *v = kvmalloc(n * sizeof(*v), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); }\n",
    }));
  it("keeps kmalloc() for memory realloc() resizes: krealloc() cannot move vmalloc()'d memory", () =>
    checkCase(rule, {
      code: "void f(int n) { int *v = malloc(n * sizeof(*v)); v = realloc(v, 2 * n * sizeof(*v)); }\n",
      output: "void f(int n) { int *v = kmalloc(n * sizeof(*v), GFP_KERNEL); v = realloc(v, 2 * n * sizeof(*v)); }\n",
    }));
  it("refuses a size above INT_MAX, which kvmalloc() gives on no machine", () =>
    checkCase(rule, { code: "void f(void) { char *a = malloc(3000000000); }\n", diagnostics: ["K2004@1:26"] }));
  it("rewrites nested and cast calls", () =>
    checkCase(rule, {
      code: "void f(void) { g((char *)malloc(1), malloc(2)); }\n",
      output: "void f(void) { g((char *)kmalloc(1, GFP_KERNEL), kmalloc(2, GFP_KERNEL)); }\n",
    }));
  it("leaves other identifiers named malloc alone", () =>
    checkCase(rule, { code: "struct s { int malloc; };\nint f(struct s *x) { return x->malloc; }\n", unchanged: true }));
  it("leaves a function pointer to malloc's address alone", () =>
    checkCase(rule, { code: "void f(void) { my_malloc(3); }\n", unchanged: true }));
  it("in the kernel style, takes the _array form for a count times a sizeof, either way round, parentheses and all", async () => {
    const r = await runInStyle(
      rule,
      "void f(int n, long m) { int *a = malloc(n * sizeof(*a)); int *b = malloc(sizeof(int) * (n + 1)); int *c = malloc((m * sizeof(int))); int *d = malloc(1024 * sizeof(int)); int *e = malloc(N * sizeof(int)); char *g = malloc(n * m); }\n",
    );
    expect(r.output).toBe(
      "void f(int n, long m) { int *a = kvmalloc_array(n, sizeof(*a), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); int *b = kvmalloc_array((n + 1), sizeof(int), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); int *c = kvmalloc_array(m, sizeof(int), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); int *d = kmalloc(1024 * sizeof(int), GFP_KERNEL); int *e = kvmalloc(N * sizeof(int), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); char *g = kvmalloc(n * m, GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); }\n",
    );
    // Memory realloc() resizes stays kmalloc()'d (see above): kmalloc_array() then.
    const resized = await runInStyle(rule, "void f(int n) { int *v = malloc(n * sizeof(*v)); v = realloc(v, 2 * n * sizeof(*v)); }\n");
    expect(resized.output).toBe("void f(int n) { int *v = kmalloc_array(n, sizeof(*v), GFP_KERNEL); v = realloc(v, 2 * n * sizeof(*v)); }\n");
  });
  it("keeps the product in the minimal style", async () => {
    const code = "void f(int n) { int *a = malloc(n * sizeof(*a)); }\n";
    expect((await runInStyle(rule, code, "minimal")).output).toBe("void f(int n) { int *a = kvmalloc(n * sizeof(*a), GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN); }\n");
  });
});
