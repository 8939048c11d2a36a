import { describe, it } from "vitest";
import rule from "../../src/rules/warn-to-pr-warn.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("warn-to-pr-warn", () => {
  it("adds the newline inside the literal", () =>
    checkCase(rule, {
      code: 'void f(int n) {\n\twarnx("skipping item %d", n);\n\twarn("cannot use %s", "x");\n}\n',
      output: 'void f(int n) {\n\tpr_warn("skipping item %d\\n", n);\n\tpr_warn("cannot use %s\\n", "x");\n}\n',
    }));
  it("keeps a newline that is already there", () =>
    checkCase(rule, { code: 'void f(void) { warnx("done\\n"); }\n', output: 'void f(void) { pr_warn("done\\n"); }\n' }));
  it("adds the newline to the last piece of a concatenation, or after a macro piece", () =>
    checkCase(rule, {
      code: 'void f(unsigned long long v) { warnx("a" "b"); warnx("v=%" PRIu64, v); }\n',
      output: 'void f(unsigned long long v) { pr_warn("a" "b\\n"); pr_warn("v=%" PRIu64 "\\n", v); }\n',
    }));
  it("prints a message variable through \"%s\\n\"", () =>
    checkCase(rule, { code: "void f(const char *m) { warnx(m); }\n", output: 'void f(const char *m) { pr_warn("%s\\n", m); }\n' }));
  it("checks the format", () => checkCase(rule, { code: 'void f(void) { warnx("%m"); }\n', diagnostics: ["K2013@1:23"] }));
  it("leaves err() and errx() to the exit rules", () =>
    checkCase(rule, { code: 'void f(void) { errx(1, "x"); }\n', unchanged: true }));
});
