import { describe, it } from "vitest";
import rule from "../../src/rules/free-to-kfree.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("free-to-kfree", () => {
  it("renames the call and keeps its argument", () =>
    checkCase(rule, { code: "void f(int **p) { free(*p); free (p); }\n", output: "void f(int **p) { kfree(*p); kfree (p); }\n" }));
  it("leaves a function that merely contains 'free' in its name", () =>
    checkCase(rule, { code: "void f(void *p) { free_list(p); }\n", unchanged: true }));
});
