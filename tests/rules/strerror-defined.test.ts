import { describe, expect, it } from "vitest";
import rule from "../../src/rules/strerror-defined.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

describe("strerror-defined", () => {
  it("defines strerror() with the C library's text for the constants the program passes, in the kernel's numbering", async () => {
    const { output } = await runRule(rule, 'void f(void)\n{\n\tputs(strerror(ERANGE));\n\tputs(strerror(ENOMEM));\n\tputs(strerror(EWOULDBLOCK));\n}\n');
    expect(output).toContain('static const char *const strerror_texts[] = {\n\t[EAGAIN] = "Resource temporarily unavailable",\n\t[ENOMEM] = "Cannot allocate memory",\n\t[ERANGE] = "Numerical result out of range",\n};\n');
    expect(output).toContain('\tsnprintf(unknown, sizeof(unknown), "Unknown error %d", errnum);\n');
  });
  it("gives every errno value Linux defines where an argument is not a constant (strerror(-ret))", async () => {
    const { output } = await runRule(rule, "void f(int ret)\n{\n\tputs(strerror(-ret));\n}\n");
    expect(output).toContain('\t[0] = "Success",\n\t[EPERM] = "Operation not permitted",\n');
    expect(output).toContain('\t[EHWPOISON] = "Memory page has hardware error",\n};\n');
    expect(output).not.toContain("[EWOULDBLOCK]");
  });
  it("refuses strerror(errno) where errno may hold what the module does not reproduce", async () => {
    const { diagnostics } = await runRule(rule, "void f(void)\n{\n\tchar *p = malloc(4);\n\n\tif (!p)\n\t\tputs(strerror(errno));\n\tfree(p);\n}\n");
    expect(diagnostics.map((d) => `${d.code}@${d.range?.line}`)).toEqual(["K1003@6"]);
  });
  it("gives every value's text where the program stores in errno a value that is not an errno name", async () => {
    const { diagnostics, output } = await runRule(rule, "void f(void)\n{\n\terrno = 5;\n\tputs(strerror(errno));\n}\n");
    expect(diagnostics).toEqual([]);
    expect(output).toContain('\t[EIO] = "Input/output error",\n');
    expect(output).toContain('\t[EHWPOISON] = "Memory page has hardware error",\n');
  });
  it("gives the texts of the names the program stores in errno, beside the strtol() family's", async () => {
    const { output } = await runRule(rule, "void f(void)\n{\n\terrno = ENOBUFS;\n\tputs(strerror(errno));\n}\n");
    expect(output).toContain('\t[0] = "Success",\n\t[EINVAL] = "Invalid argument",\n\t[ERANGE] = "Numerical result out of range",\n\t[ENOBUFS] = "No buffer space available",\n};');
  });
  it("ports a whole program that prints strerror(ENOMEM), and strerror(errno) beside strtol()", async () => {
    const r = await runAll('#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nint main(void)\n{\n\tlong v;\n\n\tfprintf(stderr, "error: %s\\n", strerror(ENOMEM));\n\terrno = 0;\n\tv = strtol("99999999999999999999", NULL, 10);\n\tprintf("%ld %s\\n", v, strerror(errno));\n\treturn 0;\n}\n', { name: "se" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('\t[0] = "Success",\n\t[ENOMEM] = "Cannot allocate memory",\n\t[EINVAL] = "Invalid argument",\n\t[ERANGE] = "Numerical result out of range",\n};\n');
    expect(r.output).toContain("strerror(program_errno)");
  });
});
