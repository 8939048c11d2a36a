import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = [
  "#include <stdarg.h>",
  "#include <stdio.h>",
  "static int sum(int count, ...)",
  "{",
  "\tint total = 0;",
  "\tva_list args;",
  "\tva_start(args, count);",
  "\tfor (int i = 0; i < count; i++)",
  "\t\ttotal += va_arg(args, int);",
  "\tva_end(args);",
  "\treturn total;",
  "}",
  "int main(void)",
  "{",
  "\tprintf(\"%d\\n\", sum(3, 1, 2, 3));",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("va-list-macros-kept", () => {
  it("keeps the va_ macros and includes <linux/stdarg.h> from Linux 5.15", async () => {
    const r = await translate(program, { name: "va" });
    expect(r.diagnostics).toEqual([]);
    expect(r.module).toContain("#include <linux/stdarg.h>\n");
    expect(r.module).toContain("\t\ttotal += va_arg(args, int);\n");
    expect(r.rulesFired).toContain("va-list-macros-kept");
  });
  it("adds no include before 5.15, where <linux/kernel.h> brings <stdarg.h>, and still ports the program", async () => {
    const r = await translate(program, { name: "va", kernel: "5.10" });
    expect(r.diagnostics).toEqual([]);
    expect(r.module).not.toContain("stdarg.h");
  });
});
