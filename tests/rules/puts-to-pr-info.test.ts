import { describe, it } from "vitest";
import rule from "../../src/rules/puts-to-pr-info.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("puts-to-pr-info", () => {
  it("writes the newline puts() adds into a literal", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tputs("ready");\n}\n',
      output: 'void f(void) {\n\tpr_info("ready\\n");\n}\n',
    }));
  it("prints a string variable through \"%s\\n\"", () =>
    checkCase(rule, {
      code: "void f(const char *name) { puts(name); }\n",
      output: 'void f(const char *name) { pr_info("%s\\n", name); }\n',
    }));
  it("keeps a literal with a % sign out of the format", () =>
    checkCase(rule, {
      code: 'void f(void) { puts("100%"); }\n',
      output: 'void f(void) { pr_info("%s\\n", "100%"); }\n',
    }));
  it("ends a line printf() left open through the stdout buffer", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tprintf("total: ");\n\tputs("none");\n}\n',
      output: 'void f(void) {\n\tprintf("total: ");\n\tprint_stdout("none\\n");\n}\n',
    }));
  it("leaves fputs() to its own rule", () => checkCase(rule, { code: 'void f(void) { fputs("x", stdout); }\n', unchanged: true }));
});
