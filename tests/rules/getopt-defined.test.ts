import { describe, expect, it } from "vitest";
import rule from "../../src/rules/getopt-defined.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

const VALIDATING = "#include <stdio.h>\n#include <stdlib.h>\n#include <unistd.h>\n\nint main(int argc, char **argv)\n{\n\tint opt;\n\tlong n = 1;\n\n\twhile ((opt = getopt(argc, argv, \"n:\")) != -1) {\n\t\tswitch (opt) {\n\t\tcase 'n':\n\t\t\tn = atol(optarg);\n\t\t\tif (n < 1)\n\t\t\t\treturn 1;\n\t\t\tbreak;\n\t\tdefault:\n\t\t\treturn 2;\n\t\t}\n\t}\n\tprintf(\"n = %ld, %d operands\\n\", n, argc - optind);\n\treturn 0;\n}\n";

describe("getopt-defined", () => {
  it("defines glibc's getopt() where the loop stays (an option that does more than set a variable), and the program keeps its argv", async () => {
    const r = await runAll(VALIDATING, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("static int getopt(int argc, char **argv, const char *optstring)\n{");
    expect(r.output).toContain("static int optind = 1, opterr = 1, optopt;");
    // Its messages go to the kernel log as the program's stderr does.
    expect(r.output).toContain("pr_err(\"%s: invalid option -- '%c'\\n\", argv[0], c);");
    expect(r.output).toContain("while ((opt = getopt(argc, argv, \"n:\")) != -1) {");
    expect(r.output).toContain("module_param_array(args, charp, &nr_args, 0444);");
  });
  it("adds nothing where the options become module parameters, or the program has a getopt of its own", async () => {
    const simple = await runAll("#include <unistd.h>\n#include <stdlib.h>\n\nint main(int argc, char **argv)\n{\n\tint c, n = 0;\n\n\twhile ((c = getopt(argc, argv, \"n:\")) != -1)\n\t\tswitch (c) {\n\t\tcase 'n':\n\t\t\tn = atoi(optarg);\n\t\t\tbreak;\n\t\t}\n\treturn n;\n}\n", { name: "m" });
    expect(simple.output).not.toContain("static int getopt(");
    await checkCase(rule, { code: "static int getopt(int c, char **v, const char *s) { return -1; }\nint main(int argc, char **argv)\n{\n\twhile (getopt(argc, argv, \"x\") != -1)\n\t\tputs(\"x\");\n\treturn argc;\n}\n", unchanged: true });
  });
});
