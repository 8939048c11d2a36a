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
  it("refuses the multibyte conversion state and MB_CUR_MAX as the locale's (K3010), where they are written", async () => {
    expect(await codes("#include <stdlib.h>\n#include <uchar.h>\nmbstate_t state;\nint main(void)\n{\n\treturn MB_CUR_MAX > 1;\n}\n")).toEqual(["K3010@3", "K3010@6"]);
  });
  it("ports C11's <stdalign.h>, <stdnoreturn.h> and <uchar.h>", async () => {
    for (const h of ["stdalign.h", "stdnoreturn.h", "uchar.h"]) expect(await codes(`#include <${h}>\nint main(void)\n{\n\treturn 0;\n}\n`)).toEqual([]);
  });
  it("ports <sys/types.h>, whose types <linux/types.h> has, and drops the include", async () => {
    const r = await runAll("#include <stdio.h>\n#include <sys/types.h>\nint main(void)\n{\n\tssize_t n = -3;\n\tpid_t p = 1;\n\tprintf(\"%zd %d\\n\", n, p);\n\treturn 0;\n}\n", { name: "h" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("sys/types.h");
  });
});

describe("arrays sized by sizeof", () => {
  it("are not variable-length arrays: sizeof does not evaluate its operand", async () => {
    expect(await codes("#include <string.h>\nint main(void)\n{\n\tconst char src[] = \"abc\";\n\tchar a[sizeof src], b[sizeof(src) + 1];\n\tmemcpy(a, src, sizeof a);\n\tmemcpy(b, src, sizeof a);\n\treturn 0;\n}\n")).toEqual([]);
  });
  it("while a size computed at run time still is one: moved to the heap in the function's body or an inner block, refused in a block a goto can leave (K3009)", async () => {
    expect(await codes("#include <string.h>\nint main(void)\n{\n\tconst char *src = \"abc\";\n\tchar a[strlen(src) + 1];\n\tmemcpy(a, src, 4);\n\treturn 0;\n}\n")).toEqual([]);
    expect(await codes("#include <string.h>\nint main(void)\n{\n\tconst char *src = \"abc\";\n\t{\n\t\tchar a[strlen(src) + 1];\n\t\tmemcpy(a, src, 4);\n\t}\n\treturn 0;\n}\n")).toEqual([]);
    expect(await codes("#include <string.h>\nint main(void)\n{\n\tconst char *src = \"abc\";\n\t{\n\t\tchar a[strlen(src) + 1];\n\t\tmemcpy(a, src, 4);\n\t\tif (a[0])\n\t\t\tgoto out;\n\t}\nout:\n\treturn 0;\n}\n")).toEqual(["K3009@6"]);
  });
});
