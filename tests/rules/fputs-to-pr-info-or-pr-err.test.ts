import { describe, it } from "vitest";
import rule from "../../src/rules/fputs-to-pr-info-or-pr-err.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("fputs-to-pr-info-or-pr-err", () => {
  it("adds no newline, so the pieces of the line go through the stdout buffer", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tfputs("loading", stdout);\n\tfputs(" done\\n", stdout);\n}\n',
      output: 'void f(void) {\n\tprint_stdout("loading");\n\tprint_stdout(" done\\n");\n}\n',
    }));
  it("prints a string variable through %s, through the stderr buffer", () =>
    checkCase(rule, {
      code: "void f(const char *msg) { fputs(msg, stderr); }\n",
      output: 'void f(const char *msg) { print_stderr("%s", msg); }\n',
    }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: 'void f(void *out) { fputs("x", out); }\n', diagnostics: ["K2021@1:32"] }));
  it("leaves puts() to its own rule", () => checkCase(rule, { code: 'void f(void) { puts("x"); }\n', unchanged: true }));
});
