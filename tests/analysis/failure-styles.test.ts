// How a helper's exit reaches its caller: NULL or false only where the helper never returns that value itself.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

describe("failure styles of helpers that exit", () => {
  it("passes the failure beside the value where the helper returns NULL itself (get(0) is NULL on purpose)", async () => {
    const r = await translate(
      '#include <stdio.h>\n#include <stdlib.h>\n\nstatic int *get(int k)\n{\n\tint *p;\n\n\tif (k == 0)\n\t\treturn NULL;\n\tp = malloc(sizeof(*p));\n\tif (!p) {\n\t\tprintf("out of memory\\n");\n\t\texit(1);\n\t}\n\t*p = k;\n\treturn p;\n}\n\nint main(void)\n{\n\tint *a = get(0);\n\n\tprintf("a is %s\\n", a ? "set" : "NULL");\n\tfree(a);\n\treturn 0;\n}\n',
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("int *a = get(0);\n\tif (exit_error)\n\t\treturn exit_error;\n");
    expect(r.module).not.toContain("if (!a)");
  });

  it("and where a bool helper returns false itself (not found is no failure)", async () => {
    const r = await translate(
      '#include <stdbool.h>\n#include <stdio.h>\n#include <stdlib.h>\n\nstatic bool find(int k)\n{\n\tint *p;\n\n\tif (k < 0)\n\t\treturn false;\n\tp = malloc(sizeof(*p));\n\tif (!p)\n\t\texit(1);\n\tfree(p);\n\treturn true;\n}\n\nint main(void)\n{\n\tif (!find(-1))\n\t\tprintf("not found\\n");\n\treturn 0;\n}\n',
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("exit_error");
  });
});
