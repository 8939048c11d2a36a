import { describe, it } from "vitest";
import rule from "../../src/rules/line-comment-continuations-closed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("line-comment-continuations-closed", () => {
  it("turns a continued // comment into a block comment over the same lines", () =>
    checkCase(rule, {
      code: "int a;\n// / __ \\\n// \\__/ \\\n// done\nint b;\n",
      output: "int a;\n/* / __ \\\n// \\__/ \\\n// done */\nint b;\n",
    }));
  it("keeps the line it swallowed commented out", () =>
    checkCase(rule, {
      code: "int f(int x)\n{\n\t// see C:\\dir\\\n\tx++;\n\treturn x;\n}\n",
      output: "int f(int x)\n{\n\t/* see C:\\dir\\\n\tx++; */\n\treturn x;\n}\n",
    }));
  it("leaves comments without a continuation, and ones a block comment cannot hold, alone", () =>
    checkCase(rule, {
      code: "int a; // a \\ b\n// ends */ here \\\n// x\nconst char *s = \"// not \\\\\\n\";\n",
      unchanged: true,
    }));
});
