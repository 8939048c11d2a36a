import { describe, expect, it } from "vitest";
import rule from "../../src/rules/block-arrays-declared-first.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

const program = (inner: string) =>
  `#include <stdio.h>\nstruct tok { int kind; long val; };\nstatic void fill(struct tok *t, int n) { for (int i = 0; i < n; i++) t[i].val = i; }\nint main(void)\n{\n\tfor (int e = 0; e < 2; e++) {\n${inner}\t\tfill(toks, 128);\n\t\tfill(rpn, 128);\n\t\tprintf("%ld\\n", toks[e].val + rpn[e].val);\n\t}\n\treturn 0;\n}\n`;

describe("block-arrays-declared-first", () => {
  it("declares a loop body's large arrays first in a function whose frame is too big", () =>
    checkCase(rule, {
      code: program("\t\tstruct tok toks[128];\n\t\tstruct tok rpn[128];\n"),
      output: program("").replace("int main(void)\n{\n", "int main(void)\n{\n\tstruct tok toks[128];\n\tstruct tok rpn[128];\n"),
    }));
  it("leaves an array with an initialiser (set again on every pass), a name declared twice, and a frame under the limit", async () => {
    await checkCase(rule, { code: program("\t\tstruct tok toks[128] = { 0 };\n\t\tstruct tok rpn[128] = { 0 };\n"), unchanged: true });
    await checkCase(rule, { code: program("\t\tstruct tok toks[128];\n\t\tstruct tok rpn[128];\n").replace("return 0;", "{ int toks[2]; toks[0] = 0; }\n\treturn 0;"), output: program("\t\tstruct tok toks[128];\n").replace("int main(void)\n{\n", "int main(void)\n{\n\tstruct tok rpn[128];\n").replace("return 0;", "{ int toks[2]; toks[0] = 0; }\n\treturn 0;") });
    await checkCase(rule, { code: program("\t\tstruct tok toks[8];\n\t\tstruct tok rpn[8];\n"), unchanged: true });
  });
  it("ports the whole program with the arrays on the heap: the module builds without a frame warning", async () => {
    const r = await runAll(program("\t\tstruct tok toks[128];\n\t\tstruct tok rpn[128];\n"), { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(r.output).toMatch(/struct tok \*toks = kv?calloc\(128, sizeof\(\*toks\)/);
  });
});
