import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

/** A table printed cell by cell, its lines ended in another function's caller, and an unfinished line on stderr. */
const PIECES = [
  "#include <stdio.h>",
  "static void row(int i)",
  "{",
  "\tfor (int j = 0; j < 3; j++)",
  "\t\tprintf(\"%d \", i * j);",
  "}",
  "int main(void)",
  "{",
  "\tfor (int i = 0; i < 3; i++) {",
  "\t\trow(i);",
  "\t\tprintf(\"\\n\");",
  "\t}",
  "\tprintf(\"done\\n\");",
  "\tfprintf(stderr, \"no newline\");",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("output-line-buffers", () => {
  it("sends output written in pieces through a buffer per stream that logs whole lines", async () => {
    const r = await translate(PIECES, { name: "m" });
    expect(r.rulesFired).toContain("output-line-buffers");
    expect(r.module).toContain('print_stdout("%d ", i * j);');
    expect(r.module).toContain('print_stdout("\\n");');
    expect(r.module).toContain('print_stderr("no newline");');
    // stdout logs at KERN_INFO, stderr at KERN_ERR, a line too long for one record in parts.
    expect(r.module).toContain("static struct output_line stderr_output_line = { .err = true };");
    expect(r.module).toMatch(/pr_err\("%\.\*s%s\\n", \(int\)len, line->text, part \? "\\\\" : ""\);/);
  });

  it("keeps pr_info() for a call that provably writes a whole line onto a closed one", async () => {
    const r = await translate(PIECES, { name: "m" });
    expect(r.module).toContain('\tpr_info("done\\n");\n');
  });

  it("logs what is left on a line when main() returns, as stdio does at exit", async () => {
    const r = await translate(PIECES, { name: "m" });
    expect(r.module).toMatch(/int ret = m_main\(\);\n\n\toutput_lines_flush\(\);\n\treturn ret;/);
  });

  it("is not used where every call writes whole lines", async () => {
    const r = await translate("#include <stdio.h>\nint main(void)\n{\n\tprintf(\"a\\n\");\n\tfprintf(stderr, \"b\\n\");\n\treturn 0;\n}\n", { name: "m" });
    expect(r.rulesFired).not.toContain("output-line-buffers");
    expect(r.module).not.toContain("print_stdout");
  });
});
