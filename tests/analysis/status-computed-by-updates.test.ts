// main()'s status counted with ++ (or set through &status, or copied from another number) is a
// computed status: init returns (status & 0xff) ? -EINVAL : 0, never the positive count itself, and
// success where the process would have exited 0 (a count of 256).
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (body: string) => `#include <stdio.h>\n\nint main(void)\n{\n\tint failures = 0;\n\tint i;\n\n\tfor (i = 0; i < 3; i++)\n${body}\tprintf("%d\\n", failures);\n\treturn failures;\n}\n`;

describe("a status main() computes with ++, --, & or a copy", () => {
  it.each([["\t\tif (i == 1)\n\t\t\tfailures++;\n"], ["\t\tif (i == 1)\n\t\t\t++failures;\n"], ["\t\tif (i == 1)\n\t\t\tfailures--;\n"]])("%j: init returns -EINVAL for any count but 0", async (body) => {
    const r = await translate(program(body), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("\treturn (failures & 0xff) ? -EINVAL : 0;\n");
  });

  it("a status set through its address is computed too", async () => {
    const src = "#include <stdio.h>\n\nstatic void check(int v, int *bad)\n{\n\tif (v < 0)\n\t\t*bad = 1;\n}\n\nint main(void)\n{\n\tint status = 0;\n\n\tcheck(-1, &status);\n\treturn status;\n}\n";
    const r = await translate(src, { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("\treturn (status & 0xff) ? -EINVAL : 0;\n");
  });

  it("a status copied from a loop counter (errs = i;) takes no allocation tracker: numbers hold no memory", async () => {
    const r = await translate(program("\t\tif (i == 1)\n\t\t\tfailures = i;\n"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("\treturn (failures & 0xff) ? -EINVAL : 0;\n");
    expect(r.module).not.toContain("tracked");
  });

  it("a status that is a comparison is tested as it stands: it is 0 or 1", async () => {
    const src = "#include <stdio.h>\n\nint main(int argc, char **argv)\n{\n\tprintf(\"%s\\n\", argv[0]);\n\treturn argc != 1;\n}\n";
    const r = await translate(src, { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toMatch(/return \(argc != 1\) \? -EINVAL : 0;/);
  });
});
