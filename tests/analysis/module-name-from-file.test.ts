// A module name comes from the file's name when --name is not given: a valid C identifier that starts at the name's first letter.
import { describe, expect, it } from "vitest";
import { sanitize } from "../../src/analysis/module-names.js";
import { translate } from "../../src/index.js";

describe("a module name from a file name", () => {
  it.each([["03-queue", "queue"], ["my-prog", "my_prog"], ["_hidden", "hidden"], ["v2_test", "v2_test"], ["prog.v2", "prog_v2"]])("%s gives %s", (stem, name) => {
    expect(sanitize(stem)).toBe(name);
  });
  it("a file named 03-queue.c gives queue_init, not _queue_init", async () => {
    const r = await translate("#include <stdio.h>\n\nint main(void)\n{\n\tprintf(\"hi\\n\");\n\treturn 0;\n}\n", { fileName: "03-queue.c" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("int queue_init(void)");
  });
});
