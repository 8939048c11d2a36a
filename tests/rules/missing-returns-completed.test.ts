import { describe, it } from "vitest";
import rule from "../../src/rules/missing-returns-completed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("missing-returns-completed", () => {
  it("adds return 0 (NULL for a pointer) where a function that returns a value can reach its closing brace", () =>
    checkCase(rule, {
      code: "static int pick(int k)\n{\n\tif (k > 0)\n\t\treturn k * 2;\n}\n\nstatic char *name(int k)\n{\n\tswitch (k) {\n\tcase 1:\n\t\treturn \"one\";\n\t}\n}\n",
      output: "static int pick(int k)\n{\n\tif (k > 0)\n\t\treturn k * 2;\n\treturn 0;\n}\n\nstatic char *name(int k)\n{\n\tswitch (k) {\n\tcase 1:\n\t\treturn \"one\";\n\t}\n\treturn NULL;\n}\n",
    }));
  it("leaves functions whose every path returns or ends the program, void ones, main() and structures", () =>
    checkCase(rule, {
      code: [
        "int a(int k)\n{\n\tif (k)\n\t\treturn 1;\n\telse\n\t\treturn 2;\n}",
        "int b(int k)\n{\n\tfor (;;)\n\t\tif (k++ > 3)\n\t\t\treturn k;\n}",
        "int c(int k)\n{\n\tswitch (k) {\n\tcase 1:\n\t\treturn 1;\n\tdefault:\n\t\texit(1);\n\t}\n}",
        "void d(int k)\n{\n\tif (k)\n\t\treturn;\n}",
        "struct s e(int k)\n{\n\tif (k)\n\t\treturn f();\n}",
        "int main(void)\n{\n\tputs(\"x\");\n}",
        "",
      ].join("\n"),
      unchanged: true,
    }));
  it("adds one after a loop a break can leave", () =>
    checkCase(rule, {
      code: "long find(const int *v)\n{\n\twhile (1) {\n\t\tif (*v == 0)\n\t\t\tbreak;\n\t\tif (*v++ < 0)\n\t\t\treturn -1;\n\t}\n}\n",
      output: "long find(const int *v)\n{\n\twhile (1) {\n\t\tif (*v == 0)\n\t\t\tbreak;\n\t\tif (*v++ < 0)\n\t\t\treturn -1;\n\t}\n\treturn 0;\n}\n",
    }));
});
