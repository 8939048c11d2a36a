import { describe, expect, it } from "vitest";
import rule, { implicitIntSites } from "../../src/rules/implicit-int-made-explicit.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("implicit-int-made-explicit", () => {
  it("writes int where C89 assumed it: after storage words, before a returned pointer's *, in K&R and prototype definitions and storage-class declarations", () =>
    checkCase(rule, {
      code: "static *squares(int n);\nextern f();\n\ncount(v, n)\nint *v;\n{\n\treturn v[0] + n;\n}\n\nstatic *squares(int n)\n{\n\treturn 0;\n}\n\nconst twice(int x) { return 2 * x; }\n\nmain()\n{\n\treturn count(0, 1);\n}\n",
      output: "static int *squares(int n);\nextern int f();\n\nint count(v, n)\nint *v;\n{\n\treturn v[0] + n;\n}\n\nstatic int *squares(int n)\n{\n\treturn 0;\n}\n\nconst int twice(int x) { return 2 * x; }\n\nint main()\n{\n\treturn count(0, 1);\n}\n",
    }));

  it("leaves typed definitions, macros' uses at the top level, calls in bodies, comments, strings and declarators of a possible type alone", () =>
    checkCase(rule, {
      code: '#define DEFINE_RUN(n) int run_##n(void)\nDEFINE_RUN(a)\n{\n\treturn 0;\n}\nint\nmain (void)\n{\nputs("f() { }");\n/* g()\n{ */\n\treturn 0;\n}\nmodule_init(main);\nstatic f(x);\nunsigned u(void) { return 1; }\n',
      unchanged: true,
    }));

  it("writes int in a variable's declaration that has storage words or qualifiers and no type, and nowhere a type comes first", () =>
    checkCase(rule, {
      code: "static count;\nint f(void)\n{\n\tregister i, j;\n\tstatic *last;\n\tconst limit = 10;\n\tint const x = 1;\n\tchar *const p = 0;\n\tregister size_t n = 0;\n\t/* register q; */\n\tputs(\"static z;\");\n\treturn limit + x + count;\n}\n",
      output: "static int count;\nint f(void)\n{\n\tregister int i, j;\n\tstatic int *last;\n\tconst int limit = 10;\n\tint const x = 1;\n\tchar *const p = 0;\n\tregister size_t n = 0;\n\t/* register q; */\n\tputs(\"static z;\");\n\treturn limit + x + count;\n}\n",
    }));

  it("finds nothing in the bodies of a program's functions, whatever their text", () => {
    const body = "int main(void)\n{\nf(1);\nstatic g(2);\n{\nh();\n}\nreturn 0;\n}\n";
    expect(implicitIntSites(body, new Set())).toEqual([]);
  });

  it("lets the whole port read main() as a definition: the grammar's syntax error is gone and main() becomes init", async () => {
    const result = await runAll("#include <stdio.h>\n\nmain()\n{\n\tprintf(\"hi\\n\");\n\treturn 0;\n}\n", { name: "hi" });
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("int hi_init(void)");
    expect(result.rulesFired).toContain("implicit-int-made-explicit");
  });

  it("and a K&R definition's `register n;` is left to the rule that moves it into the parentheses: one edit each, no overlap", async () => {
    const result = await runAll("#include <stdio.h>\n\nstatic *find(table, n)\nint *table;\nregister n;\n{\n\tregister k = n;\n\treturn table + k;\n}\n\nint main(void)\n{\n\tint t[3] = { 1, 2, 3 };\n\n\tprintf(\"%d\\n\", *find(t, 2));\n\treturn 0;\n}\n", { name: "kr" });
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("static int *find(int *table, int n)\n{\n\tregister int k = n;");
  });
});
