import { describe, expect, it } from "vitest";
import { translate } from "../../src/node-language.js";

// The failure test after a call that can end the program (insertCheckAfter in rules/statements.ts),
// where the call's statement shares its line with the next one.
describe("a failure test after a statement that shares its line", () => {
  const program = (line: string) =>
    `#include <stdio.h>\n#include <stdlib.h>\nstatic long st[8];\nstatic int sp;\nstatic long pop(void)\n{\n\tif (sp <= 0) {\n\t\tfprintf(stderr, "underflow\\n");\n\t\texit(1);\n\t}\n\treturn st[--sp];\n}\nint main(void)\n{\n\tlong a, b;\n\n\tst[sp++] = 4;\n\tst[sp++] = 5;\n${line}\n\tprintf("%ld\\n", a + b);\n\treturn 0;\n}\n`;

  it("moves the rest of the line under the test, where the test cannot seem to guard it (gcc's -Wmisleading-indentation)", async () => {
    const r = await translate(program("\tb = pop(); a = pop();"), { name: "stack" });
    expect(r.module).toContain("\tb = pop();\n\tif (exit_error)\n\t\treturn exit_error;\n\ta = pop(); if (exit_error) return exit_error;\n");
  });
  it("keeps a comment that ends the line where it was, after the test", async () => {
    const r = await translate(program("\tb = pop(); /* top */\n\ta = pop();"), { name: "stack" });
    expect(r.module).toContain("\tb = pop();\n\tif (exit_error)\n\t\treturn exit_error; /* top */\n\ta = pop();\n\tif (exit_error)\n\t\treturn exit_error;\n");
  });
});
