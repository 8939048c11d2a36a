import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import rule from "../../src/rules/init-exit-sections.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

const PROGRAM = "#include <stdio.h>\nint main(void)\n{\n\tprintf(\"hi\\n\");\n\treturn 0;\n}\n";

describe("init-exit-sections (kernel style)", () => {
  it("marks the init function __init and the exit function __exit", async () => {
    const r = await translate(PROGRAM, { name: "m", style: "kernel" });
    expect(r.module).toContain("static int __init m_init(void)\n");
    expect(r.module).toContain("static void __exit m_exit(void)\n");
  });

  it("does not mark them twice, and leaves other functions alone", async () => {
    const code = "static int helper(void)\n{\n\treturn 0;\n}\n\nstatic int __init m_init(void)\n{\n\treturn helper();\n}\n\nstatic void m_exit(void)\n{\n}\n";
    expect((await runInStyle(rule, code)).output).toBe(code.replace("static void m_exit", "static void __exit m_exit"));
  });

  it("leaves the minimal style's init and exit as the article wrote them", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.rulesFired).not.toContain("init-exit-sections");
    expect(r.module).toContain("\nint m_init(void)\n");
    expect(r.module).toContain("\nvoid m_exit(void)\n");
  });
});
