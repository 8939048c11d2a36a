import { describe, expect, it } from "vitest";
import rule from "../../src/rules/void-main-returns-int.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("void-main-returns-int", () => {
  it("gives void main() the type int, return 0 for return;, and a return 0; where its body ends", () =>
    checkCase(rule, {
      code: "void main()\n{\n\tif (f())\n\t\treturn;\n\tg();\n}\n",
      output: "int main()\n{\n\tif (f())\n\t\treturn 0;\n\tg();\n\treturn 0;\n}\n",
    }));
  it("leaves int main() and other void functions alone", () =>
    checkCase(rule, { code: "static void f(void)\n{\n\treturn;\n}\nint main(void)\n{\n\tf();\n\treturn 0;\n}\n", unchanged: true }));
  it("ports the whole program: init returns 0", async () => {
    const r = await runAll("#include <stdio.h>\n\nvoid main()\n{\n\tprintf(\"hello\\n\");\n}\n", { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("int m_init(void)\n{\n\tpr_info(\"hello\\n\");\n\treturn 0;\n}\n");
  });
});
