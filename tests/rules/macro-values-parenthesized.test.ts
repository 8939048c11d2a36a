import { describe, expect, it } from "vitest";
import rule from "../../src/rules/macro-values-parenthesized.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("macro-values-parenthesized (kernel style)", () => {
  it("puts a macro value that operators around its use could split in parentheses", async () => {
    const r = await runInStyle(rule, "int x;\nstruct s { int y; } *v;\n#define N (int)x\n#define T v->y\n#define SUM 1 + 2\n#define NEG -x\n");
    expect(r.output).toBe("int x;\nstruct s { int y; } *v;\n#define N ((int)x)\n#define T (v->y)\n#define SUM (1 + 2)\n#define NEG (-x)\n");
  });

  it("leaves single tokens, literals, string concatenations, calls, parenthesised groups, blocks and function-like macros", async () => {
    const code = "#define M 10\n#define HEX 0x1f\n#define E -1\n#define S \"a\" \"b\"\n#define C 'c'\n#define H f(1)\n#define G (1 + 2)\n#define B { 1, 2 }\n#define D do { } while (0)\n#define F(a) a + 1\n#define EMPTY\n";
    expect((await runInStyle(rule, code)).output).toBe(code);
  });

  it("keeps an object-like macro object-like when its value starts right after its name", async () => {
    // gcc takes `#define R\x1aX y` as R with the value `\x1aX y` (warning about the missing space).
    const r = await runInStyle(rule, "#define R\x1aX y\n");
    expect(r.output).toBe("#define R (\x1aX y)\n");
  });

  it("does nothing in the minimal style", async () => {
    const code = "int x;\n#define N (int)x\n";
    expect((await runInStyle(rule, code, "minimal")).output).toBe(code);
  });
});
