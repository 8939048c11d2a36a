// The program's calls by name: found once per parse and kept, and answered in text order whatever was asked before.
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC } from "../../src/index.js";

const source = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "static void helper(void) { printf(\"h\\n\"); }",
  "int main(void)",
  "{",
  "\tchar *p = malloc(4); /* printf( in a comment */",
  "\tprintf(\"%p\\n\", (void *)p);",
  "\thelper();",
  "\tfree(p);",
  "\tprintf(\"done\\n\");",
  "\treturn 0;",
  "}",
  "",
].join("\n");

async function calls() {
  const tree = (await loadC()).parse(source);
  const program = analyzeProgram(tree, source);
  const at = (list: ReturnType<typeof program.callsNamed>) => list.map((c) => `${c.name}@${c.call.startIndex}`);
  return { program, at, done: () => tree.delete() };
}

describe("callsNamed", () => {
  it("answers a name asked again, alone or with others, as a first question would, in text order", async () => {
    const { program, at, done } = await calls();
    try {
      const printfs = at(program.callsNamed(new Set(["printf"])));
      expect(printfs).toHaveLength(3);
      const mixed = at(program.callsNamed(new Set(["free", "printf", "malloc"])));
      const fresh = await calls();
      try {
        expect(mixed).toEqual(at(fresh.program.callsNamed(new Set(["malloc", "printf", "free"]))));
      } finally {
        fresh.done();
      }
      expect(mixed.map((c) => Number(c.split("@")[1]))).toEqual([...mixed.map((c) => Number(c.split("@")[1]))].sort((a, b) => a - b));
      expect(at(program.callsNamed(new Set(["printf"])))).toEqual(printfs);
      // A caller may keep or change what it was given: the next answer is whole.
      program.callsNamed(new Set(["printf"])).pop();
      expect(at(program.callsNamed(new Set(["printf"])))).toEqual(printfs);
    } finally {
      done();
    }
  });

  it("leaves the program's own functions out of the library's calls, after they were asked for as calls", async () => {
    const { program, at, done } = await calls();
    try {
      expect(at(program.callsNamed(new Set(["helper"])))).toHaveLength(1);
      expect(at(program.libraryCallsNamed(new Set(["helper", "free"])))).toEqual(at(program.callsNamed(new Set(["free"]))));
    } finally {
      done();
    }
  });
});
