import { describe, expect, it } from "vitest";
import rule from "../../src/rules/abs-labs-to-abs.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("abs-labs-to-abs", () => {
  it("keeps abs() and renames labs() and llabs()", () =>
    checkCase(rule, {
      code: "long f(int a, long b, long long c) { return abs(a) + labs(b) + llabs(c); }\n",
      output: "long f(int a, long b, long long c) { return abs(a) + abs(b) + abs(c); }\n",
    }));
  it("needs <linux/math.h> even when nothing is renamed", async () => {
    const r = await runRule(rule, "int f(int a) { return abs(a); }\n");
    expect(r.output).toBe("int f(int a) { return abs(a); }\n");
    expect(r.headersNeeded).toEqual(["linux/math.h"]);
  });
});
