import { describe, expect, it } from "vitest";
import rule from "../../src/rules/ctype-functions-kept.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("ctype-functions-kept", () => {
  it("changes no text", () =>
    checkCase(rule, { code: "int f(char c) { return isdigit(c) || isalpha(c) ? toupper(c) : tolower(c); }\n", unchanged: true }));
  it("fires, so that <linux/ctype.h> is included", async () => {
    const r = await runRule(rule, "int f(char c) { return isspace(c); }\n");
    expect(r.rulesFired).toEqual(["ctype-functions-kept"]);
    expect(r.headersNeeded).toEqual(["linux/ctype.h"]);
  });
  it("does not handle isblank(), which the kernel lacks", async () => {
    const r = await runRule(rule, "int f(char c) { return isblank(c); }\n");
    expect(r.rulesFired).toEqual([]);
  });
});
