// --kernel X.Y and --style kernel through the library: what changes with the target, and why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildExplainReport, KERNEL_API, kernelHas, loadC, parseKernelVersion, translate } from "../../src/index.js";
import { translate as translateWithLanguage } from "../../src/core/translate.js";
import { offsetsAfterFormatting } from "../../src/core/layout.js";
import { repoRoot, seedDir } from "../helpers/paths.js";

const seed = readFileSync(join(seedDir, "user_code.c"), "utf8");
const dice = readFileSync(join(repoRoot, "tests", "fixtures", "time-dice-roller", "user.c"), "utf8");
const lines = (text: string | undefined) => new Set((text ?? "").split("\n"));
/** Lines in b that a does not have. */
const added = (a: string | undefined, b: string | undefined) => [...lines(b)].filter((l) => !lines(a).has(l));

describe("kernel versions", () => {
  it("parses X.Y, vX.Y and uname -r releases, and refuses anything else", () => {
    expect(parseKernelVersion("6.12")).toEqual({ major: 6, minor: 12 });
    expect(parseKernelVersion("v5.15")).toEqual({ major: 5, minor: 15 });
    expect(parseKernelVersion("6.1.0-56-amd64")).toEqual({ major: 6, minor: 1 });
    for (const bad of ["6", "six.one", "6.x", "", "1.0"]) expect(parseKernelVersion(bad), bad).toBeUndefined();
  });

  it("the API table answers by release, counting stable backports, and names a source for every fact", () => {
    const v = (s: string) => parseKernelVersion(s)!;
    expect(kernelHas(v("5.15"), "get_random_u32_below")).toBe(false);
    expect(kernelHas(v("6.1"), "get_random_u32_below")).toBe(true); // 6.1.4 took it
    expect(kernelHas(v("6.2"), "get_random_u32_below")).toBe(true);
    expect(kernelHas(v("6.7"), "strlcpy")).toBe(true);
    expect(kernelHas(v("6.8"), "strlcpy")).toBe(false);
    expect(kernelHas(v("6.7"), "missing-prototypes-by-default")).toBe(false);
    expect(kernelHas(v("6.8"), "missing-prototypes-by-default")).toBe(true);
    for (const fact of KERNEL_API) expect(fact.source.length, fact.id).toBeGreaterThan(20);
  });

  it("a bad --kernel is a RangeError that says what is expected", async () => {
    await expect(translate(seed, { kernel: "latest" })).rejects.toThrow(/not a kernel version: 'latest' \(expected X\.Y/);
  });

  it("the seed for 5.15 is the article's port; for 6.12 init and exit are static, and the explain report says why", async () => {
    const old = await translate(seed, { fileName: "user_code.c", kernel: "5.15" });
    const now = await translate(seed, { fileName: "user_code.c", kernel: "6.12" });
    const article = await translate(seed, { fileName: "user_code.c" });
    expect(old.module).toBe(article.module);
    expect(added(old.module, now.module).sort()).toEqual(["static int example_init(void)", "static void example_exit(void)"]);
    expect(now.rulesFired).toContain("file-scope-static");
    expect(old.rulesFired).not.toContain("file-scope-static");
    const report = buildExplainReport(seed, now, { userFile: "user_code.c" });
    expect(JSON.stringify(report)).toMatch(/since Linux 6\.8 of every build/);
  });

  it("rand() % n is get_random_u32_below(n) for 6.12 and prandom_u32_max(n) for 5.15, each explained", async () => {
    const old = await translate(dice, { fileName: "user.c", kernel: "5.15" });
    const now = await translate(dice, { fileName: "user.c", kernel: "6.12" });
    expect(old.module).toMatch(/return prandom_u32_max\(6\) \+ 1;/);
    expect(now.module).toMatch(/return get_random_u32_below\(6\) \+ 1;/);
    // The other difference is 6.8's static linkage of init and exit.
    expect(added(now.module, old.module).sort()).toEqual(["\treturn prandom_u32_max(6) + 1;", "int user_init(void)", "void user_exit(void)"]);
    const explanation = JSON.stringify(buildExplainReport(dice, old, { userFile: "user.c" }));
    expect(explanation).toMatch(/prandom_u32_max\(n\)/);
  });

  it("reallocarray() is krealloc_array() from 5.12 on, and krealloc(p, array_size(n, size), …) before", async () => {
    const fixture = readFileSync(join(repoRoot, "tests", "fixtures", "alloc-reallocarray-points", "user.c"), "utf8");
    const old = await translate(fixture, { kernel: "5.10" });
    const now = await translate(fixture, { kernel: "5.15" });
    expect(now.module).toMatch(/krealloc_array\(/);
    expect(old.module).not.toMatch(/krealloc_array\(/);
    expect(old.module).toMatch(/krealloc\([^;]*array_size\(/);
  });

  it("from 6.15 on every port has MODULE_DESCRIPTION(), from the program's leading comment", async () => {
    const fixture = readFileSync(join(repoRoot, "tests", "fixtures", "alloc-dynamic-array", "user.c"), "utf8");
    const before = await translate(fixture, { kernel: "6.14" });
    const after = await translate(fixture, { kernel: "6.15" });
    expect(before.module).not.toMatch(/MODULE_DESCRIPTION/);
    expect(after.module).toMatch(/^MODULE_DESCRIPTION\("A growable array: realloc\(\) into a temporary, so a\.\.\."\);$/m);
  });
});

describe("the kernel style", () => {
  it("needs a formatter: the browser-safe core says so instead of writing an unformatted module", async () => {
    const language = await loadC();
    expect(() => translateWithLanguage(language, seed, { style: "kernel" })).toThrow(/needs a formatter/);
  });

  it("keeps every edit's output range on the text the edit wrote, after clang-format moved it", async () => {
    const result = await translate(seed, { fileName: "user_code.c", style: "kernel", author: "A. Author" });
    const module = result.module!;
    // Later phases may write inside an earlier edit's text (static, __exit), so each word of an
    // edit's text is looked for, in order, in the output range it was moved to.
    for (const e of result.edits) {
      const words = e.text.match(/\w+/g) ?? [];
      const landed = module.slice(e.output.start, e.output.end);
      let from = 0;
      for (const w of words) {
        const at = landed.indexOf(w, from);
        expect(at, `${e.ruleId}: ${w} of ${JSON.stringify(e.text)} in ${JSON.stringify(landed)}`).toBeGreaterThanOrEqual(0);
        from = at + w.length;
      }
    }
    expect(module).toMatch(/^MODULE_AUTHOR\("A\. Author"\);$/m);
  });

  it("a module clang-format gives up on is still written, unformatted, with warning K0005", async () => {
    const deep = `#include <stdio.h>\nint main(void)\n{\n\tint x = 0;\n\t${"{ ".repeat(1000)}x = ${"(".repeat(1000)}1${")".repeat(1000)}; ${"} ".repeat(1000)}\n\tprintf("%d\\n", x);\n\treturn 0;\n}\n`;
    const result = await translate(deep, { style: "kernel" });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["K0005"]);
    // The rules still ran (static, __init, the SPDX line); only the layout is the program's own.
    expect(result.module).toMatch(/^static int __init kernelized_init\(void\)$/m);
    expect(result.module!.split("\n")[0]).toBe("// SPDX-License-Identifier: GPL-2.0");
    expect(result.module).toContain("{ { { { {");
  });

  it("maps offsets across whitespace changes, dropped braces and re-wrapped comments", () => {
    const before = "if(x){\n  y();\n}\n/* a b */";
    const after = "if (x)\n\ty();\n/* a\n * b */";
    const at = offsetsAfterFormatting(before, after);
    expect(after[at(before.indexOf("y"))]).toBe("y");
    expect(after[at(before.indexOf("b"))]).toBe("b");
    expect(at(before.length)).toBe(after.length);
  });
});
