import { describe, expect, it } from "vitest";
import rule from "../../src/rules/module-metadata.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

const PROGRAM = [
  "/* Counts the words of a sentence. Reads nothing. */",
  "#include <stdio.h>",
  "int main(void)",
  "{",
  '\tprintf("hi\\n");',
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("module-metadata", () => {
  it("kernel style: SPDX line first, pr_fmt() before the first include, MODULE_DESCRIPTION() from the leading comment's first sentence", async () => {
    const r = await runInStyle(rule, PROGRAM);
    expect(r.output).toBe(
      [
        "// SPDX-License-Identifier: GPL-2.0",
        "/* Counts the words of a sentence. Reads nothing. */",
        '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt',
        "",
        "#include <stdio.h>",
        "int main(void)",
        "{",
        '\tprintf("hi\\n");',
        "\treturn 0;",
        "}",
        'MODULE_DESCRIPTION("Counts the words of a sentence");',
        "",
      ].join("\n"),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it("kernel style: --description and --author win, and MODULE_AUTHOR() follows", async () => {
    const r = await runInStyle(rule, PROGRAM, "kernel", { description: 'Says "hi"', author: "A. Person <a@example.org>" });
    expect(r.output).toContain('}\nMODULE_DESCRIPTION("Says \\"hi\\"");\nMODULE_AUTHOR("A. Person <a@example.org>");\n');
  });

  it("kernel style: keeps a program's own SPDX line and pr_fmt(), and names the program when no comment describes it", async () => {
    const own = ["// SPDX-License-Identifier: MIT", '#define pr_fmt(fmt) "x: " fmt', ...PROGRAM.split("\n").slice(1)].join("\n");
    const r = await runInStyle(rule, own);
    expect(r.output).toBe(`${own.trimEnd()}\nMODULE_DESCRIPTION("The m program, as a kernel module");\n`);
  });

  it("a copyright comment is no description", async () => {
    const r = await runInStyle(rule, `/* Copyright (c) 2020 Someone. */\n${PROGRAM.split("\n").slice(1).join("\n")}`);
    expect(r.output).toContain('MODULE_DESCRIPTION("The m program, as a kernel module");');
  });

  it("minimal style: nothing before Linux 6.15, MODULE_DESCRIPTION() alone from 6.15 on", async () => {
    expect((await runInStyle(rule, PROGRAM, "minimal")).output).toBe(PROGRAM);
    const r = await runInStyle(rule, PROGRAM, "minimal", { kernel: { major: 6, minor: 15 } });
    expect(r.output).toBe(`${PROGRAM}MODULE_DESCRIPTION("Counts the words of a sentence");\n`);
  });

  it("minimal style built with W=1: MODULE_DESCRIPTION() from Linux 6.5 on, where modpost's W=1 asks for it", async () => {
    expect((await runInStyle(rule, PROGRAM, "minimal", { w1: true })).output).toBe(PROGRAM);
    const r = await runInStyle(rule, PROGRAM, "minimal", { w1: true, kernel: { major: 6, minor: 5 } });
    expect(r.output).toBe(`${PROGRAM}MODULE_DESCRIPTION("Counts the words of a sentence");\n`);
    expect((await runInStyle(rule, PROGRAM, "minimal", { kernel: { major: 6, minor: 5 } })).output).toBe(PROGRAM);
  });

  it("leaves a file that is already a module alone", async () => {
    const mod = '#include <linux/module.h>\nstatic int x;\nMODULE_LICENSE("GPL");\n';
    expect((await runInStyle(rule, mod)).output).toBe(mod);
  });
});
