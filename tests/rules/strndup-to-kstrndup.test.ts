import { describe, it } from "vitest";
import rule from "../../src/rules/strndup-to-kstrndup.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("strndup-to-kstrndup", () => {
  it("adds GFP_KERNEL after the length", () =>
    checkCase(rule, {
      code: "char *f(const char *s, int n) { return strndup(s + 1, n - 1); }\n",
      output: "char *f(const char *s, int n) { return kstrndup(s + 1, n - 1, GFP_KERNEL); }\n",
    }));
  it("leaves strdup() to its own rule", () =>
    checkCase(rule, { code: "char *f(const char *s) { return strdup(s); }\n", unchanged: true }));
});
