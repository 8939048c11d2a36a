import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL } from "../../src/core/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { loadC } from "../../src/node-language.js";
import rule from "../../src/rules/blank-line-after-declarations.js";

/** The rule alone, in the kernel style it belongs to; the layout leaves the text as the rule made it. */
async function port(code: string): Promise<string> {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style: "kernel", kernel: DEFAULT_KERNEL }, format: (code) => code }).output;
}

describe("blank-line-after-declarations (kernel style)", () => {
  it("puts a blank line between the declarations and the first statement, above the statement's own comments", async () => {
    expect(await port("void f(void)\n{\n\tint a = 1;\n\tint b = 2;\n\t/* the sum */\n\ta += b;\n}\n")).toBe("void f(void)\n{\n\tint a = 1;\n\tint b = 2;\n\n\t/* the sum */\n\ta += b;\n}\n");
  });

  it("leaves a block that already has the blank line alone", async () => {
    const code = "void f(void)\n{\n\tint a = 1;\n\n\ta++;\n}\n";
    expect(await port(code)).toBe(code);
  });

  it("keeps a declaration's trailing comment, and the lines continuing it at its column, with the declaration", async () => {
    const code = "void f(void)\n{\n\tint a = g(1,\n\t\t  2); // first half of a long\n\t\t      // comment\n\t/* about the call */\n\th(a);\n}\n";
    expect(await port(code)).toBe("void f(void)\n{\n\tint a = g(1,\n\t\t  2); // first half of a long\n\t\t      // comment\n\n\t/* about the call */\n\th(a);\n}\n");
  });

  it("goes after a one-line declaration's trailing comment, not above the declaration", async () => {
    expect(await port("void f(void)\n{\n\tint a = 1; // one\n\ta++;\n}\n")).toBe("void f(void)\n{\n\tint a = 1; // one\n\n\ta++;\n}\n");
  });
});
