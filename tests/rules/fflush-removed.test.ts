import { describe, it } from "vitest";
import rule from "../../src/rules/fflush-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("fflush-removed", () => {
  it("removes a call on a line of its own, line and all", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tprintf(".");\n\tfflush(stdout);\n\tprintf("\\n");\n}\n',
      output: 'void f(void) {\n\tprintf(".");\n\tprintf("\\n");\n}\n',
    }));
  it("removes only the call where the line holds more", () =>
    checkCase(rule, {
      code: 'void f(void) { printf("."); fflush(stderr); }\n',
      output: 'void f(void) { printf("."); }\n',
    }));
  it("keeps an if's body a statement", () =>
    checkCase(rule, { code: "void f(int v) {\n\tif (v)\n\t\tfflush(stdout);\n}\n", output: "void f(int v) {\n\tif (v)\n\t\t{ }\n}\n" }));
  it("makes a tested result 0, fflush()'s success", () =>
    checkCase(rule, { code: "int f(void) { return fflush(NULL) != 0; }\n", output: "int f(void) { return 0 != 0; }\n" }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "void f(void *fp) { fflush(fp); }\n", diagnostics: ["K2021@1:27"] }));
  it("leaves other calls alone", () => checkCase(rule, { code: "void f(void) { flush_all(); }\n", unchanged: true }));
});
