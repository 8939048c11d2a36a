import { describe, expect, it } from "vitest";
import rule from "../../src/rules/string-functions-kept.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("string-functions-kept", () => {
  it("changes no text", () =>
    checkCase(rule, { code: "unsigned long f(const char *s) { return strlen(s) + memcmp(s, s, 1); }\n", unchanged: true }));
  it("fires, so that <linux/string.h> is included", async () => {
    const r = await runRule(rule, "unsigned long f(const char *s) { return strlen(s); }\n");
    expect(r.rulesFired).toEqual(["string-functions-kept"]);
    expect(r.headersNeeded).toEqual(["linux/string.h"]);
  });
  it("does not fire without a string function", async () => {
    const r = await runRule(rule, "int f(int x) { return x; }\n");
    expect(r.rulesFired).toEqual([]);
  });
});
