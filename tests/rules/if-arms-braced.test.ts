import { describe, expect, it } from "vitest";
import { loadC } from "../../src/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { DEFAULT_KERNEL } from "../../src/core/target.js";
import rule from "../../src/rules/if-arms-braced.js";

/** The rule alone, in the kernel style it belongs to; the layout leaves the text as the rule made it. */
async function brace(code: string, style: "kernel" | "minimal" = "kernel"): Promise<string | undefined> {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style, kernel: DEFAULT_KERNEL }, format: (code) => code }).output;
}

const inFunction = (body: string) => `void f(int a, int b)\n{\n${body}\n}\n`;

describe("if-arms-braced (kernel style)", () => {
  it("braces the single-statement else of an if whose arm is a block", async () => {
    expect(await brace(inFunction("\tif (a) {\n\t\tg();\n\t\th();\n\t} else\n\t\tg();"))).toBe(inFunction("\tif (a) {\n\t\tg();\n\t\th();\n\t} else\n\t\t{ g(); }"));
  });
  it("braces every single-statement arm of an else-if chain, the first included", async () => {
    expect(await brace(inFunction("\tif (a)\n\t\tg();\n\telse if (b) {\n\t\th();\n\t\tg();\n\t} else\n\t\th();"))).toBe(
      inFunction("\tif (a)\n\t\t{ g(); }\n\telse if (b) {\n\t\th();\n\t\tg();\n\t} else\n\t\t{ h(); }"),
    );
  });
  it("leaves chains whose arms are all blocks or all single statements, an if without an else, and the minimal style alone", async () => {
    for (const body of ["\tif (a)\n\t\tg();\n\telse\n\t\th();", "\tif (a) {\n\t\tg();\n\t} else {\n\t\th();\n\t}", "\tif (a) {\n\t\tg();\n\t\th();\n\t}\n\tif (b)\n\t\tg();"]) {
      expect(await brace(inFunction(body))).toBe(inFunction(body));
    }
    const mixed = inFunction("\tif (a) {\n\t\tg();\n\t\th();\n\t} else\n\t\tg();");
    expect(await brace(mixed, "minimal")).toBe(mixed);
  });
});
