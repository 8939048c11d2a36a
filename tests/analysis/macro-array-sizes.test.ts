import { describe, expect, it } from "vitest";
import { translate } from "../../src/node-language.js";

// A size written with a function-like macro (`NELEMS(words)`) is what the preprocessor makes of it.
describe("array sizes through function-like macros", () => {
  const NELEMS = "#define NELEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))\n";

  it("reads NELEMS(words) as the constant it is: no variable-length array, nothing moved", async () => {
    const r = await translate(`#include <stdio.h>\n${NELEMS}int main(void)\n{\n\tconst char *words[] = { "b", "a", "c" };\n\tconst char *seen[NELEMS(words)];\n\tint i;\n\n\tfor (i = 0; i < NELEMS(words); i++)\n\t\tseen[i] = words[i];\n\tprintf("%s\\n", seen[2]);\n\treturn 0;\n}\n`, { name: "words" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("\tconst char *seen[NELEMS(words)];\n");
  });
  it("keeps on the stack a big array a sizeof macro is given: on the heap NELEMS(buf) would divide a pointer's size", async () => {
    const r = await translate(`#include <stdio.h>\n${NELEMS}static int *first(int *out)\n{\n\tint buf[1000];\n\tint i;\n\n\tfor (i = 0; i < NELEMS(buf); i++)\n\t\tbuf[i] = i;\n\t*out = buf[7];\n\treturn out;\n}\nint main(void)\n{\n\tint v;\n\n\tprintf("%d\\n", *first(&v));\n\treturn 0;\n}\n`, { name: "first" });
    expect(r.module).toContain("\tint buf[1000];\n");
    expect(r.module).not.toContain("kmalloc");
  });
});
