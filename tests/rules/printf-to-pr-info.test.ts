import { describe, it } from "vitest";
import rule from "../../src/rules/printf-to-pr-info.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("printf-to-pr-info", () => {
  it("renames printf and keeps the format and arguments", () =>
    checkCase(rule, {
      code: 'void f(int n) {\n    printf("%d items\\n", n); // count\n}\n',
      output: 'void f(int n) {\n    pr_info("%d items\\n", n); // count\n}\n',
    }));
  it("does not touch fprintf or snprintf", () =>
    checkCase(rule, { code: 'void f(char *b) { snprintf(b, 4, "x"); }\n', unchanged: true }));
});
