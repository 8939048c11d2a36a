import { describe, it } from "vitest";
import rule from "../../src/rules/perror-to-pr-err.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("perror-to-pr-err", () => {
  it("keeps the program's words and ends the line", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tperror("malloc");\n}\n',
      output: 'void f(void) {\n\tpr_err("malloc\\n");\n}\n',
    }));
  it("prints a string variable through \"%s\\n\"", () =>
    checkCase(rule, {
      code: "void f(const char *what) { perror(what); }\n",
      output: 'void f(const char *what) { pr_err("%s\\n", what); }\n',
    }));
  it("starts its own line even after an open one", () =>
    checkCase(rule, {
      code: 'void f(void) { printf("working... "); perror("step"); }\n',
      output: 'void f(void) { printf("working... "); pr_err("step\\n"); }\n',
    }));
  it("leaves a program's own function named like it alone", () =>
    checkCase(rule, { code: 'void f(void) { log_perror("x"); }\n', unchanged: true }));
});
