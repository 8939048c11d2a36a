import { describe, it } from "vitest";
import rule from "../../src/rules/free-to-kfree.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("free-to-kfree", () => {
  it("renames the call and keeps its argument", () =>
    checkCase(rule, { code: "void f(int **p) { free(*p); free (p); }\n", output: "void f(int **p) { kfree(*p); kfree (p); }\n" }));
  it("frees with kvfree() in a program some of whose memory comes from kvmalloc(), whichever allocation a pointer holds", () =>
    checkCase(rule, {
      code: "void g(char *q) { free(q); }\nvoid f(int n) { char *a = malloc(n); char *b = malloc(8); free(a); g(b); }\n",
      output: "void g(char *q) { kvfree(q); }\nvoid f(int n) { char *a = malloc(n); char *b = malloc(8); kvfree(a); g(b); }\n",
    }));
  it("leaves a function that merely contains 'free' in its name", () =>
    checkCase(rule, { code: "void f(void *p) { free_list(p); }\n", unchanged: true }));
});
