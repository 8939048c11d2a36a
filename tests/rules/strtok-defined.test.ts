import { describe, expect, it } from "vitest";
import rule from "../../src/rules/strtok-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("strtok-defined", () => {
  it("defines strtok_r() and strtok() above the first function that calls strtok(), and keeps the calls", async () => {
    const code = "void f(char *line)\n{\n\tfor (char *t = strtok(line, \" \"); t; t = strtok(NULL, \" \"))\n\t\tg(t);\n}\n";
    const r = await runRule(rule, code);
    expect(r.output!.indexOf("static char *strtok_r(")).toBe(0);
    expect(r.output).toContain("static char *strtok_save;\n\nstatic char *strtok(char *s, const char *delim)\n{\n\treturn strtok_r(s, delim, &strtok_save);\n}\n\nvoid f(char *line)\n");
    expect(r.output!.endsWith(code)).toBe(true);
  });
  it("defines only strtok_r() for a program that uses only it", async () => {
    const r = await runRule(rule, "void f(char *line)\n{\n\tchar *save;\n\tg(strtok_r(line, \",\", &save));\n}\n");
    expect(r.output).toContain("static char *strtok_r(");
    expect(r.output).not.toContain("strtok_save");
  });
  it("leaves a program's own strtok() alone", () =>
    checkCase(rule, { code: "static char *strtok(char *s, const char *d) { return s; }\nvoid f(char *l) { strtok(l, \" \"); }\n", unchanged: true }));
  it("ports a whole program that tokenizes with strtok()", async () => {
    const r = await runAll("#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n\tchar s[] = \"a,,b\";\n\tfor (char *t = strtok(s, \",\"); t; t = strtok(NULL, \",\"))\n\t\tprintf(\"%s\\n\", t);\n\treturn 0;\n}\n", { name: "t" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("#include <linux/string.h>\n");
  });
});
