import { describe, expect, it } from "vitest";
import rule from "../../src/rules/source-positions-kept.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("source-positions-kept", () => {
  it("writes __func__ in main() as \"main\" and __LINE__ as its line, leaving other functions' __func__", () =>
    checkCase(rule, {
      code: 'static void f(void)\n{\n\tprintf("%s\\n", __func__);\n}\n\nint main(void)\n{\n\tprintf("%s:%d\\n", __func__, __LINE__);\n\treturn __LINE__ - 9;\n}\n',
      output: 'static void f(void)\n{\n\tprintf("%s\\n", __func__);\n}\n\nint main(void)\n{\n\tprintf("%s:%d\\n", "main", 8);\n\treturn 9 - 9;\n}\n',
    }));
  it("gives a macro body's __LINE__ the line of each use, and leaves comments and strings", () =>
    checkCase(rule, {
      code: '#define WHERE() printf("%d\\n", __LINE__)\n/* __LINE__ */\nint main(void)\n{\n\tWHERE();\n\tputs("__LINE__");\n\treturn 0;\n}\n',
      output: '#define WHERE(source_line) printf("%d\\n", (source_line))\n/* __LINE__ */\nint main(void)\n{\n\tWHERE(5);\n\tputs("__LINE__");\n\treturn 0;\n}\n',
    }));
  it("writes __FILE__ as the program's file name, in code and in macro bodies alike", async () => {
    const r = await runAll('#include <stdio.h>\n#define HERE() printf("%s\\n", __FILE__)\n\nint main(void)\n{\n\tHERE();\n\tprintf("%s\\n", __FILE__);\n\treturn 0;\n}\n', { name: "pos", fileStem: "where", fileBase: "where.c" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('#define HERE() pr_info("%s\\n", "where.c")');
    expect(r.output).toContain('pr_info("%s\\n", "where.c");');
  });

  it("makes __func__ say \"main\" throughout main() where a macro brings it there, directly or through another macro", () =>
    checkCase(rule, {
      code: '#define WHERE() printf("in %s\\n", __func__)\n#define TRACE(m) (WHERE(), puts(m))\nstatic void f(void) { WHERE(); }\nint main(void)\n{\n\tTRACE("x");\n\treturn 0;\n}\n',
      output: '#define WHERE() printf("in %s\\n", __func__)\n#define TRACE(m) (WHERE(), puts(m))\nstatic void f(void) { WHERE(); }\n#define __func__ "main"\nint main(void)\n{\n\tTRACE("x");\n\treturn 0;\n}\n\n#undef __func__\n',
    }));

  it("keeps the program's numbers through a whole port, whose module has lines above them", async () => {
    const r = await runAll('#include <stdio.h>\n\nint main(void)\n{\n\tputchar(\'>\');\n\tprintf(" %s:%d\\n", __func__, __LINE__);\n\treturn 0;\n}\n', { name: "pos" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('print_stdout(" %s:%d\\n", "main", 6);');
  });
  it("a macro that brings __LINE__, itself or through another, takes the program's line of each use as a first parameter", () =>
    checkCase(rule, {
      code: '#define AT(msg) printf("%d %s\\n", __LINE__, msg)\n#define WARN_AT(msg) AT(msg)\n#define NOW() __LINE__\nint main(void)\n{\n\tAT("a");\n\tWARN_AT(\n\t\t"b");\n\treturn NOW();\n}\n',
      output: '#define AT(source_line, msg) printf("%d %s\\n", (source_line), msg)\n#define WARN_AT(source_line, msg) AT(source_line, msg)\n#define NOW(source_line) (source_line)\nint main(void)\n{\n\tAT(6, "a");\n\tWARN_AT(7, \n\t\t"b");\n\treturn NOW(9);\n}\n',
    }));
  it("leaves a line an object-like macro brings to the module (it has no argument to carry it)", () =>
    checkCase(rule, { code: "#define HERE __LINE__\n#define AT() HERE\nint main(void)\n{\n\treturn AT();\n}\n", unchanged: true }));
});
