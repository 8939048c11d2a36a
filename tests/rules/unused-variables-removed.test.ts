import { describe, it } from "vitest";
import rule from "../../src/rules/unused-variables-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("unused-variables-removed", () => {
  it("removes a declaration nothing uses, its whole line", () =>
    checkCase(rule, {
      code: "int f(void)\n{\n\tint n = 5;\n\tlong arr_one[] = {1};\n\treturn n;\n}\n",
      output: "int f(void)\n{\n\tint n = 5;\n\treturn n;\n}\n",
    }));
  it("removes one declarator of several, with its comma", () =>
    checkCase(rule, {
      code: "int f(int x)\n{\n\tint pos = -1, right, i = 0;\n\tint n,j;\n\tright = x;\n\tn = pos + right;\n\treturn n;\n}\n",
      output: "int f(int x)\n{\n\tint pos = -1, right;\n\tint n;\n\tright = x;\n\tn = pos + right;\n\treturn n;\n}\n",
    }));
  it("keeps variables whose initial value does something, or that a macro or another scope may name", () =>
    checkCase(rule, {
      code: "int g(void);\n#define USE (k + \\\n\tt)\nint f(int x)\n{\n\tint a = g();\n\tint b = x++;\n\tint k = 2, t = 1;\n\tstatic int s;\n\tvolatile int v;\n\tint used = 1;\n\treturn USE + x + used;\n}\n",
      unchanged: true,
    }));
});
