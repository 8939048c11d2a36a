// Macros whose body is one call: the resource model reads their uses as the call they stand for.
import { describe, expect, it } from "vitest";
import { macroCalls } from "../../src/analysis/macro-bodies.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

async function facts(source: string) {
  const tree = (await loadC()).parse(source);
  const program = analyzeProgram(tree, source);
  return { program, model: analyzeResources(program), done: () => tree.delete() };
}

const SOURCE = [
  "#include <stdlib.h>",
  "#define NEW_INTS(n) malloc((n) * sizeof(int))",
  "#define NEW(T) ((T *)xmalloc(sizeof(T)))",
  "#define DROP(p) free(p)",
  "#define PUT(tag, p) free(p)",
  "#define TWICE(x) (f(x) + f(x))",
  "static void *xmalloc(size_t n)",
  "{",
  "\tvoid *p = malloc(n);",
  "",
  "\tif (!p)",
  "\t\texit(1);",
  "\treturn p;",
  "}",
  "static int f(int x) { return x; }",
  "int main(void) { int *v = NEW_INTS(2); DROP(v); return TWICE(1); }",
  "",
].join("\n");

describe("macros that stand for one call", () => {
  it("reads each one-call body's callee and which parameter each argument is; a body of more than one call is none", async () => {
    const { program, done } = await facts(SOURCE);
    try {
      const calls = macroCalls(program);
      expect(calls.get("NEW_INTS")).toEqual({ callee: "malloc", parameters: [-1] });
      expect(calls.get("NEW")).toEqual({ callee: "xmalloc", parameters: [-1] });
      expect(calls.get("PUT")).toEqual({ callee: "free", parameters: [1] });
      expect(calls.has("TWICE")).toBe(false);
    } finally {
      done();
    }
  });

  it("makes them allocators and release functions as what they call is, with its origin and the parameter it passes", async () => {
    const { model, done } = await facts(SOURCE);
    try {
      expect(model.allocators.get("NEW_INTS")).toEqual({ origin: "libc" });
      expect(model.allocators.get("NEW")).toEqual({ origin: "program" });
      expect(model.releasers.get("DROP")).toEqual({ parameter: 0, origin: "libc" });
      expect(model.releasers.get("PUT")).toEqual({ parameter: 1, origin: "libc" });
      expect(model.allocators.has("TWICE")).toBe(false);
    } finally {
      done();
    }
  });
});
