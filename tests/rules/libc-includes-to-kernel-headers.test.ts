import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

describe("libc-includes-to-kernel-headers", () => {
  it("includes only what the output uses, <linux/module.h> first", async () => {
    const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nint main(void)\n{\n\tprintf("hi\\n");\n\treturn 0;\n}\n', { name: "hi" });
    expect(r.output!.split("\n\n")[0]).toBe("#include <linux/module.h>");
  });

  it("orders library headers before the allocator's", async () => {
    const r = await runAll(
      "#include <stdlib.h>\n#include <string.h>\nint main(void)\n{\n\tchar *p = malloc(strlen(\"ab\") + 1);\n\tfree(p);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.output!.startsWith("#include <linux/module.h>\n#include <linux/string.h>\n#include <linux/slab.h>\nint m_init(void)")).toBe(true);
  });

  it("adds the headers at the top of a program that has no includes, after its opening comment", async () => {
    const r = await runAll("/* tiny */\nint main(void)\n{\n\treturn 0;\n}\n", { name: "tiny" });
    expect(r.output!.startsWith("/* tiny */\n#include <linux/module.h>\n\nint tiny_init(void)")).toBe(true);
  });

  it("adds a missing header to a module after its own includes", async () => {
    const source = '#include <linux/module.h>\n\nint a_init(void)\n{\n\tchar *p = kmalloc(4, GFP_KERNEL);\n\tfree(p);\n\treturn 0;\n}\nmodule_init(a_init);\n';
    const r = await runAll(source);
    expect(r.output).toBe(source.replace("#include <linux/module.h>\n", "#include <linux/module.h>\n#include <linux/slab.h>\n").replace("\tfree(p)", "\tkfree(p)"));
  });
});
