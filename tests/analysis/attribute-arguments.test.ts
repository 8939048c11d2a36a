import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

describe("an attribute's arguments are not calls", () => {
  it("ports a prototype with __attribute__((format(printf, 1, 2))), the attribute kept as the kernel's compiler reads it", async () => {
    const code =
      '#include <stdarg.h>\n#include <stdio.h>\n\nstatic void say(const char *fmt, ...) __attribute__((format(printf, 1, 2), nonnull(1)));\n\nstatic void say(const char *fmt, ...)\n{\n\tva_list ap;\n\n\tva_start(ap, fmt);\n\tvprintf(fmt, ap);\n\tva_end(ap);\n}\n\nint main(void)\n{\n\tsay("%d\\n", 42);\n\treturn 0;\n}\n';
    const r = await runAll(code, { name: "say" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2), nonnull(1)));\n");
  });
  it("while a call of an unknown function is still refused", async () => {
    const r = await runAll("int main(void)\n{\n\treturn format(1, 2);\n}\n", { name: "f" });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["K1003"]);
  });
});
