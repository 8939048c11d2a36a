import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const PROGRAM = "/* Greets the reader. Then leaves. */\n#include <stdio.h>\nint main(void)\n{\n\tprintf(\"hi\\n\");\n\treturn 0;\n}\n";

describe("module-metadata", () => {
  it("kernel style: the SPDX line first, pr_fmt() before the includes, the description from the leading comment's first sentence, the author given", async () => {
    const r = await translate(PROGRAM, { name: "m", style: "kernel", author: "A. Author <a@example.org>" });
    expect(r.module!.startsWith("// SPDX-License-Identifier: GPL-2.0\n/* Greets the reader. Then leaves. */\n#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt\n\n#include <linux/module.h>\n")).toBe(true);
    expect(r.module!.endsWith('MODULE_LICENSE("GPL");\nMODULE_DESCRIPTION("Greets the reader");\nMODULE_AUTHOR("A. Author <a@example.org>");\n')).toBe(true);
  });

  it("kernel style: keeps the program's own SPDX line and pr_fmt(), and has no author line without an author", async () => {
    const code = "// SPDX-License-Identifier: MIT\n#include <stdio.h>\n#define pr_fmt(fmt) \"mine: \" fmt\nint main(void)\n{\n\treturn 0;\n}\n";
    const r = await translate(code, { name: "m", style: "kernel" });
    expect(r.module!.match(/SPDX-License-Identifier/g)).toHaveLength(1);
    expect(r.module!.match(/#define pr_fmt/g)).toHaveLength(1);
    expect(r.module).not.toContain("MODULE_AUTHOR");
    expect(r.module).toContain('MODULE_DESCRIPTION("The m program, as a kernel module");');
  });

  it("a --description wins over the comment; a long comment is cut at a word to fit 80 columns", async () => {
    expect((await translate(PROGRAM, { name: "m", style: "kernel", description: "Says hi" })).module).toContain('MODULE_DESCRIPTION("Says hi");');
    const long = `/* ${"word ".repeat(20)}*/\n#include <stdio.h>\nint main(void)\n{\n\treturn 0;\n}\n`;
    const line = (await translate(long, { name: "m", style: "kernel" })).module!.split("\n").find((l) => l.startsWith("MODULE_DESCRIPTION"))!;
    expect(line).toMatch(/^MODULE_DESCRIPTION\("(word )+word\.\.\."\);$/);
    expect(line.length).toBeLessThanOrEqual(80);
  });

  it("minimal style: nothing for 6.1, as the article; MODULE_DESCRIPTION() from 6.15, where modpost warns without it", async () => {
    const old = await translate(PROGRAM, { name: "m" });
    expect(old.module).not.toMatch(/SPDX|pr_fmt|MODULE_DESCRIPTION|MODULE_AUTHOR/);
    const newer = await translate(PROGRAM, { name: "m", kernel: "6.15" });
    expect(newer.module).toContain('MODULE_LICENSE("GPL");\nMODULE_DESCRIPTION("Greets the reader");\n');
    expect(newer.module).not.toMatch(/SPDX|pr_fmt/);
  });
});
