import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "h" })).diagnostics.map((d) => `${d.code}@${d.range?.line}`);

describe("headers that need nothing, and <math.h> without floating point", () => {
  it("ports a program that includes <math.h> and uses only integers", async () => {
    const r = await runAll("#include <math.h>\n#include <stdio.h>\nint main(void)\n{\n\tprintf(\"%d\\n\", abs(-3));\n\treturn 0;\n}\n", { name: "h" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("math.h>\n#include <stdio");
  });
  it("still refuses what <math.h> has of floating point, as K3001", async () => {
    expect(await codes("#include <math.h>\nint main(void)\n{\n\tlong r = sqrtl(4);\n\tint p = M_PI;\n\treturn r + p - 5;\n}\n")).toEqual(["K3001@4", "K3001@5"]);
  });
  it("ports C11's <stdalign.h>, <stdnoreturn.h> and <uchar.h>", async () => {
    for (const h of ["stdalign.h", "stdnoreturn.h", "uchar.h"]) expect(await codes(`#include <${h}>\nint main(void)\n{\n\treturn 0;\n}\n`)).toEqual([]);
  });
});
