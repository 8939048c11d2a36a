import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "#include <string.h>",
  "int main(void)",
  "{",
  "\tchar *a = malloc(16);",
  "\tchar *b;",
  "",
  "\tif (!a) {",
  "\t\tfprintf(stderr, \"out of memory\\n\");",
  "\t\treturn 1;",
  "\t}",
  "\tstrcpy(a, \"hello\");",
  "\tif (strlen(a) > 3) {",
  "\t\tfprintf(stderr, \"long word\\n\");",
  "\t\tfree(a);",
  "\t\treturn 1;",
  "\t}",
  "\tb = a;",
  "\tprintf(\"%s\\n\", b);",
  "\tfree(a);",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("oom-messages-removed (kernel style)", () => {
  it("drops the message printed when an allocation just made failed, past declarations without a value, and keeps the handling", async () => {
    const r = await translate(PROGRAM, { name: "m", style: "kernel" });
    expect(r.rulesFired).toContain("oom-messages-removed");
    expect(r.module).not.toContain("out of memory");
    expect(r.module).toMatch(/\tif \(!a\)\n\t\tgoto \w+;\n/);
  });

  it("keeps a message that does not follow an allocation", async () => {
    const r = await translate(PROGRAM, { name: "m", style: "kernel" });
    expect(r.module).toContain('pr_err("long word\\n");');
  });

  it("keeps every message in the minimal style, where check compares them with the program's", async () => {
    const r = await translate(PROGRAM, { name: "m" });
    expect(r.rulesFired).not.toContain("oom-messages-removed");
    expect(r.module).toContain('pr_err("out of memory\\n");');
  });
});
