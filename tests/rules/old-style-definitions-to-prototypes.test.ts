import { describe, it } from "vitest";
import rule from "../../src/rules/old-style-definitions-to-prototypes.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("old-style-definitions-to-prototypes", () => {
  it("declares each parameter in the parentheses with its declared type, in the order named, int where none is declared", () =>
    checkCase(rule, {
      code: "int add(a, b)\nint a, b;\n{\n\treturn a + b;\n}\n\nstatic long pick(s, n, t)\nregister const char *s;\nunsigned long t[];\n{\n\treturn s[n] + t[0];\n}\n",
      output: "int add(int a, int b)\n{\n\treturn a + b;\n}\n\nstatic long pick(const char *s, int n, unsigned long t[])\n{\n\treturn s[n] + t[0];\n}\n",
    }));
  it("declares int each name of a definition that declares none of them, which the grammar reads as a type's name", () =>
    checkCase(rule, {
      code: "int square(x)\n{\n\treturn x * x;\n}\n\nint add(a, b) { return a + b; }\n",
      output: "int square(int x)\n{\n\treturn x * x;\n}\n\nint add(int a, int b) { return a + b; }\n",
    }));
  it("leaves prototypes and definitions without parameter declarations alone", () =>
    checkCase(rule, { code: "int f(int a, int b) { return a + b; }\nint g() { return 0; }\nint h(void) { int x; x = f(1, 2); return x; }\n", unchanged: true }));
});
