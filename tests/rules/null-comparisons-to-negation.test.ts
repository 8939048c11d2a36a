import { describe, expect, it } from "vitest";
import { loadC } from "../../src/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { DEFAULT_KERNEL } from "../../src/core/target.js";
import rule from "../../src/rules/null-comparisons-to-negation.js";

/** The rule alone, in the kernel style it belongs to; the layout leaves the text as the rule made it. */
async function negate(code: string): Promise<string | undefined> {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style: "kernel", kernel: DEFAULT_KERNEL }, format: (code) => code }).output;
}

const inFunction = (body: string) => `#include <string.h>\nvoid f(char *cursor, char *p, char **q, int n)\n{\n${body}\n}\n`;

describe("null-comparisons-to-negation (kernel style)", () => {
  it("tests a plain pointer by its truth", async () => {
    expect(await negate(inFunction("\tif (p == NULL)\n\t\treturn;\n\tif (q[0] != NULL && n)\n\t\treturn;"))).toBe(inFunction("\tif (!p)\n\t\treturn;\n\tif (q[0] && n)\n\t\treturn;"));
  });

  it("keeps the parentheses around an assignment whose value is compared", async () => {
    const out = await negate(inFunction('\tchar *tok;\n\n\twhile ((tok = strsep(&cursor, " ")) != NULL && n < 8)\n\t\tn++;'));
    expect(out).toBe(inFunction('\tchar *tok;\n\n\twhile ((tok = strsep(&cursor, " ")) && n < 8)\n\t\tn++;'));
  });

  it("keeps them where the assignment is the whole condition, and negates it in parentheses", async () => {
    const out = await negate(inFunction("\tif ((p = strchr(cursor, ' ')) != NULL)\n\t\tn++;\n\tif ((p = strchr(cursor, ',')) == NULL)\n\t\tn--;"));
    expect(out).toBe(inFunction("\tif ((p = strchr(cursor, ' ')))\n\t\tn++;\n\tif (!(p = strchr(cursor, ',')))\n\t\tn--;"));
  });

  it("keeps them around a ?: or a comma, and drops them around what binds as tightly anyway", async () => {
    const out = await negate(inFunction("\tif ((n ? p : cursor) != NULL && n)\n\t\tn++;\n\tif ((n++, p) != NULL || n)\n\t\tn++;\n\tif ((*q) != NULL && n)\n\t\tn++;\n\tif ((char *)(p) != NULL && n)\n\t\tn++;"));
    expect(out).toBe(inFunction("\tif ((n ? p : cursor) && n)\n\t\tn++;\n\tif ((n++, p) || n)\n\t\tn++;\n\tif (*q && n)\n\t\tn++;\n\tif ((char *)(p) && n)\n\t\tn++;"));
  });
});
