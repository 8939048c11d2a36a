import { describe, expect, it } from "vitest";
import rule from "../../src/rules/statement-header-macros-expanded.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";
import { translate } from "../../src/node-language.js";

describe("statement-header-macros-expanded", () => {
  it("writes a loop macro out where it is used, its arguments in, on the use's line, and leaves a note for the #define", async () => {
    const r = await runRule(rule, "#define FOR(i, a, b) for (int i = (a); i < (b); i++)\nint f(int n)\n{\n\tint s = 0;\n\n\tFOR(k, 0, n) s += k;\n\treturn s;\n}\n");
    expect(r.output).toBe("/* FOR() is written out where it is used. */\nint f(int n)\n{\n\tint s = 0;\n\n\tfor (int k = (0); k < (n); k++) s += k;\n\treturn s;\n}\n");
  });
  it("expands a head macro made of another (rep() of FOR()), an object-like one, and one spread over lines; a long name the grammar reads as its statement stays", async () => {
    const r = await runRule(
      rule,
      "#define FOR(i, a, b) \\\n\tfor (int i = (a); i < (b); ++i)\n#define rep(i, n) FOR(i, 0, n)\n#define forever for (;;)\n#define unless(c) if (!(c))\n#define FOREACH(i, n) for (int i = 0; i < (n); i++)\nvoid f(int *v, int n)\n{\n\trep(i, n) {\n\t\tunless(v[i]) continue;\n\t\tv[i]--;\n\t}\n\tforever {\n\t\tbreak;\n\t}\n\tFOREACH(k, n) v[k] = 0;\n}\n",
    );
    // FOR() is used only in rep()'s body: written out there, its #define kept (unused, harmless).
    expect(r.output).toContain("#define FOR(i, a, b) \\\n\tfor (int i = (a); i < (b); ++i)\n/* rep() is written out where it is used. */\n/* forever is written out where it is used. */\n#define unless(c) if (!(c))\n#define FOREACH(i, n)");
    expect(r.output).toContain("\tfor (int i = (0); i < (n); ++i) {\n\t\tunless(v[i]) continue;\n");
    expect(r.output).toContain("\tfor (;;) {\n");
    expect(r.output).toContain("\tFOREACH(k, n) v[k] = 0;\n");
  });
  it("keeps the #define of a head macro that a macro left as it is still uses in its body", async () => {
    const r = await runRule(rule, "#define FOR(i, n) for (i = 0; i < (n); i++)\n#define SUM(v, n, s) FOR(k, n) s += v[k]\nint f(int *v, int n)\n{\n\tint k, s = 0;\n\n\tFOR(k, n) v[k]++;\n\tSUM(v, n, s);\n\treturn s;\n}\n");
    expect(r.output).toContain("#define FOR(i, n) for (i = 0; i < (n); i++)\n#define SUM(v, n, s) FOR(k, n) s += v[k]\n");
    expect(r.output).toContain("\tfor (k = 0; k < (n); k++) v[k]++;\n\tSUM(v, n, s);\n");
  });
  it("leaves macros whose bodies are more than heads, a name defined twice, and mentions in strings and comments", () =>
    checkCase(rule, {
      code: '#define CHECK(c) if (!(c)) return -1\n#ifdef FAST\n#define EACH(i, n) for (i = 0; i < n; i++)\n#else\n#define EACH(i, n) for (i = n; i-- > 0;)\n#endif\nint f(int n)\n{\n\tint i;\n\n\tCHECK(n > 0);\n\t/* EACH(i, n) */\n\tputs("EACH(i, n)");\n\tEACH(i, n) n++;\n\treturn n;\n}\n',
      unchanged: true,
    }));
  it("lets a program of contest loops port: FOR() and rep() were a syntax error before", async () => {
    const r = await translate("#include <stdio.h>\n#define FOR(i, a, b) for (int i = (a); i < (b); i++)\n#define rep(i, n) FOR(i, 0, n)\nstatic int dp[64];\nint main(void)\n{\n\tdp[0] = 1;\n\tFOR(i, 1, 64) rep(j, i) dp[i] += dp[j] % 7;\n\tprintf(\"%d\\n\", dp[63]);\n\treturn 0;\n}\n", { name: "loops" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toMatch(/\tfor \(int i = \(1\); i < \(64\); i\+\+\).*for \(int j = \(0\); j < \(i\); j\+\+\).*dp\[i\] \+= dp\[j\] % 7;/);
    expect(r.module).not.toMatch(/\b(?:FOR|rep)\(i/);
  });
});
