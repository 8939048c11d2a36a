import { describe, expect, it } from "vitest";
import rule from "../../src/rules/atexit-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

const PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "",
  "/* Says goodbye. */",
  "static void bye(void)",
  "{",
  '\tputs("bye");',
  "}",
  "",
  "int main(int argc, char **argv)",
  "{",
  "\tatexit(bye);",
  "\tif (argc > 5) {",
  "\t\t_Exit(3);",
  "\t}",
  '\tputs("main");',
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("atexit-defined", () => {
  it("defines atexit() with its table above the first function and its comment, and keeps the call", async () => {
    const r = await runRule(rule, "/* f */\nvoid f(void)\n{\n\tatexit(g);\n}\n");
    expect(r.output).toContain(("/* The functions atexit() registered, in the order it registered them. */\nstatic void (*atexit_handlers[32])(void);\nstatic int atexit_count;\n"));
    expect(r.output).toContain("static void run_atexit_handlers(void)\n{\n\twhile (atexit_count > 0)\n\t\tatexit_handlers[--atexit_count]();\n}\n\n/* f */\nvoid f(void)\n{\n\tatexit(g);\n}\n");
  });

  it("empties the table where the program ends without the handlers (_Exit, _exit, abort)", async () => {
    const r = await runRule(rule, "void f(int n)\n{\n\tatexit(g);\n\tif (n) {\n\t\t_exit(1);\n\t}\n\tabort();\n}\n");
    expect(r.output).toContain("\tif (n) {\n\t\tatexit_count = 0;\n\t\t_exit(1);\n\t}\n\tatexit_count = 0;\n\tabort();\n");
  });

  it("runs the at_quick_exit() table where quick_exit() is called, and skips the atexit() one there", async () => {
    const r = await runRule(rule, "void f(void)\n{\n\tatexit(g);\n\tat_quick_exit(h);\n\tquick_exit(0);\n}\n");
    expect(r.output).toContain("static int at_quick_exit(void (*function)(void))");
    expect(r.output).toContain("\trun_at_quick_exit_handlers();\n\tatexit_count = 0;\n\tquick_exit(0);\n");
  });

  it("says where an end that skips the handlers is not a statement of its own", () =>
    checkCase(rule, { code: "void f(int n)\n{\n\tatexit(g);\n\tif (n)\n\t\t_Exit(1);\n}\n", diagnostics: ["K1003@5:3"] }));

  it("leaves a program's own atexit() alone", () => checkCase(rule, { code: "static int atexit(void (*f)(void)) { return 0; }\nvoid g(void) { atexit(g); }\n", unchanged: true }));

  it("ports a whole program: main() becomes the program's main, and init runs it and then the handlers", async () => {
    const r = await runAll(PROGRAM, { name: "bye" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tif (argc > 5) {\n\t\tatexit_count = 0;\n\t\tgoto out;\n\t}\n");
    expect(r.output).toContain("int bye_main(void)\n{\n");
    expect(r.output).toContain("/* main() has returned: now the functions atexit() registered run. */\nint bye_init(void)\n{\n\tint ret = bye_main();\n\n\trun_atexit_handlers();\n\treturn ret;\n}\n");
    expect(r.output).toContain("module_init(bye_init);");
  });
});
