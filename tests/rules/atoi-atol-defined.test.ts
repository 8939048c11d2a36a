import { describe, expect, it } from "vitest";
import rule from "../../src/rules/atoi-atol-defined.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

describe("atoi-atol-defined", () => {
  it("defines atoi() on a module strtol() without errno, and keeps the call", async () => {
    const r = await runRule(rule, "int f(const char *s)\n{\n\treturn atoi(s) + 1;\n}\n");
    expect(r.output).toContain("static long strtol(const char *s, char **end, int base)\n");
    expect(r.output).toContain("static int atoi(const char *s)\n{\n\treturn (int)strtol(s, NULL, 10);\n}\n");
    expect(r.output).not.toContain("ERANGE");
    expect(r.output).toContain("\treturn atoi(s) + 1;\n");
  });
  it("defines atoll() on strtoll()", async () => {
    const r = await runRule(rule, "long long f(const char *s)\n{\n\treturn atoll(s);\n}\n");
    expect(r.output).toContain("static long long strtoll(const char *s, char **end, int base)\n");
    expect(r.output).toContain("\treturn strtoll(s, NULL, 10);\n");
    expect(r.output).not.toContain("static long strtol(");
  });
  it("leaves a program that reads errno to errno-to-module-variable, which defines atoi() once", async () => {
    const r = await runAll("#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\terrno = 0;\n\tint n = atoi(\"99999999999999999999\");\n\tprintf(\"%d %d\\n\", n, errno == ERANGE);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output.match(/static int atoi\(/g)).toHaveLength(1);
    expect(r.output).toContain("\t\tprogram_errno = ERANGE;\n");
  });
  it("a whole statement keeps atoi() too: kstrtoint() would reject \"12abc\"", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tint n = atoi(\" 12abc\");\n\tprintf(\"%d\\n\", n);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tint n = atoi(\" 12abc\");\n");
    expect(r.output).not.toContain("kstrto");
  });
});
