import { describe, it } from "vitest";
import rule from "../../src/rules/empty-parameter-lists-to-void.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("empty-parameter-lists-to-void", () => {
  it("gives a definition with () the parameter list (void)", () =>
    checkCase(rule, {
      code: "static void test()\n{\n}\nint *make() { return 0; }\n",
      output: "static void test(void)\n{\n}\nint *make(void) { return 0; }\n",
    }));
  it("gives a prototype the parameters of the file's own definition", () =>
    checkCase(rule, {
      code: "int add();\nint add(int a, long b) { return a + b; }\nint main(void) { return add(1, 2); }\n",
      output: "int add(int a, long b);\nint add(int a, long b) { return a + b; }\nint main(void) { return add(1, 2); }\n",
    }));
  it("gives a prototype without a definition (void) when every call passes nothing", () =>
    checkCase(rule, {
      code: "int tick();\nint main(void) { return tick(); }\n",
      output: "int tick(void);\nint main(void) { return tick(); }\n",
    }));
  it("stops where the parameters cannot be told", () =>
    checkCase(rule, {
      code: "int ext();\nint (*cmp)();\nint main(void) { return ext(1); }\n",
      diagnostics: ["K4001@1:8", "K4001@2:11"],
    }));
  it("stops at a call that passes arguments to a definition without parameters", () =>
    checkCase(rule, {
      code: "int zero() { return 0; }\nint main(void) { return zero(3); }\n",
      diagnostics: ["K4001@2:25"],
    }));
  it("leaves calls, (void), macros and removed code alone", () =>
    checkCase(rule, {
      code: "#define F() 1\nint f(void);\nint g(void) { return f() + F(); }\n#ifdef _WIN32\nint h();\n#endif\n",
      unchanged: true,
    }));
});
