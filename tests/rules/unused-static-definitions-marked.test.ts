import { describe, expect, it } from "vitest";
import rule from "../../src/rules/unused-static-definitions-marked.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("unused-static-definitions-marked", () => {
  it("marks a static function and a static variable nothing uses, and leaves the ones something uses", () =>
    checkCase(rule, {
      code: "static int calls;\nstatic int seen = 0, kept;\nstatic int square(int x);\n\nstatic int square(int x)\n{\n\treturn x * x;\n}\n\nstatic int cube(int x)\n{\n\treturn x * cube(1) * x;\n}\n\nint main(void)\n{\n\tkept = square(2);\n\treturn kept;\n}\n",
      output: "static __maybe_unused int calls;\nstatic int seen = 0, kept;\nstatic int square(int x);\n\nstatic int square(int x)\n{\n\treturn x * x;\n}\n\nstatic __maybe_unused int cube(int x)\n{\n\treturn x * cube(1) * x;\n}\n\nint main(void)\n{\n\tkept = square(2);\n\treturn kept;\n}\n",
    }));
  it("leaves inline functions, prototypes, externs, globals and definitions already marked unused or used", () =>
    checkCase(rule, {
      code: "static inline int one(void) { return 1; }\nstatic int two(void);\nextern int three;\nint four;\nstatic int __maybe_unused five;\nstatic __used int six(void) { return 6; }\nint main(void)\n{\n\treturn 0;\n}\n",
      unchanged: true,
    }));
  it("marks a helper the port left unused: the module builds without gcc's warning", async () => {
    const result = await runAll("#include <stdio.h>\n\nstatic void usage(void)\n{\n\tputs(\"usage: demo\");\n}\n\nint main(void)\n{\n\tputs(\"demo\");\n\treturn 0;\n}\n", { name: "demo" });
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("static __maybe_unused void usage(void)\n");
  });
});
