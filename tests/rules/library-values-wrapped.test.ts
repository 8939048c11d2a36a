import { describe, expect, it } from "vitest";
import rule from "../../src/rules/library-values-wrapped.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("library-values-wrapped", () => {
  it("puts as a value becomes puts_function, defined above its first use, calling puts()", () =>
    checkCase(rule, {
      code: "int main(void)\n{\n\tint (*emit)(const char *) = puts;\n\n\temit(\"x\");\n\treturn 0;\n}\n",
      output:
        "/* puts() as a value: a function the module can pass, whose call is ported as the program's others are. */\nstatic int puts_function(const char *s)\n{\n\treturn puts(s);\n}\n\nint main(void)\n{\n\tint (*emit)(const char *) = puts_function;\n\n\temit(\"x\");\n\treturn 0;\n}\n",
    }));
  it("printf as a value hands its arguments on to vprintf() as a va_list", () =>
    checkCase(rule, {
      code: "static int quiet(const char *fmt, ...)\n{\n\treturn 0;\n}\nint main(int argc, char **argv)\n{\n\tint (*say)(const char *, ...) = argc > 1 ? printf : quiet;\n\n\treturn say(\"%d\\n\", argc);\n}\n",
      output:
        "static int quiet(const char *fmt, ...)\n{\n\treturn 0;\n}\n/* printf() as a value: a function the module can pass, whose call is ported as the program's others are. */\nstatic int printf_function(const char *format, ...)\n{\n\tva_list ap;\n\tint n;\n\n\tva_start(ap, format);\n\tn = vprintf(format, ap);\n\tva_end(ap);\n\treturn n;\n}\n\nint main(int argc, char **argv)\n{\n\tint (*say)(const char *, ...) = argc > 1 ? printf_function : quiet;\n\n\treturn say(\"%d\\n\", argc);\n}\n",
    }));
  it("ports a program that passes fputs and fprintf with their streams: the calls inside go to the stream's log level", async () => {
    const r = await runAll(
      "#include <stdio.h>\n\nstatic void emit(const char *s, int (*w)(const char *, FILE *))\n{\n\tw(s, stdout);\n\tw(\"\\n\", stderr);\n}\n\nint main(void)\n{\n\tint (*pf)(FILE *, const char *, ...) = fprintf;\n\n\temit(\"via fputs\", fputs);\n\tpf(stdout, \"via fprintf %d\\n\", 3);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("static int fputs_function(const char *s, struct program_stream *stream)\n{\n\treturn (stream == stderr ? print_stderr(\"%s\", s) : print_stdout(\"%s\", s));\n}\n");
    expect(r.output).toContain("\tn = (stream == stderr ? vprint_stderr(format, ap) : vprint_stdout(format, ap));\n");
    expect(r.output).toContain("int (*pf)(struct program_stream *, const char *, ...) = fprintf_function;");
  });
  it("leaves calls, the program's own puts, and a variable named abs alone", async () => {
    await checkCase(rule, { code: "void f(void)\n{\n\tputs(\"x\");\n}\n", unchanged: true });
    await checkCase(rule, { code: "static int puts(const char *s) { return 0; }\nint (*p)(const char *) = puts;\n", unchanged: true });
    await checkCase(rule, { code: "int f(int v)\n{\n\tint abs = v < 0 ? -v : v;\n\n\treturn abs;\n}\n", unchanged: true });
  });
  it("ports a whole program whose callbacks are puts, putchar and abs: each call inside is ported", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\n\nstatic int apply(int (*f)(int), int v)\n{\n\treturn f(v);\n}\n\nint main(void)\n{\n\tint (*line)(const char *) = puts;\n\n\tline(\"start\");\n\tapply(putchar, 'x');\n\tapply(putchar, '\\n');\n\tprintf(\"%d\\n\", apply(abs, -4));\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // putchar() builds a line in pieces through the pointer: puts' lines go through the line buffer too.
    expect(r.output).toContain("static int puts_function(const char *s)\n{\n\treturn print_stdout(\"%s\\n\", s);\n}\n");
    // After a call through a pointer to a function that may leave a line open, printf() joins that line.
    expect(r.output).toContain("\tprint_stdout(\"%d\\n\", apply(abs_function, -4));\n");
    expect(r.output).toContain("apply(putchar_function, 'x');");
    expect(r.output).toContain("apply(abs_function, -4)");
    expect(r.output).not.toMatch(/\breturn putchar\(|\breturn puts\(/);
  });
});
