import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL } from "../../src/core/target.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { loadC } from "../../src/index.js";
import rule from "../../src/rules/minmax-macros-to-kernel.js";
import clash from "../../src/rules/kernel-macro-clash-undef.js";

/** The rule in the kernel style, after kernel-macro-clash-undef as the pipeline orders them. */
async function port(code: string, rules = [[clash], [rule]]): Promise<string> {
  return runPipeline(await loadC(), code, rules, { checkPortability: false, target: { style: "kernel", kernel: DEFAULT_KERNEL }, format: (text) => text }).output;
}

describe("minmax-macros-to-kernel", () => {
  it("removes the program's MIN()/MAX() and calls the kernel's min()/max()", async () => {
    const code = "#define MIN(a, b) ((a) < (b) ? (a) : (b))\n#define MAX(x, y) ((x) > (y) ? (x) : (y))\nint f(int p, int q)\n{\n\treturn MIN(p, q) + MAX(p, q);\n}\n";
    expect(await port(code)).toBe("int f(int p, int q)\n{\n\treturn min(p, q) + max(p, q);\n}\n");
  });

  it("removes a definition alone in its #ifndef guard with the guard, and the #undef written above it", async () => {
    const code = "#ifndef min\n#define min(a, b) ((a) <= (b) ? (a) : (b))\n#endif\n\nint f(int p, int q)\n{\n\treturn min(p, q);\n}\n";
    expect(await port(code)).toBe("\nint f(int p, int q)\n{\n\treturn min(p, q);\n}\n");
  });

  it("keeps a guard that holds more than the definition, and a macro that is not the two-argument ternary", async () => {
    const code = "#ifndef LIMITS\n#define LIMITS 1\n#define MIN(a, b) ((a) < (b) ? (a) : (b))\n#endif\n#define PICK(a, b) ((a) ? (a) : (b))\nint f(int p, int q)\n{\n\treturn MIN(p, q) + PICK(p, q);\n}\n";
    expect(await port(code)).toBe("#ifndef LIMITS\n#define LIMITS 1\n#endif\n#define PICK(a, b) ((a) ? (a) : (b))\nint f(int p, int q)\n{\n\treturn min(p, q) + PICK(p, q);\n}\n");
  });
});
