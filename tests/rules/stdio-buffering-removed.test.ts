import { describe, expect, it } from "vitest";
import rule from "../../src/rules/stdio-buffering-removed.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("stdio-buffering-removed", () => {
  it("removes setvbuf() on stdout, line and all", () =>
    checkCase(rule, {
      code: 'int main(void)\n{\n\tsetvbuf(stdout, NULL, _IONBF, 0);\n\tprintf("x\\n");\n\treturn 0;\n}\n',
      output: 'int main(void)\n{\n\tprintf("x\\n");\n\treturn 0;\n}\n',
    }));
  it("removes setbuf(), setbuffer() and setlinebuf() on either stream, keeping a braceless body a statement", () =>
    checkCase(rule, {
      code: "void f(int quiet, char *b)\n{\n\tsetbuf(stderr, NULL);\n\tsetbuffer(stdout, b, 64);\n\tif (!quiet)\n\t\tsetlinebuf(stdout);\n}\n",
      output: "void f(int quiet, char *b)\n{\n\tif (!quiet)\n\t\t{ }\n}\n",
    }));
  it("removes a buffer declared only for the call, and keeps one used elsewhere", () =>
    checkCase(rule, {
      code: "static char logbuf[BUFSIZ];\n\nint main(void)\n{\n\tstatic char outbuf[64];\n\n\tsetvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));\n\tsetbuf(stderr, logbuf);\n\tputs(outbuf);\n\treturn 0;\n}\n",
      output: "\nint main(void)\n{\n\tstatic char outbuf[64];\n\n\tputs(outbuf);\n\treturn 0;\n}\n",
    }));
  it("makes a tested setvbuf() 0, its success", () =>
    checkCase(rule, {
      code: "int f(void) { if (setvbuf(stdout, NULL, _IOLBF, BUFSIZ) != 0) return 1; return 0; }\n",
      output: "int f(void) { if (0 != 0) return 1; return 0; }\n",
    }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "void f(void *fp) { setvbuf(fp, NULL, _IOFBF, 4096); }\n", diagnostics: ["K3003@1:28"] }));
  it("ports a whole program that turns stdout's buffering off", async () => {
    const r = await runAll('#include <stdio.h>\n\nint main(void)\n{\n\tsetvbuf(stdout, NULL, _IONBF, 0);\n\tprintf("progress: ");\n\tprintf("done\\n");\n\treturn 0;\n}\n', { name: "buf" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("setvbuf");
    expect(r.output).not.toContain("_IONBF");
  });
});
