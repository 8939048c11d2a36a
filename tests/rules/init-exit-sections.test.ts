import { describe, expect, it } from "vitest";
import rule from "../../src/rules/init-exit-sections.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

// The module's init and exit functions, as main-to-module-init leaves them (module name "m").
const PROGRAM = [
  "#include <linux/module.h>",
  "static int m_init(void)",
  "{",
  "\treturn 0;",
  "}",
  "static void __exit m_exit(void)",
  "{",
  "}",
  "static int m_helper(void)",
  "{",
  "\treturn 1;",
  "}",
  "module_init(m_init);",
  "module_exit(m_exit);",
  'MODULE_LICENSE("GPL");',
  "",
].join("\n");

describe("init-exit-sections (kernel style)", () => {
  it("marks the init function __init", async () => {
    expect((await runInStyle(rule, PROGRAM)).output).toContain("static int __init m_init(void)\n");
  });

  it("leaves a function already marked, and every other function, as they are", async () => {
    const r = await runInStyle(rule, PROGRAM);
    expect(r.output).toContain("static void __exit m_exit(void)\n");
    expect(r.output).not.toContain("__exit __exit");
    expect(r.output).toContain("static int m_helper(void)\n");
    expect(r.output.replace("__init ", "")).toBe(PROGRAM);
    expect(r.diagnostics).toEqual([]);
  });

  it("marks the exit function __exit", async () => {
    const r = await runInStyle(rule, PROGRAM.replace("void __exit m_exit", "void m_exit"));
    expect(r.output).toContain("static void __exit m_exit(void)\n");
  });

  it("does nothing in the minimal style", async () => {
    expect((await runInStyle(rule, PROGRAM, "minimal")).output).toBe(PROGRAM);
  });
});
