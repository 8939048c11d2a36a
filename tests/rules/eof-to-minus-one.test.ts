import { describe, it } from "vitest";
import rule from "../../src/rules/eof-to-minus-one.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("eof-to-minus-one", () => {
  it("writes EOF's value in code and in macro bodies", () =>
    checkCase(rule, {
      code: "#define FAILED(r) ((r) == EOF)\nint f(int rc) { return rc == EOF || FAILED(rc); }\n",
      output: "#define FAILED(r) ((r) == (-1))\nint f(int rc) { return rc == (-1) || FAILED(rc); }\n",
    }));
  it("leaves strings, comments and a program's own EOF alone", () =>
    checkCase(rule, {
      code: "#define EOF 0\n/* EOF */ const char *s = \"EOF\"; int e = EOF;\n",
      unchanged: true,
    }));
});
