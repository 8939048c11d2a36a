// Call chains thousands of functions deep (generated code): every analysis that follows calls
// walks them with a stack of its own, so a port ends in a module, never in "Maximum call stack
// size exceeded" (exit 70).
import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

const DEPTH = 6000;

/** f0 calls f1, which calls f2, … down to f(DEPTH - 1); each declared first, so the walk starts at the top of the chain. */
function chain(body: (i: number) => string): string {
  const parts = ["#include <stdio.h>\n#include <stdlib.h>\n"];
  for (let i = 0; i < DEPTH; i++) parts.push(`static int f${i}(int n);\n`);
  for (let i = 0; i < DEPTH - 1; i++) parts.push(`static int f${i}(int n)\n{\n${body(i)}\treturn f${i + 1}(n + 1);\n}\n`);
  parts.push(`static int f${DEPTH - 1}(int n)\n{\n\treturn n;\n}\n\nint main(void)\n{\n\tprintf("%d\\n", f0(0));\n\treturn 0;\n}\n`);
  return parts.join("");
}

describe(`a chain of ${DEPTH} calls`, () => {
  it("is read for recursions without overflowing the stack", async () => {
    const r = await runAll(chain(() => ""));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("pr_info(\"%d\\n\", f0(0));");
  }, 60_000);
  it("where every function can end the program and the first loops: which never return, and how long the loop runs", async () => {
    const r = await runAll(chain((i) => (i === 0 ? "\tfor (int k = 0; k < 3; k++)\n\t\tn += f1(k);\n" : "\tif (n < 0)\n\t\texit(1);\n")));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // Each exit became an error return, which its caller checks.
    expect(r.output).not.toMatch(/\bexit\(1\)/);
  }, 60_000);
  it("where main() hands an untested allocation down the chain and the last function writes through it: tested before the first call, without reading the whole chain at once", async () => {
    const parts = ["#include <stdio.h>\n#include <stdlib.h>\n"];
    for (let i = 0; i < DEPTH; i++) parts.push(`static void f${i}(int *p);\n`);
    for (let i = 0; i < DEPTH - 1; i++) parts.push(`static void f${i}(int *p)\n{\n\tf${i + 1}(p);\n}\n`);
    parts.push(`static void f${DEPTH - 1}(int *p)\n{\n\tp[0] = 1;\n}\n\nint main(void)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tf0(p);\n\tprintf("%d\\n", p[0]);\n\tfree(p);\n\treturn 0;\n}\n`);
    const r = await runAll(parts.join(""));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toMatch(/int \*p = kmalloc\(sizeof\(\*p\), GFP_KERNEL\);\n\tif \(!p\)/);
  }, 60_000);
  it("where the last function allocates and each returns what the next one gave it: every one is an allocator, found in one pass down the chain", async () => {
    const parts = ["#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"];
    for (let i = 0; i < DEPTH; i++) parts.push(`static char *f${i}(void);\n`);
    for (let i = 0; i < DEPTH - 1; i++) parts.push(`static char *f${i}(void)\n{\n\tchar *r = f${i + 1}();\n\n\tif (!r)\n\t\treturn NULL;\n\treturn r;\n}\n`);
    parts.push(`static char *f${DEPTH - 1}(void)\n{\n\treturn strdup("x");\n}\n\nint main(void)\n{\n\tchar *p = f0();\n\n\tif (!p)\n\t\treturn 1;\n\tprintf("%s\\n", p);\n\tfree(p);\n\treturn 0;\n}\n`);
    const r = await runAll(parts.join(""));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // f0() is known to allocate: its failure is an allocation's (-ENOMEM), and what it gave is kfree()d.
    expect(r.output).toContain("\tint ret = -ENOMEM;\n\tchar *p = f0();\n");
    expect(r.output).toContain("\tkfree(p);\n");
  }, 60_000);
});
