import { describe, expect, it } from "vitest";
import rule from "../../src/rules/printf-null-pointer-nil.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("printf-null-pointer-nil", () => {
  it("prints %p through the module's function, NULL as (nil) with the width", async () => {
    const r = await runRule(rule, "void f(void **p)\n{\n\tprintf(\"%-12p|\\n\", *p++);\n}\n");
    expect(r.output).toContain('\tprintf("%s|\\n", pointer_text(*p++, "%-12p", "%-12s").text);\n');
    expect(r.output).toContain('\t\tsnprintf(t.text, sizeof(t.text), nil, "(nil)");\n');
  });
  it("leaves printk()'s pointer extensions to printk-formats", () => checkCase(rule, { code: "void f(void *p)\n{\n\tprintf(\"%pS\\n\", p);\n}\n", unchanged: true }));
  it("ports a whole program", async () => {
    const r = await runAll("#include <stdio.h>\nint main(int argc, char *argv[])\n{\n\tprintf(\"%p\\n\", (void *)argv[argc]);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.output).toContain('pr_info("%s\\n", pointer_text((void *)argv[argc], "%p", "%s").text);');
  });
});
