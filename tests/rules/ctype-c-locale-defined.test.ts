import { describe, expect, it } from "vitest";
import rule from "../../src/rules/ctype-c-locale-defined.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("ctype-c-locale-defined", () => {
  it("renames a call whose argument may be above 127, and defines the C locale's answer once", async () => {
    const r = await runRule(rule, "int count(const char *s)\n{\n\tint n = 0;\n\n\twhile (*s)\n\t\tn += isspace(*s++) != 0;\n\treturn n + isspace(s[-1]);\n}\n");
    expect(r.output).toContain("static inline int c_isspace(int c)\n{\n\treturn c >= 0 && c <= 127 && isspace(c);\n}\n");
    expect(r.output).toContain("\t\tn += c_isspace(*s++) != 0;\n\treturn n + c_isspace(s[-1]);\n");
    expect(r.output.match(/static inline int c_isspace/g)).toHaveLength(1);
  });
  it("toupper() returns values outside ASCII unchanged, EOF included", async () => {
    const r = await runRule(rule, "int up(int c)\n{\n\treturn toupper(c);\n}\n");
    expect(r.output).toContain("\treturn c >= 0 && c <= 127 ? toupper(c) : c;\n");
  });
  it("keeps the kernel's macro for ASCII constants", () =>
    checkCase(rule, { code: "int f(void)\n{\n\treturn isalpha('a') + isdigit(48) + isspace('\\n');\n}\n", unchanged: true }));
  it("wraps a constant above 127", async () => {
    const r = await runRule(rule, "int f(void)\n{\n\treturn isspace(0xa0) + isalpha('\\xe9');\n}\n");
    expect(r.output).toContain("\treturn c_isspace(0xa0) + c_isalpha('\\xe9');\n");
  });
  it("keeps a call on a variable the expression has just checked to be ASCII, as in its own definition", () =>
    checkCase(rule, {
      code: "static inline int c_isspace(int c)\n{\n\treturn c >= 0 && c <= 127 && isspace(c);\n}\nint up(int c)\n{\n\treturn c >= 0 && c <= 127 ? toupper(c) : c;\n}\n",
      unchanged: true,
    }));
  it("still renames a call whose check is on another variable", async () => {
    const r = await runRule(rule, "int f(int c, int d)\n{\n\treturn d >= 0 && d <= 127 && isspace(c);\n}\n");
    expect(r.output).toContain("&& c_isspace(c);");
  });
  it("a class passed as a value becomes the module's function, defined above its first use; a variable of that name is the program's", async () => {
    const r = await runRule(rule, "int count_if(const char *s, int (*pred)(int));\nint f(const char *s)\n{\n\treturn count_if(s, isdigit);\n}\nint g(int isupper)\n{\n\treturn isupper;\n}\n");
    expect(r.output).toContain("static inline int c_isdigit(int c)\n");
    expect(r.output).toContain("\treturn count_if(s, c_isdigit);\n");
    expect(r.output).toContain("int g(int isupper)\n{\n\treturn isupper;\n}\n");
    expect(r.output).not.toContain("c_isupper");
  });
});
