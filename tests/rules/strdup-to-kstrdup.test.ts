import { describe, it } from "vitest";
import rule from "../../src/rules/strdup-to-kstrdup.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("strdup-to-kstrdup", () => {
  it("adds GFP_KERNEL", () =>
    checkCase(rule, {
      code: "char *f(const char *s) { return strdup(s); }\n",
      output: "char *f(const char *s) { return kstrdup(s, GFP_KERNEL); }\n",
    }));
  it("leaves strndup for its own rule", () =>
    checkCase(rule, { code: "char *f(const char *s) { return strndup(s, 3); }\n", unchanged: true }));
});
