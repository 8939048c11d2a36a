import { describe, expect, it } from "vitest";
import { DEFAULT_KERNEL } from "../../src/core/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { loadC } from "../../src/node-language.js";
import rule from "../../src/rules/sizeof-division-to-array-size.js";

/** The rule alone, in the kernel style it belongs to (the layout left out). */
async function port(code: string, style: "kernel" | "minimal" = "kernel") {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style, kernel: DEFAULT_KERNEL }, format: (c) => c });
}

describe("sizeof-division-to-array-size (kernel style)", () => {
  it("counts a local array, a file-scope table and a struct member with ARRAY_SIZE(), in each spelling of the division", async () => {
    const r = await port(
      "static const char *names[] = { \"a\", \"b\" };\nint f(void)\n{\n\tint a[10];\n\tstruct { int v[3]; } s;\n\n\treturn sizeof(a) / sizeof(a[0]) + sizeof a / sizeof *a + sizeof(names) / sizeof(*names) + sizeof(s.v) / sizeof(s.v[0]);\n}\n",
    );
    expect(r.output).toContain("\treturn ARRAY_SIZE(a) + ARRAY_SIZE(a) + ARRAY_SIZE(names) + ARRAY_SIZE(s.v);\n");
    expect(r.headersNeeded).toContain("linux/kernel.h");
  });

  it("leaves a pointer alone, a parameter written as an array included: ARRAY_SIZE() of a pointer does not compile", async () => {
    const code = "int f(int *p, int q[4])\n{\n\treturn sizeof(p) / sizeof(p[0]) + sizeof(q) / sizeof(q[0]);\n}\n";
    expect((await port(code)).output).toBe(code);
  });

  it("leaves divisions that do not count the array's own elements", async () => {
    const code = "int f(void)\n{\n\tint a[10], b[4];\n\n\treturn sizeof(a) / sizeof(int) + sizeof(a) / sizeof(b[0]) + sizeof(a) / sizeof(a[1]);\n}\n";
    expect((await port(code)).output).toBe(code);
  });

  it("rewrites a macro's body where the name is an array, and only there", async () => {
    const r = await port("static int table[8];\nstatic int *cursor;\n#define COUNT (sizeof(table) / sizeof(table[0]))\n#define LEFT (sizeof(cursor) / sizeof(cursor[0]))\n");
    expect(r.output).toBe("static int table[8];\nstatic int *cursor;\n#define COUNT (ARRAY_SIZE(table))\n#define LEFT (sizeof(cursor) / sizeof(cursor[0]))\n");
  });

  it("does nothing in the minimal style", async () => {
    const code = "int f(void)\n{\n\tint a[10];\n\n\treturn sizeof(a) / sizeof(a[0]);\n}\n";
    expect((await port(code, "minimal")).output).toBe(code);
  });
});
