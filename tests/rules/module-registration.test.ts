import { describe, it } from "vitest";
import rule from "../../src/rules/module-registration.js";
import { checkCase } from "../helpers/rule-tester.js";

const tail = (brace: string) =>
  `\nvoid hello_exit(void)${brace}\n\nmodule_init(hello_init);\nmodule_exit(hello_exit);\n\nMODULE_LICENSE("GPL");\n`;

describe("module-registration", () => {
  it("appends the exit function and registrations after the last definition", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\treturn 0;\n}\n",
      name: "hello",
      output: `int main(void)\n{\n\treturn 0;\n}\n${tail("\n{\n}")}`,
    }));
  it("follows a K&R brace style", () =>
    checkCase(rule, {
      code: "int main(void) {\n    return 0;\n}\n\n/* end */\n",
      name: "hello",
      output: `int main(void) {\n    return 0;\n}\n${tail(" {\n}")}\n/* end */\n`,
    }));
  it("ends the last line first when the file lacks a final newline", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\treturn 0;\n}",
      name: "hello",
      output: `int main(void)\n{\n\treturn 0;\n}\n${tail("\n{\n}")}`,
    }));
  it("leaves a file that already registers a module alone", () =>
    checkCase(rule, { code: "int a_init(void)\n{\n\treturn 0;\n}\nmodule_init(a_init);\n", unchanged: true }));
});
