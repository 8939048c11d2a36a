import { describe, expect, it } from "vitest";
import rule from "../../src/rules/stpcpy-stpncpy-defined.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("stpcpy-stpncpy-defined", () => {
  it("defines stpcpy() before the function that calls it, and only it", () =>
    checkCase(rule, {
      code: "char *join(char *d)\n{\n\treturn stpcpy(stpcpy(d, \"a\"), \"b\");\n}\n",
      output:
        "/* strcpy() that returns the end of the copy: where its terminating NUL is. */\nstatic char *stpcpy(char *dest, const char *src)\n{\n\tsize_t n = strlen(src);\n\n\tmemcpy(dest, src, n + 1);\n\treturn dest + n;\n}\n\nchar *join(char *d)\n{\n\treturn stpcpy(stpcpy(d, \"a\"), \"b\");\n}\n",
    }));
  it("a program's own stpcpy() is its own", () => checkCase(rule, { code: "static char *stpcpy(char *d, const char *s)\n{\n\treturn d;\n}\nvoid f(char *d)\n{\n\tstpcpy(d, \"x\");\n}\n" }));
  it("ports a program that uses both, calls kept", async () => {
    const r = await runAll("#include <stdio.h>\n#include <string.h>\nint main(void)\n{\n\tchar d[16], t[4];\n\tchar *end = stpcpy(d, \"key\");\n\n\tstpncpy(t, \"ab\", sizeof(t));\n\tprintf(\"%d %s\\n\", (int)(end - d), t);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("static char *stpncpy(char *dest, const char *src, size_t n)\n");
    expect(r.output).toContain("\tchar *end = stpcpy(d, \"key\");\n");
    expect(r.output).toContain("#include <linux/string.h>");
  });
});
