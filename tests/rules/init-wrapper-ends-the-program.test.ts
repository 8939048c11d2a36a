import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const ATEXIT = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "static void bye(void)",
  "{",
  "\tprintf(\"bye\\n\");",
  "}",
  "int main(void)",
  "{",
  "\tatexit(bye);",
  "\tprintf(\"main\\n\");",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("init-wrapper-ends-the-program", () => {
  it("with atexit() handlers, init runs the program's main() and then the handlers, returning main()'s value", async () => {
    const r = await translate(ATEXIT, { name: "m" });
    expect(r.rulesFired).toContain("init-wrapper-ends-the-program");
    expect(r.module).toContain("int m_main(void)\n{\n\tatexit(bye);\n");
    expect(r.module).toContain("/* main() has returned: now the functions atexit() registered run. */\nint m_init(void)\n{\n\tint ret = m_main();\n\n\trun_atexit_handlers();\n\treturn ret;\n}\n");
    expect(r.module).toContain("module_init(m_init);");
  });

  it("with buffered output, init logs what is left when main() returns; with both, the handlers first", async () => {
    const both = ATEXIT.replace('\tprintf("main\\n");', '\tprintf("main");');
    const r = await translate(both, { name: "m" });
    expect(r.module).toMatch(/\/\* main\(\) has returned: the atexit\(\) handlers, then the output left\. \*\/\nint m_init\(void\)\n\{\n\tint ret = m_main\(\);\n\n\trun_atexit_handlers\(\);\n\toutput_lines_flush\(\);\n\treturn ret;\n\}/);
  });

  it("keeps the kernel style's static __init on the wrapper, and leaves a program with neither alone", async () => {
    const r = await translate(ATEXIT, { name: "m", style: "kernel" });
    expect(r.module).toMatch(/static int __init m_init\(void\)\n\{\n\tint ret = m_main\(\);/);
    const plain = await translate("#include <stdio.h>\nint main(void)\n{\n\tprintf(\"a\\n\");\n\treturn 0;\n}\n", { name: "m" });
    expect(plain.rulesFired).not.toContain("init-wrapper-ends-the-program");
    expect(plain.module).not.toContain("m_main");
  });
});
