import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const port = async (code: string) => (await translate(code, { name: "tables", fileName: "tables.c", style: "kernel" })).module ?? "";

describe("const-string-tables (kernel style)", () => {
  it("makes a table that is only read and counted const all the way", async () => {
    const out = await port('#include <stdio.h>\n\nstatic const char *names[] = { "a", "b" };\n\nint main(void)\n{\n\tfor (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)\n\t\tputs(names[i]);\n\treturn 0;\n}\n');
    expect(out).toContain("static const char *const names[] = {");
  });

  it("leaves a table whose slots are written writable, with its length in the brackets", async () => {
    const out = await port('#include <stdio.h>\n\nstatic const char *names[] = { "a", "b" };\n\nint main(void)\n{\n\tnames[0] = names[1];\n\tputs(names[0]);\n\treturn 0;\n}\n');
    expect(out).toContain("static const char *names[2] = {");
  });

  it("makes a function's own table of string literals that is only read static const all the way", async () => {
    const out = await port('#include <stdio.h>\n\nint main(void)\n{\n\tconst char *names[] = { "a", "b" };\n\n\tfor (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)\n\t\tputs(names[i]);\n\treturn 0;\n}\n');
    expect(out).toContain("static const char *const names[] = {");
  });

  it("leaves a function's table that holds more than string literals, or is written, without static", async () => {
    const out = await port('#include <stdio.h>\n\nint main(int argc, char **argv)\n{\n\tconst char *first[] = { "a", argv[0] };\n\tconst char *names[] = { "a", "b" };\n\n\tnames[0] = first[1];\n\tputs(names[0]);\n\treturn argc;\n}\n');
    expect(out).not.toContain("static const char *const first");
    expect(out).not.toContain("static const char *const names");
  });

  it("leaves a table alone when it is used as a pointer that is not const all the way", async () => {
    const out = await port('#include <stdio.h>\n\nstatic const char *names[] = { "a", "b" };\n\nint main(void)\n{\n\tconst char **cursor = names;\n\n\tputs(cursor[1]);\n\treturn 0;\n}\n');
    // Its length goes between the brackets, as for a table whose slots are written (checkpatch's form).
    expect(out).toContain("static const char *names[2] = {");
    expect(out).not.toContain("*const names");
  });
});
