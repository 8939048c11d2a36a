import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const helper = (body: string) =>
  `#include <stdarg.h>\n#include <stdio.h>\nstatic int say(const char *fmt, ...)\n{\n\tva_list args;\n\tint n;\n\n\tva_start(args, fmt);\n\tn = ${body};\n\tva_end(args);\n\treturn n;\n}\nint main(void)\n{\n\tsay("%d", 1);\n\tsay(" %s\\n", "two");\n\tprintf("three\\n");\n\treturn 0;\n}\n`;

describe("vprintf-to-line-buffer", () => {
  it("sends vprintf()'s va_list to the stdout line buffer, which gets a print function taking a va_list", async () => {
    const r = await runAll(helper("vprintf(fmt, args)"), { name: "v" });
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    expect(r.output).toContain("\tn = vprint_stdout(fmt, args);\n");
    expect(r.output).toContain("static __printf(1, 0) int vprint_stdout(const char *fmt, va_list args)\n{\n\treturn output_line_vprintf(&stdout_output_line, fmt, args);\n}\n");
    // The printf() after it goes through the same buffer, in order.
    expect(r.output).toContain('\tprint_stdout("three\\n");\n');
  });
  it("sends vfprintf(stderr, …) to the stderr buffer and vfprintf(stdout, …) to stdout's", async () => {
    const r = await runAll(helper("vfprintf(stderr, fmt, args) + vfprintf((stdout), fmt, args)"), { name: "v" });
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    expect(r.output).toContain("\tn = vprint_stderr(fmt, args) + vprint_stdout(fmt, args);\n");
    expect(r.output).toContain("static __printf(1, 0) int vprint_stderr(const char *fmt, va_list args)\n");
    // No call prints to stderr through print_stderr(): kept for a macro body's output, and said to be maybe unused.
    expect(r.output).toContain("static __printf(1, 2) __maybe_unused int print_stderr(const char *fmt, ...)");
  });
  it("refuses a FILE * other than stdout and stderr for the file, not as an unknown function", async () => {
    const r = await runAll(helper("vfprintf(log_file, fmt, args)").replace("static int say", 'FILE *log_file;\nstatic void open_log(void)\n{\n\tlog_file = fopen("say.log", "w");\n}\nstatic int say'), { name: "v" });
    expect([...new Set(r.diagnostics.map((d) => d.code))]).toEqual(["K3003"]);
  });
  it("keeps the print function a macro body's printf() uses where only vprintf() writes to the stream in code", async () => {
    const r = await runAll(helper("vprintf(fmt, args)").replace("#include <stdio.h>\n", '#include <stdio.h>\n#define SHOW(x) printf("x=%d\\n", (x))\n').replace('\tprintf("three\\n");', "\tSHOW(3);"), { name: "v" });
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    expect(r.output).toContain('#define SHOW(x) print_stdout("x=%d\\n", (x))');
    expect(r.output).toContain("static __printf(1, 2) __maybe_unused int print_stdout(const char *fmt, ...)");
  });
});
