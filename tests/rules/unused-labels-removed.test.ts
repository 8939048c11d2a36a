import { describe, it } from "vitest";
import rule from "../../src/rules/unused-labels-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("unused-labels-removed", () => {
  it("removes a label no goto jumps to, alone on its line or before its statement, and keeps the statement", () =>
    checkCase(rule, {
      code: "int f(int n)\n{\n\tint t = 0;\nagain:\n\tt += n;\nskip:\tt++;\n\tif (t > 10)\n\t\tgoto out;\n\tt *= 2;\nout:\n\treturn t;\n}\n",
      output: "int f(int n)\n{\n\tint t = 0;\n\tt += n;\n\tt++;\n\tif (t > 10)\n\t\tgoto out;\n\tt *= 2;\nout:\n\treturn t;\n}\n",
    }));
  it("leaves a label whose address is taken, case and default labels, and bit-fields", () =>
    checkCase(rule, {
      code: "struct s { int a : 3; };\nint f(int n)\n{\n\tvoid *p = &&here;\nhere:\n\tswitch (n) {\n\tcase 1:\n\t\treturn 1;\n\tdefault:\n\t\treturn p != 0;\n\t}\n}\n",
      unchanged: true,
    }));
  it("keeps a label a macro jumps to, by the name it is given or by its own", () =>
    checkCase(rule, {
      code: "#define CHECK(c, label) do { if (!(c)) goto label; } while (0)\n#define BAIL() goto fail\nint f(int n)\n{\n\tCHECK(n > 0, out);\n\tif (n > 9)\n\t\tBAIL();\n\treturn n;\nfail:\n\treturn -1;\nout:\n\treturn 0;\n}\n",
      unchanged: true,
    }));
});
