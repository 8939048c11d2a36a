// "The function around this offset" is answered in one place, FunctionTable.enclosing(), from the definitions' ranges.
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

const SOURCE = `#include <stdlib.h>
static int counter;
#ifdef FAST
static int step(int n) { return n + 2; }
#else
static int step(int n) { return n + 1; }
#endif
static char *make(int n)
{
	char *p = malloc(n);
	return p;
}
static void drop(char *p) { free(p); }
static void twice(char *p) { drop(p); }
static int plain(int n) { return step(n); }
int main(void)
{
	char *p = make(step(counter));
	twice(p);
	return plain(0);
}
`;

async function programOf(source: string) {
  const tree = (await loadC()).parse(source);
  return { program: analyzeProgram(tree, source), done: () => tree.delete() };
}

describe("FunctionTable.enclosing", () => {
  it("names the definition around each offset, and none between definitions", async () => {
    const { program, done } = await programOf(SOURCE);
    try {
      const at = (needle: string, from = 0) => program.functions.enclosing(SOURCE.indexOf(needle, from))?.name;
      expect(at("malloc(n)")).toBe("make");
      expect(at("free(p)")).toBe("drop");
      expect(at("make(step(counter))")).toBe("main");
      expect(at("static int counter")).toBeUndefined();
      expect(at("#else")).toBeUndefined();
      // The first and last characters of a definition are inside it; the newline after it is not.
      const start = SOURCE.indexOf("int main");
      expect(program.functions.enclosing(start)?.name).toBe("main");
      expect(program.functions.enclosing(SOURCE.lastIndexOf("}"))?.name).toBe("main");
      expect(program.functions.enclosing(SOURCE.length - 1)).toBeUndefined();
      // The node is the definition itself, as a walk up from the call would find it.
      const node = program.functions.enclosing(SOURCE.indexOf("free(p)"))!.node;
      expect(node.type).toBe("function_definition");
      expect(node.startIndex).toBe(SOURCE.indexOf("static void drop"));
    } finally {
      done();
    }
  });

  it("finds a name defined twice under #ifdef in either of its definitions", async () => {
    const { program, done } = await programOf(SOURCE);
    try {
      const first = SOURCE.indexOf("n + 2");
      const second = SOURCE.indexOf("n + 1");
      expect(program.functions.enclosing(first)?.name).toBe("step");
      expect(program.functions.enclosing(second)?.name).toBe("step");
      expect(program.functions.enclosing(second)?.node.startIndex).toBe(SOURCE.lastIndexOf("static int step"));
    } finally {
      done();
    }
  });
});

describe("ResourceModel.named", () => {
  it("finds the program's allocators and release functions from the C library's up, through their callers", async () => {
    const { program, done } = await programOf(SOURCE);
    try {
      const named = analyzeResources(program).named();
      expect([...named.allocators].filter((n) => program.functions.has(n))).toEqual(["make"]);
      expect([...named.releasers].filter((n) => program.functions.has(n)).sort()).toEqual(["drop", "twice"]);
      expect(named.allocators.has("malloc") && named.releasers.has("free")).toBe(true);
      // main() is never one of them, and a function that calls neither kind is not either.
      expect(named.allocators.has("main") || named.releasers.has("main") || named.releasers.has("plain")).toBe(false);
    } finally {
      done();
    }
  });
});
