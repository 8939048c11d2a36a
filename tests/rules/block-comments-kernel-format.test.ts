import { describe, expect, it } from "vitest";
import rule from "../../src/rules/block-comments-kernel-format.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("block-comments-kernel-format (kernel style)", () => {
  it("gives a comment over several lines /* and */ on lines of their own and * before each line, at its own indentation", async () => {
    const r = await runInStyle(rule, "/* first\n   second */\nint b;\n\t/* indented\n\t   block */\nint d;\n");
    expect(r.output).toBe("/*\n * first\n * second\n */\nint b;\n\t/*\n\t * indented\n\t * block\n\t */\nint d;\n");
  });

  it("breaks a one-line comment too long for 80 columns into the block shape", async () => {
    const long = "x".repeat(90);
    expect((await runInStyle(rule, `/* ${long} */\nint a;\n`)).output).toBe(`/*\n * ${long}\n */\nint a;\n`);
  });

  it("leaves short one-line comments, // comments, comments already in the shape and the SPDX line", async () => {
    const code = "/* SPDX-License-Identifier: GPL-2.0\n   (a licence line is the file's own) */\n/* one line */\nint a; /* trailing */\n// a line comment\n/*\n * already shaped\n */\nint c;\n";
    expect((await runInStyle(rule, code)).output).toBe(code);
  });

  it("does nothing in the minimal style", async () => {
    const code = "/* first\n   second */\nint b;\n";
    expect((await runInStyle(rule, code, "minimal")).output).toBe(code);
  });
});
