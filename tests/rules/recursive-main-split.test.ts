import { describe, expect, it } from "vitest";
import rule from "../../src/rules/recursive-main-split.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("recursive-main-split", () => {
  it("moves the body of a main() that calls itself into a static function, and a new main() calls it once", () =>
    checkCase(rule, {
      code: "int main(int argc, char **argv)\n{\n\tif (argc <= 1)\n\t\treturn 0;\n\tputs(argv[argc - 1]);\n\treturn main(argc - 1, argv);\n}\n",
      output:
        "static int main_recursive(int argc, char **argv)\n{\n\tif (argc <= 1)\n\t\treturn 0;\n\tputs(argv[argc - 1]);\n\treturn main_recursive(argc - 1, argv);\n}\n\nint main(int argc, char **argv)\n{\n\tint status = main_recursive(argc, argv);\n\n\treturn status;\n}\n",
    }));
  it("leaves a main() that never calls itself, and one whose parameters have no names", async () => {
    await checkCase(rule, { code: "int main(void)\n{\n\treturn 0;\n}\n", unchanged: true });
    await checkCase(rule, { code: "int main(int, char **)\n{\n\treturn main(0, 0);\n}\n", unchanged: true });
  });
  it("ports the whole program: init calls the recursive function, its depth checked", async () => {
    const r = await runAll("#include <stdio.h>\n\nint main(int argc, char **argv)\n{\n\tif (argc <= 1)\n\t\treturn 0;\n\tprintf(\"%s\\n\", argv[argc - 1]);\n\treturn main(argc - 1, argv);\n}\n", { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\tint status = main_recursive(argc, argv);\n");
    expect(r.output).toContain("\treturn main_recursive(argc - 1, argv);\n");
    expect(r.output).not.toMatch(/\bmain\(argc/);
  });
});
