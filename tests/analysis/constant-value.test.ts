import { describe, expect, it } from "vitest";
import { foldConstant } from "../../src/analysis/constant-value.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC } from "../../src/node-language.js";

async function fold(source: string, text: string): Promise<number | undefined> {
  const language = await loadC();
  const tree = language.parse(source);
  try {
    return foldConstant(analyzeProgram(tree, source), text);
  } finally {
    tree.delete();
  }
}

describe("foldConstant", () => {
  it("folds numbers in every base, with suffixes, and arithmetic with C's precedence", async () => {
    expect(await fold("", "0x10 + 010 + 10u")).toBe(34);
    expect(await fold("", "2 + 3 * 4 - (6 / 4)")).toBe(13);
    expect(await fold("", "1 << 10 | 3")).toBe(1027);
    expect(await fold("", "-7 / 2")).toBe(-3);
  });
  it("reads the program's macros through each other, comments and parentheses included", async () => {
    const source = "#define MAX 1000 /* rows */\n#define HALF (MAX / 2)\n#define CELLS (HALF * sizeof(int))\n";
    expect(await fold(source, "HALF + 1")).toBe(501);
    expect(await fold(source, "CELLS")).toBe(2000);
  });
  it("knows the C library's limits, unless the program defines the name itself", async () => {
    expect(await fold("", "BUFSIZ")).toBe(8192);
    expect(await fold("", "PATH_MAX + 1")).toBe(4097);
    expect(await fold("#define BUFSIZ 512\n", "BUFSIZ")).toBe(512);
  });
  it("gives up on what the compiler cannot fold: variables, calls, a macro that names itself, division by zero", async () => {
    expect(await fold("", "n + 1")).toBeUndefined();
    expect(await fold("", "strlen(s)")).toBeUndefined();
    expect(await fold("#define LOOP (LOOP + 1)\n", "LOOP")).toBeUndefined();
    expect(await fold("", "4 / 0")).toBeUndefined();
    expect(await fold("#define WIDTH width\n", "WIDTH")).toBeUndefined();
  });
});
