import { describe, it } from "vitest";
import rule from "../../src/rules/deprecated-attributes-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("deprecated-attributes-removed", () => {
  it("removes a C23 [[deprecated]] on a line of its own, with its line", () =>
    checkCase(rule, {
      code: '[[deprecated("use g()")]]\nvoid f(void)\n{\n}\n\n[[deprecated]]   \nint x;\n',
      output: "void f(void)\n{\n}\n\nint x;\n",
    }));

  it("removes __attribute__((deprecated)) before or after a declarator, and the blanks it leaves", () =>
    checkCase(rule, {
      code: '__attribute__((deprecated)) int g(void);\nint h(void) __attribute__((__deprecated__("old")));\n',
      output: "int g(void);\nint h(void);\n",
    }));

  it("keeps an attribute list that says more than deprecated", () =>
    checkCase(rule, { code: "int h(void) __attribute__((deprecated, unused));\n[[gnu::unused]] static int y;\n", unchanged: true }));
});
