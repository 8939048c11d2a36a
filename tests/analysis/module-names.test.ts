// The module's name and the names of its init and exit functions, chosen so that they never clash with the program's own.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (functions: string[]) =>
  ["#include <stdio.h>", ...functions.map((f) => `static void ${f}(void) { puts("${f}"); }`), "int main(void)", "{", ...functions.map((f) => `\t${f}();`), "\treturn 0;", "}", ""].join("\n");

describe("module names", () => {
  it("takes the prefix the program's functions share for init and exit", async () => {
    const r = await translate(program(["vec_push", "vec_pop"]), { fileStem: "v" });
    expect(r.ok).toBe(true);
    expect([r.names?.module, r.names?.init, r.names?.exit]).toEqual(["vec", "vec_init", "vec_exit"]);
  });

  it("says module_ after the prefix where the program has its own vec_init() or vec_exit(), and a number after that", async () => {
    const own = await translate(program(["vec_init", "vec_push"]), { fileStem: "v" });
    expect(own.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([own.names?.init, own.names?.exit]).toEqual(["vec_module_init", "vec_module_exit"]);
    expect(own.module).toContain("module_init(vec_module_init);");
    const both = await translate(program(["vec_exit", "vec_module_init"]), { fileStem: "v", name: "other" });
    expect(both.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect([both.names?.module, both.names?.init, both.names?.exit]).toEqual(["other", "vec_module2_init", "vec_module2_exit"]);
  });

  it("says module_ too where the kernel already has NAME_init (a program called sparse.c or random.c)", async () => {
    const r = await translate("#include <stdio.h>\nint main(void)\n{\n\tputs(\"hi\");\n\treturn 0;\n}\n", { name: "sparse" });
    expect([r.names?.module, r.names?.init, r.names?.exit]).toEqual(["sparse", "sparse_module_init", "sparse_module_exit"]);
    const fine = await translate("#include <stdio.h>\nint main(void)\n{\n\tputs(\"hi\");\n\treturn 0;\n}\n", { name: "tally" });
    expect(fine.names?.init).toBe("tally_init");
  });
});
