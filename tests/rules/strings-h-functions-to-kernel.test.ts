import { describe, expect, it } from "vitest";
import rule from "../../src/rules/strings-h-functions-to-kernel.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("strings-h-functions-to-kernel", () => {
  it("writes each BSD call as its standard counterpart, with memset()'s 0 and bcopy()'s pointers in memmove()'s order", () =>
    checkCase(rule, {
      code: "void f(char *a, char *b, int n)\n{\n\tbzero(a, n);\n\tbcopy(a, b + 1, n);\n\tg(bcmp(a, b, n), index(a, 'x'), rindex(b, 'y'), ffs(n));\n}\n",
      output: "void f(char *a, char *b, int n)\n{\n\tmemset(a, 0, n);\n\tmemmove(b + 1, a, n);\n\tg(memcmp(a, b, n), strchr(a, 'x'), strrchr(b, 'y'), ffs(n));\n}\n",
    }));
  it("leaves the program's own index() alone", () =>
    checkCase(rule, { code: "static int index(int *v, int n) { return v[n]; }\nint f(int *v) { return index(v, 3); }\n", unchanged: true }));
  it("ports a whole program that uses <strings.h>", async () => {
    const r = await runAll('#include <stdio.h>\n#include <string.h>\n#include <strings.h>\n\nint main(void)\n{\n\tchar buf[16];\n\n\tbzero(buf, sizeof(buf));\n\tbuf[0] = \'A\';\n\tprintf("%s %d\\n", index(buf, \'A\'), ffs(0x50));\n\treturn 0;\n}\n', { name: "bsd" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("memset(buf, 0, sizeof(buf));");
  });
});
