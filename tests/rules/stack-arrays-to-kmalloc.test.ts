import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const PROGRAM = [
  "#include <stdio.h>",
  "#include <string.h>",
  "#include <stdlib.h>",
  "static char *shout(const char *word)",
  "{",
  "\tchar buf[512];",
  "",
  "\tsnprintf(buf, sizeof(buf), \"%s!\", word);",
  "\treturn strdup(buf);",
  "}",
  "static void show(const char *word)",
  "{",
  "\tchar line[1024];",
  "",
  "\tsnprintf(line, sizeof(line), \"[%s]\", word);",
  "\tprintf(\"%s\\n\", line);",
  "}",
  "int main(void)",
  "{",
  "\tchar *s = shout(\"hey\");",
  "",
  "\tif (!s)",
  "\t\treturn 1;",
  "\tshow(s);",
  "\tfree(s);",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("stack-arrays-to-kmalloc", () => {
  it("moves a big array of a function that can fail to kmalloc(), failing with its failure value and freeing before the return, which reads the buffer first", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.module).toContain(
      "static char *shout(const char *word)\n{\n\tchar *buf = kmalloc(512, GFP_KERNEL);\n\tchar *ret;\n\n\tif (!buf)\n\t\treturn NULL;\n\tsnprintf(buf, 512, \"%s!\", word);\n\tret = kstrdup(buf, GFP_KERNEL);\n\tkfree(buf);\n\treturn ret;\n}\n",
    );
  });

  it("leaves a big array where the function has no failure value, and warns at it", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.module).toContain("\tchar line[1024];\n");
    expect(r.diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column}`)).toContain("K3012@13:7");
  });

  it("leaves arrays of 256 bytes or less on the stack", async () => {
    const r = await translate(PROGRAM.replace("char buf[512]", "char buf[256]"), { name: "m" });
    expect(r.module).toContain("\tchar buf[256];\n");
    expect(r.module).not.toContain("kmalloc(256");
  });
});
