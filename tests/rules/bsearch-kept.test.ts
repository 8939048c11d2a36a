import { describe, expect, it } from "vitest";
import rule from "../../src/rules/bsearch-kept.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("bsearch-kept", () => {
  it("changes no text: the arguments are in the kernel's order already", () =>
    checkCase(rule, { code: "int *f(int *v, int n, int k) { return bsearch(&k, v, n, sizeof(*v), cmp_int); }\n", unchanged: true }));
  it("needs <linux/bsearch.h>", async () => {
    const r = await runRule(rule, "void *f(int *v, int k) { return bsearch(&k, v, 3, 4, cmp); }\n");
    expect(r.headersNeeded).toEqual(["linux/bsearch.h"]);
  });
});
