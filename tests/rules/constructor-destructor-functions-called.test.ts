import { describe, expect, it } from "vitest";
import rule from "../../src/rules/constructor-destructor-functions-called.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("constructor-destructor-functions-called", () => {
  it("calls the constructors first thing in main(), after declarations that read nothing, priorities first, then in the order they are defined", () =>
    checkCase(rule, {
      code: "static int ready;\n__attribute__((constructor)) static void late(void)\n{\n\tready++;\n}\nstatic void __attribute__((constructor(101))) early(void)\n{\n\tready = 1;\n}\nint main(void)\n{\n\tint i;\n\n\tfor (i = 0; i < ready; i++)\n\t\tputs(\"x\");\n\treturn 0;\n}\n",
      output:
        "static int ready;\nstatic void late(void)\n{\n\tready++;\n}\nstatic void early(void)\n{\n\tready = 1;\n}\nint main(void)\n{\n\tint i;\n\n\t/* What the C library ran before main(). */\n\tearly();\n\tlate();\n\n\tfor (i = 0; i < ready; i++)\n\t\tputs(\"x\");\n\treturn 0;\n}\n",
    }));
  it("registers the destructors with atexit() before that, in the order that runs them as the C library did, and declares functions defined after main()", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\tint n = ready;\n\n\treturn n;\n}\n__attribute__((destructor)) static void d1(void) { }\n__attribute__((destructor(200), used)) static void d2(void) { }\nstatic void d3(void) __attribute__((__destructor__));\nstatic void d3(void) { }\n__attribute__((constructor)) static void c1(void) { }\n",
      output:
        "static void d1(void);\nstatic void d2(void);\nstatic void d3(void);\nstatic void c1(void);\n\nint main(void)\n{\n\t/* What the C library ran when the program ended: registered first, so it runs last. */\n\tatexit(d2);\n\tatexit(d1);\n\tatexit(d3);\n\t/* What the C library ran before main(). */\n\tc1();\n\tint n = ready;\n\n\treturn n;\n}\nstatic void d1(void) { }\n__attribute__((used)) static void d2(void) { }\nstatic void d3(void);\nstatic void d3(void) { }\nstatic void c1(void) { }\n",
    }));
  it("leaves attributes of other kinds, and the words elsewhere, alone", () =>
    checkCase(rule, {
      code: "/* a constructor, in a comment */\n__attribute__((unused)) static void f(void) { }\nint main(void)\n{\n\tputs(\"destructor\");\n\treturn 0;\n}\n",
      unchanged: true,
    }));
  it("refuses what init cannot call where the C library did (K1011)", async () => {
    const parameters = await runAll("#include <stdio.h>\n__attribute__((constructor)) static void setup(int argc)\n{\n\tprintf(\"%d\\n\", argc);\n}\nint main(void)\n{\n\treturn 0;\n}\n");
    expect(parameters.diagnostics.filter((d) => d.code === "K1011").map((d) => d.message)).toEqual(["setup() is marked __attribute__((constructor)) and takes parameters (glibc passes argc, argv and the environment), which init has none of"]);
    const undefinedHere = await runAll("#include <stdio.h>\nextern void setup(void) __attribute__((constructor));\nint main(void)\n{\n\treturn 0;\n}\n");
    expect(undefinedHere.diagnostics.map((d) => d.code)).toContain("K1011");
    const recursive = await runAll("#include <stdio.h>\nstatic int n;\n__attribute__((constructor)) static void setup(void)\n{\n\tn = 3;\n}\nint main(void)\n{\n\tif (n-- > 0)\n\t\treturn main();\n\tprintf(\"done\\n\");\n\treturn 0;\n}\n");
    expect(recursive.diagnostics.map((d) => d.code)).toContain("K1011");
  });
  it("ports a program whose destructor frees what its constructor made, the destructor run when init returns", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nstatic char *name;\n__attribute__((constructor)) static void setup(void)\n{\n\tname = strdup(\"hi\");\n}\n__attribute__((destructor)) static void teardown(void)\n{\n\tfree(name);\n}\nint main(void)\n{\n\tprintf(\"%s\\n\", name ? name : \"none\");\n\treturn 0;\n}\n");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).not.toMatch(/__attribute__/);
    expect(r.output).toMatch(/atexit\(teardown\);\n\t\/\* What the C library ran before main\(\)\. \*\/\n\tsetup\(\);/);
    // The module defines atexit() and runs what it registered when init returns.
    expect(r.output).toContain("static int atexit(void (*function)(void))");
    expect(r.output).toMatch(/run_atexit_handlers\(\);\n(?:\tfree_tracked_allocations\(\);\n)?\treturn ret;/);
  });
});
