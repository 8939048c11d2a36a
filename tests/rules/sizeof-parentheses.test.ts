import { describe, expect, it } from "vitest";
import rule from "../../src/rules/sizeof-parentheses.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("sizeof-parentheses (kernel style)", () => {
  it("writes sizeof of an expression with parentheses, as the kernel does", async () => {
    const r = await runInStyle(rule, "unsigned long f(char *p)\n{\n\treturn sizeof p + sizeof *p + sizeof p[0];\n}\n");
    expect(r.output).toBe("unsigned long f(char *p)\n{\n\treturn sizeof(p) + sizeof(*p) + sizeof(p[0]);\n}\n");
  });

  it("leaves sizeof(x) and sizeof (type) as written, and the minimal style", async () => {
    const code = "unsigned long f(char *p)\n{\n\treturn sizeof(p) + sizeof (int) + sizeof(struct s *);\n}\n";
    expect((await runInStyle(rule, code)).output).toBe(code);
    const bare = "unsigned long f(char *p)\n{\n\treturn sizeof p;\n}\n";
    expect((await runInStyle(rule, bare, "minimal")).output).toBe(bare);
  });
});
