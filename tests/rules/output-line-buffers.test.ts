import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import rule from "../../src/rules/output-line-buffers.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

const program = (...body: string[]) => ["#include <stdio.h>", "int main(void)", "{", ...body, "\treturn 0;", "}", ""].join("\n");

describe("output-line-buffers", () => {
  it("a line built in pieces: stdout's buffer and its printer are added before the first function, and the calls use it", async () => {
    const r = await runAll(program("\tint i;", "", "\tfor (i = 0; i < 3; i++)", '\t\tprintf("%d ", i);', '\tprintf("\\n");'), { name: "t" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("#define OUTPUT_LINE_PART 900\n\nstruct output_line {\n\tbool err;\n\tsize_t len;\n\tchar text[2 * OUTPUT_LINE_PART];\n};\n\nstatic struct output_line stdout_output_line;\n");
    expect(r.output).toContain("static __printf(1, 2) int print_stdout(const char *fmt, ...)\n");
    expect(r.output).toContain("static void output_lines_flush(void)\n{\n\toutput_line_end(&stdout_output_line);\n}\n");
    // Three calls of kernelize's own printer: no scheduling point (its loops are the library's, as vsnprintf()'s are).
    expect(r.output).toContain('\tfor (i = 0; i < 3; i++)\n\t\tprint_stdout("%d ", i);\n\tprint_stdout("\\n");\n');
    expect(r.output).not.toContain("stderr_output_line");
  });

  it("stderr gets its own buffer, logged at pr_err()'s level", async () => {
    const r = await runAll(program('\tfprintf(stderr, "bad: ");', '\tfprintf(stderr, "%d\\n", 3);'), { name: "t" });
    expect(r.output).toContain("static struct output_line stderr_output_line = { .err = true };\n");
    expect(r.output).toContain('\tprint_stderr("bad: ");\n');
    expect(r.output).not.toContain("stdout_output_line");
  });

  it("adds nothing where every call writes whole lines", async () => {
    const code = program('\tprintf("one\\n");', '\tprintf("%d\\n", 2);');
    expect((await runRule(rule, code)).output).toBe(code);
    expect((await runAll(code, { name: "t" })).output).not.toContain("output_line");
  });

  it("picks other names where the program uses output_line", async () => {
    const r = await runAll(program("\tint output_line = 1;", "", '\tprintf("%d", output_line);'), { name: "t" });
    expect(r.output).toContain("struct module_output_line {");
    expect(r.output).toContain("static void module_output_lines_flush(void)\n");
  });

  it("marks the printers __printf(), in both styles, so the compiler checks each call's format (and W=1 asks for nothing)", async () => {
    for (const style of ["kernel", "minimal"] as const) {
      const r = await translate(program('\tprintf("x");'), { name: "t", style });
      expect(r.module).toMatch(/static __printf\(1, 2\) int print_stdout\(const char \*fmt, \.\.\.\)/);
      expect(r.module).toMatch(/static __printf\(2, 0\) int output_line_vprintf\(/);
    }
  });
});

describe("output-line-buffers: functions called through a pointer", () => {
  it("an atexit() handler may run while main() has left a line open: its output goes through the buffer, after the open line", async () => {
    const code = ["#include <stdio.h>", "#include <stdlib.h>", "static void bye(void)", "{", '\tputs("bye");', "}", "int main(void)", "{", "\tatexit(bye);", '\tprintf("no newline");', "\treturn 0;", "}", ""].join("\n");
    const r = await runAll(code, { name: "t" });
    expect(r.output).toContain('static void bye(void)\n{\n\tprint_stdout("bye\\n");\n}');
  });
  it("a call through a pointer to a function that may leave a line open continues that line: the next printf() joins it", async () => {
    const r = await translate(
      "#include <stdio.h>\n\nstatic void dot(void)\n{\n\tprintf(\".\");\n}\n\nint main(void)\n{\n\tvoid (*step)(void) = dot;\n\n\tprintf(\"a\\n\");\n\tstep();\n\tprintf(\"b\\n\");\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain('\tpr_info("a\\n");\n\tstep();\n\tprint_stdout("b\\n");\n');
  });
});
