import { describe, it } from "vitest";
import rule from "../../src/rules/auto-storage-class-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("auto-storage-class-removed", () => {
  it("removes auto before a local's type, in a for loop's declaration too, with the blank after it", () =>
    checkCase(rule, {
      code: "int f(void)\n{\n\tauto int total = 0;\n\n\tfor (auto int i = 1; i <= 10; i++)\n\t\ttotal += i;\n\treturn total;\n}\n",
      output: "int f(void)\n{\n\tint total = 0;\n\n\tfor (int i = 1; i <= 10; i++)\n\t\ttotal += i;\n\treturn total;\n}\n",
    }));
  it("leaves the word where it names something else", () =>
    checkCase(rule, { code: "int f(int automatic)\n{\n\t/* auto */\n\treturn automatic;\n}\n", unchanged: true }));
});
