import { describe, expect, it } from "vitest";
import rule from "../../src/rules/errno-to-module-variable.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

const STRTOL_READ = "int main(void)\n{\n\tchar *end;\n\tlong v;\n\n\terrno = 0;\n\tv = strtol(\"99999999999999999999\", &end, 10);\n\treturn errno == ERANGE && v > 0;\n}\n";

describe("errno-to-module-variable", () => {
  it("renames errno to a module variable and defines the strtol() the program calls", async () => {
    const { output, diagnostics } = await runRule(rule, STRTOL_READ);
    expect(diagnostics).toEqual([]);
    expect(output).toContain("static int program_errno;\n");
    expect(output).toContain("\tprogram_errno = 0;\n\tv = strtol(\"99999999999999999999\", &end, 10);\n\treturn program_errno == ERANGE && v > 0;\n");
    expect(output).toMatch(/static long strtol\(const char \*s, char \*\*end, int base\)/);
    expect(output).toMatch(/program_errno = ERANGE;\n\t\treturn negative \? LONG_MIN : LONG_MAX;/);
    expect(output).not.toMatch(/strtoul\(/);
  });
  it("gives strerror(errno) the module's errno, which strerror-defined's strerror() reads", async () => {
    const { output } = await runRule(rule, 'int main(void)\n{\n\terrno = 0;\n\tprintf("%ld %s\\n", strtoimax("1", NULL, 10), strerror(errno));\n\treturn 0;\n}\n');
    expect(output).toContain("static long strtoimax(const char *s, char **end, int base)");
    expect(output).toContain("strerror(program_errno)");
  });
  it("keeps the refusal where an allocation could set errno", async () => {
    const { diagnostics } = await runAll('#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tchar *p = malloc(8);\n\n\tif (!p) {\n\t\tprintf("%d\\n", errno);\n\t\treturn 1;\n\t}\n\tfree(p);\n\treturn 0;\n}\n');
    expect(diagnostics.map((d) => d.code)).toContain("K1006");
  });
  describe("in a program that also allocates, each read of errno is followed back along the flow", () => {
    const head = "#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n\n";
    const parse = "static int parse(const char *s, long *out)\n{\n\tchar *end;\n\n\terrno = 0;\n\t*out = strtol(s, &end, 10);\n\tif (errno != 0 || *end != '\\0')\n\t\treturn -1;\n\treturn 0;\n}\n\n";
    const main = (between: string) => `int main(void)\n{\n\tlong *v = malloc(sizeof(*v));\n\n\tif (!v)\n\t\treturn 1;\n${between}\tfree(v);\n\treturn 0;\n}\n`;
    it("ports errno = 0; strtol(); errno read in the same function, with a malloc() elsewhere", async () => {
      const { diagnostics, output } = await runAll(head + parse + main('\tif (parse("12", v) == 0)\n\t\tprintf("%ld\\n", *v);\n'));
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(output).toContain("\tprogram_errno = 0;\n\t*out = strtol(s, &end, 10);\n\tif (program_errno != 0 || *end != '\\0')");
    });
    it("reads in main() after a store there and calls that do not allocate", async () => {
      const { diagnostics } = await runAll(head + main('\terrno = 0;\n\t*v = strtol("99999999999999999999", NULL, 10);\n\tprintf("%d\\n", errno == ERANGE);\n'));
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
    it("refuses a read that a malloc() between the store and it reaches", async () => {
      const { diagnostics } = await runAll(head + main('\terrno = 0;\n\t*v = strtol("1", NULL, 10);\n\tfree(malloc(4));\n\tprintf("%d\\n", errno);\n'));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
    it("refuses a read reached through a helper that allocates", async () => {
      const helper = "static void grow(void)\n{\n\tfree(malloc(4));\n}\n\n";
      const { diagnostics } = await runAll(head + helper + main('\terrno = 0;\n\tgrow();\n\tprintf("%d\\n", errno);\n'));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
    it("refuses a read in a helper that stores nothing first: its callers may have allocated", async () => {
      const show = "static void show(void)\n{\n\tprintf(\"%d\\n\", errno);\n}\n\n";
      const { diagnostics } = await runAll(head + show + main("\tshow();\n"));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
    const grow = "static int grow(long **v)\n{\n\tlong *p = realloc(*v, 2 * sizeof(**v));\n\n\tif (p == NULL) {\n\t\terrno = ENOMEM;\n\t\treturn -1;\n\t}\n\t*v = p;\n\treturn 0;\n}\n\n";
    it("ports a read after a helper that tests its allocation and stores errno itself where it failed", async () => {
      const { diagnostics, output } = await runAll(head + grow + main('\tif (grow(&v) < 0)\n\t\tprintf("%d\\n", errno == ENOMEM);\n\terrno = EINVAL;\n\tprintf("%d\\n", errno);\n'));
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(output).toContain("\t\tprogram_errno = ENOMEM;\n\t\treturn -1;");
    });
    it("refuses the read where the helper returns its failure without storing errno", async () => {
      const bare = grow.replace("\t\terrno = ENOMEM;\n", "");
      const { diagnostics } = await runAll(head + bare + main('\tif (grow(&v) < 0)\n\t\tprintf("%d\\n", errno);\n'));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
    it("ports a read in a helper, where a test says a call failed that stores errno before each failure it returns", async () => {
      const flaky = "static int tries;\n\nstatic int flaky(void)\n{\n\tif (++tries % 3 != 0) {\n\t\terrno = EAGAIN;\n\t\treturn -1;\n\t}\n\treturn tries;\n}\n\n";
      const retry = "static int retry(void)\n{\n\tint r;\n\n\twhile ((r = flaky()) < 0)\n\t\tif (errno != EAGAIN)\n\t\t\treturn -1;\n\tif (flaky() == -1 && errno == EAGAIN)\n\t\tr++;\n\treturn r;\n}\n\n";
      const { diagnostics } = await runAll(head + flaky + retry + main('\tprintf("%d\\n", retry());\n'));
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
    it("refuses that read where the test is not of a failure (a success path leaves errno as the caller had it)", async () => {
      const flaky = "static int flaky(void)\n{\n\terrno = EAGAIN;\n\treturn -1;\n}\n\n";
      const check = "static int check(void)\n{\n\tif (flaky() > 0)\n\t\treturn errno;\n\treturn 0;\n}\n\n";
      const { diagnostics } = await runAll(head + flaky + check + main('\tprintf("%d\\n", check());\n'));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
    it("refuses a read on a path where the store is skipped", async () => {
      const { diagnostics } = await runAll(head + main('\tif (*v > 0)\n\t\terrno = 0;\n\tfree(malloc(4));\n\tif (*v > 1)\n\t\terrno = 0;\n\tprintf("%d\\n", errno);\n'));
      expect(diagnostics.map((d) => d.code)).toContain("K1006");
    });
  });
  it("no longer refuses errno read after strtol(), and leaves strtol() to the module's definition", async () => {
    const { diagnostics, output } = await runAll('#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tlong v;\n\n\terrno = 0;\n\tv = strtol("99999999999999999999", NULL, 10);\n\tprintf("%ld %d\\n", v, errno == ERANGE);\n\treturn 0;\n}\n');
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(output).not.toMatch(/simple_strtol|kstrtol/);
  });
  it("keeps errno where a helper that sets it also ends the program on a failed allocation: the ported failure path ends init before the read", async () => {
    const { diagnostics, output } = await runAll(
      '#include <errno.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nstatic char *f(const char *s)\n{\n\tchar *p;\n\n\tif (*s == \'\\0\') {\n\t\terrno = EINVAL;\n\t\treturn NULL;\n\t}\n\tp = strdup(s);\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\nint main(void)\n{\n\tchar *p = f("");\n\n\tif (!p) {\n\t\tprintf("failed: %d\\n", errno == EINVAL);\n\t\treturn 1;\n\t}\n\tfree(p);\n\treturn 0;\n}\n',
      { name: "m" },
    );
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(output).toContain("program_errno = EINVAL;");
    expect(output).toContain("program_errno == EINVAL");
    expect(output.replace(/\/\*.*?\*\//g, "")).not.toMatch(/\berrno\b/);
  });
});
