// The allocation check's shortcut: a result tested by the very next statement needs no flow; every other shape still gets the dataflow.
import { describe, expect, it } from "vitest";
import { buildFlowGraphs } from "../../src/analysis/flow/graph.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { allocatingFunctions, testedAtOnce, uncheckedAllocations } from "../../src/analysis/unchecked-allocations.js";
import { loadC } from "../../src/index.js";

/** For each allocating call of `f` (in order): whether the shortcut holds, and whether the dataflow finds it unchecked. */
async function sites(body: string) {
  const source = `struct s { int x; int *buf; };\nint *g(int *p);\nint f(int c)\n{\n${body}\n}\n`;
  const tree = (await loadC()).parse(source);
  try {
    const program = analyzeProgram(tree, source);
    const calls = [...allocatingFunctions(program).values()].flat();
    const unchecked = new Set(uncheckedAllocations(buildFlowGraphs(program).of("f")!, analyzeResources(program)).map((u) => u.site.startIndex));
    return calls.map((call) => ({ atOnce: testedAtOnce(call), unchecked: unchecked.has(call.startIndex) }));
  } finally {
    tree.delete();
  }
}

describe("testedAtOnce", () => {
  it.each([
    ["int *p = malloc(4);\n\tif (!p)\n\t\treturn -1;\n\t*p = c;\n\treturn 0;"],
    ["int *p;\n\tp = (int *)malloc(4);\n\t/* tested */\n\tif (p == NULL)\n\t\treturn -1;\n\t*p = c;\n\treturn 0;"],
    ["char *s = strdup(\"x\");\n\tif ((NULL != s))\n\t\ts[0] = 'y';\n\treturn 0;"],
    ["g(malloc(4));\n\treturn 0;"],
    ["struct s v;\n\tv.buf = malloc(4);\n\tif (!v.buf)\n\t\treturn -1;\n\tv.buf[0] = c;\n\treturn 0;"],
    ["int *v[2];\n\tv[0] = malloc(4);\n\treturn 0;"],
  ])("holds where the next statement tests the result, or nothing stores it: %s", async (body) => {
    expect(await sites(body)).toEqual([{ atOnce: true, unchecked: false }]);
  });

  it.each([
    // the dereference runs before the test
    ["int *p = malloc(4);\n\t*p = c;\n\tif (!p)\n\t\treturn -1;\n\treturn 0;", true],
    // a second declarator runs before the test, and reads through the result
    ["int *p = malloc(4), x = *p;\n\tif (!p)\n\t\treturn x;\n\treturn 0;", true],
    // the test is of a copy, made before it: the same allocation, tested (the dataflow says so)
    ["int *p = malloc(4);\n\tint *q = p;\n\tif (!q)\n\t\treturn -1;\n\treturn *p;", false],
    // the copy is dereferenced after the test of the original: tested too
    ["int *p = malloc(4);\n\tint *q = p;\n\tif (!p)\n\t\treturn -1;\n\treturn *q;", false],
    // a copy of another variable is not tested by the test of this one
    ["int *p = malloc(4);\n\tint *q = g(0);\n\tif (!q)\n\t\treturn -1;\n\treturn *p;", true],
    // a test the shortcut does not read (the dataflow does)
    ["int *p = malloc(4);\n\tif (!p || c)\n\t\treturn -1;\n\treturn *p;", false],
    // a member, used before any test: a module would oops where the program died of SIGSEGV
    ["struct s v;\n\tv.buf = malloc(4);\n\tv.buf[0] = c;\n\treturn 0;", true],
    // the same through a pointer, and through a struct's initializer list
    ["struct s *p = g(0) ? (struct s *)0 : (struct s *)0;\n\tp->buf = malloc(4);\n\t*p->buf = c;\n\treturn 0;", true],
    ["struct s v = { c, malloc(4) };\n\tv.buf[0] = c;\n\treturn 0;", true],
    // a statement that is not in a block
    ["int *p = 0;\n\tif (c)\n\t\tp = malloc(4);\n\tif (!p)\n\t\treturn -1;\n\treturn *p;", false],
  ])("does not hold, and leaves the answer to the dataflow: %s", async (body, unchecked) => {
    expect(await sites(body)).toEqual([{ atOnce: false, unchecked }]);
  });
});
