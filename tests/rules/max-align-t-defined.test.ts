import { describe, expect, it } from "vitest";
import rule from "../../src/rules/max-align-t-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("max-align-t-defined", () => {
  it("defines max_align_t with glibc's size and alignment above the first code that names it", async () => {
    const { output } = await runRule(rule, "static unsigned char pool[64];\nsize_t align(void)\n{\n\treturn _Alignof(max_align_t);\n}\n");
    expect(output).toContain("typedef struct {\n\tlong long max_align_ll __aligned(16);\n\tchar max_align_rest[24];\n} max_align_t;\n\nsize_t align(void)");
  });
  it("leaves a program that defines its own, or names none", () =>
    Promise.all([
      checkCase(rule, { code: "typedef long max_align_t;\nmax_align_t f(void) { return 0; }\n", unchanged: true }),
      checkCase(rule, { code: "int f(void) { return 0; }\n", unchanged: true }),
    ]));
  it("ports a whole program that rounds blocks to _Alignof(max_align_t)", async () => {
    const r = await runAll("#include <stddef.h>\n#include <stdio.h>\n\nint main(void)\n{\n\tprintf(\"%zu\\n\", _Alignof(max_align_t));\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("} max_align_t;\n");
  });
});
