import { describe, expect, it } from "vitest";
import rule from "../../src/rules/int128-division-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("int128-division-defined", () => {
  it("defines libgcc's five division helpers above the first code that names __int128, static and __used (gcc's calls in the file reach them by name)", async () => {
    const r = await runRule(rule, "static unsigned long long mulmod(unsigned long long a, unsigned long long b, unsigned long long m)\n{\n\treturn (unsigned __int128)a * b % m;\n}\n");
    const out = r.output!;
    for (const name of ["__udivmodti4", "__udivti3", "__umodti3", "__divti3", "__modti3"]) expect(out).toMatch(new RegExp(`\\nstatic __used (?:unsigned )?__int128 ${name}\\(`));
    expect(out.indexOf("__udivmodti4")).toBeLessThan(out.indexOf("static unsigned long long mulmod"));
    expect(out).toContain("\t\tbool carry = r >> 127;\n");
  });
  it("leaves programs that divide no 128-bit integer, and one that defines the helpers itself, alone", async () => {
    await checkCase(rule, { code: "int f(int a, int b)\n{\n\treturn a % b;\n}\n", unchanged: true });
    await checkCase(rule, { code: "int f(unsigned long long v)\n{\n\treturn v == ((__int128)18446744073709551615ULL) && v % 3;\n}\n", unchanged: true });
    await checkCase(rule, { code: "unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)\n{\n\treturn n - d;\n}\n", unchanged: true });
  });
  it("a whole program's port, in the kernel style, keeps them so", async () => {
    const r = await runAll("#include <stdio.h>\n\nint main(void)\n{\n\tunsigned __int128 v = 77;\n\n\tprintf(\"%llu\\n\", (unsigned long long)(v % 10));\n\treturn 0;\n}\n", { name: "m", style: "kernel" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("static __used unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)\n{");
  });
  it("finds a division through the program's typedef of the type", async () => {
    const r = await runRule(rule, "typedef unsigned __int128 wide_t;\nstatic unsigned long long mulmod(unsigned long long a, unsigned long long b, unsigned long long m)\n{\n\treturn (wide_t)a * b % m;\n}\n");
    expect(r.output).toContain("static __used unsigned __int128 __umodti3(");
  });
});
