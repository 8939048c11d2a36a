import { describe, it } from "vitest";
import rule from "../../src/rules/fprintf-to-pr-info-or-pr-err.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("fprintf-to-pr-info-or-pr-err", () => {
  it("makes stderr an error line and stdout an informational one", () =>
    checkCase(rule, {
      code: 'void f(int n) {\n\tfprintf(stderr, "bad count %d\\n", n);\n\tfprintf(stdout, "count %d\\n", n);\n}\n',
      output: 'void f(int n) {\n\tpr_err("bad count %d\\n", n);\n\tpr_info("count %d\\n", n);\n}\n',
    }));
  it("drops the stream and the line break after it", () =>
    checkCase(rule, {
      code: 'void f(const char *s) {\n\tfprintf(stderr,\n\t\t"cannot parse %s\\n", s);\n}\n',
      output: 'void f(const char *s) {\n\tpr_err("cannot parse %s\\n", s);\n}\n',
    }));
  it("buffers a line built on stderr, and prints a string variable through %s", () =>
    checkCase(rule, {
      code: 'void f(const char *s) { fprintf(stderr, "error: "); fprintf(stderr, s); fprintf(stderr, "\\n"); }\n',
      output: 'void f(const char *s) { print_stderr("error: "); print_stderr("%s", s); print_stderr("\\n"); }\n',
    }));
  it("checks the format like printf()'s", () =>
    checkCase(rule, { code: 'void f(double d) {\n\tfprintf(stdout, "%.1f\\n", d);\n}\n', diagnostics: ["K2012@2:19"] }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: 'void f(void *log) {\n\tfprintf(log, "x\\n");\n}\n', diagnostics: ["K2021@2:10"] }));
  it("leaves other functions and printf() alone", () =>
    checkCase(rule, { code: 'void f(void) { my_fprintf(stderr, "x\\n"); printf("y\\n"); }\n', unchanged: true }));
});
