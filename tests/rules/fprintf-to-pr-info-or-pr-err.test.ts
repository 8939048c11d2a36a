import { describe, expect, it } from "vitest";
import rule from "../../src/rules/fprintf-to-pr-info-or-pr-err.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("fprintf-to-pr-info-or-pr-err", () => {
  it("makes stderr an error line and stdout an informational one", () =>
    checkCase(rule, {
      code: 'void f(int n) {\n\tfprintf(stderr, "bad count %d\\n", n);\n\tfprintf(stdout, "count %d\\n", n);\n}\n',
      output: 'void f(int n) {\n\tpr_err("bad count %d\\n", n);\n\tpr_info("count %d\\n", n);\n}\n',
    }));
  it("drops the stream and the line break after it", () =>
    checkCase(rule, {
      code: 'void f(const char *s) {\n\tfprintf(stderr,\n\t\t"cannot parse %s\\n", s);\n}\n',
      output: 'void f(const char *s) {\n\tpr_err("cannot parse %s\\n", s);\n}\n',
    }));
  it("buffers a line built on stderr, and prints a string variable through %s", () =>
    checkCase(rule, {
      code: 'void f(const char *s) { fprintf(stderr, "error: "); fprintf(stderr, s); fprintf(stderr, "\\n"); }\n',
      output: 'void f(const char *s) { print_stderr("error: "); print_stderr("%s", s); print_stderr("\\n"); }\n',
    }));
  it("checks the format like printf()'s", () =>
    checkCase(rule, { code: 'void f(double d) {\n\tfprintf(stdout, "%.1f\\n", d);\n}\n', diagnostics: ["K2012@2:19"] }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: 'void f(void *log) {\n\tfprintf(log, "x\\n");\n}\n', diagnostics: ["K2021@2:10"] }));
  it("leaves other functions and printf() alone", () =>
    checkCase(rule, { code: 'void f(void) { my_fprintf(stderr, "x\\n"); printf("y\\n"); }\n', unchanged: true }));
  it("ports a logging macro that prints the format its uses give (`fmt, ##__VA_ARGS__` or `__VA_ARGS__`) through the stream's line buffer", async () => {
    const code =
      '#include <stdio.h>\n\nstatic int verbose = 1;\n\n#define LOG(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)\n#define VLOG(...) do { if (verbose) fprintf(stderr, __VA_ARGS__); } while (0)\n\nint main(void)\n{\n\tLOG("starting %d\\n", 1);\n\tLOG("plain\\n");\n\tVLOG("v %s\\n", "x");\n\tprintf("done\\n");\n\treturn 0;\n}\n';
    const r = await runAll(code, { name: "log" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("#define LOG(fmt, ...) print_stderr(fmt, ##__VA_ARGS__)\n");
    expect(r.output).toContain("#define VLOG(...) do { if (verbose) print_stderr(__VA_ARGS__); } while (0)\n");
    expect(r.output).toContain("int print_stderr(const char *fmt, ...)\n");
    expect(r.output).toContain('\tpr_info("done\\n");\n');
  });
  it("checks each format a macro's uses give, and refuses a use that gives no literal", async () => {
    const bad = await runAll('#include <stdio.h>\n#define LOG(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)\nint main(void)\n{\n\tLOG("%n\\n", 0);\n\treturn 0;\n}\n', { name: "log" });
    expect(bad.diagnostics.some((d) => d.severity === "error" && /given at line 5/.test(d.message))).toBe(true);
    const variable = await runAll('#include <stdio.h>\n#define LOG(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)\nint main(int argc, char **argv)\n{\n\tLOG(argv[0]);\n\treturn 0;\n}\n', { name: "log" });
    expect(variable.diagnostics.map((d) => d.code)).toContain("K2016");
  });
});
