import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const PROGRAM = [
  "#include <stdio.h>",
  "#define SHOW(x) printf(\"%d\\n\", (x)->current)",
  "struct range {",
  "\tint current;",
  "\tint *slots[2];",
  "};",
  "struct cursor {",
  "\tint *current;",
  "};",
  "static int jiffies = 3;",
  "static void list_add(struct range *r)",
  "{",
  "\tr->current++;",
  "}",
  "int main(void)",
  "{",
  "\tint n = 1;",
  "\tstruct range r = { .current = 0, .slots = { 0 } };",
  "\tstruct cursor c = { &n };",
  "",
  "\tlist_add(&r);",
  "\tSHOW(&r);",
  "\tprintf(\"current: %d %d %d\\n\", r.current, *c.current, jiffies);",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("kernel-name-clashes-renamed", () => {
  it("renames a function, a variable and a struct tag the kernel defines, at the definition and every use", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.module).toContain("struct m_range {\n");
    expect(r.module).toContain("static int m_jiffies = 3;\n");
    expect(r.module).toContain("static void m_list_add(struct m_range *r)\n");
    expect(r.module).toContain("\tm_list_add(&r);\n");
  });

  it("renames a struct member named after an object-like kernel macro (current) in every struct, access, designated initialiser and macro body", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.module).toContain("struct m_range {\n\tint m_current;\n");
    expect(r.module).toContain("struct cursor {\n\tint *m_current;\n");
    expect(r.module).toContain("\tr->m_current++;\n");
    expect(r.module).toContain("struct m_range r = { .m_current = 0, .slots = { 0 } };");
    expect(r.module).toContain("(x)->m_current)");
    expect(r.module).toContain("r.m_current, *c.m_current, m_jiffies);");
    // A string is text, not a reference.
    expect(r.module).toContain('"current: %d %d %d\\n"');
  });

  it("leaves names the kernel does not define", async () => {
    const code = "#include <stdio.h>\nstruct shelf {\n\tint count;\n};\nint main(void)\n{\n\tstruct shelf s = { 1 };\n\n\tprintf(\"%d\\n\", s.count);\n\treturn 0;\n}\n";
    const r = await translate(code, { name: "m" });
    expect(r.rulesFired).not.toContain("kernel-name-clashes-renamed");
    expect(r.module).toContain("struct shelf {\n\tint count;\n};");
  });
});
