// The resource model's body summaries are kept by the body's text, so that a later parse of the same program reads only the functions a phase changed.
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources, type BodySummaries } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

const PROGRAM = `#include <stdlib.h>
static char *make(void)
{
	char *p = malloc(4);
	return p;
}
static char *copy(void)
{
	return make();
}
int main(void)
{
	free(copy());
	return 0;
}
`;

async function modelOf(source: string, byText: BodySummaries) {
  const language = await loadC();
  const tree = language.parse(source);
  const model = analyzeResources(analyzeProgram(tree, source), byText);
  return { model, done: () => tree.delete() };
}

describe("body summaries carried from one parse to the next", () => {
  it("are kept by the text of each body the model read", async () => {
    const byText: BodySummaries = new Map();
    const { model, done } = await modelOf(PROGRAM, byText);
    expect(model.allocators.has("copy")).toBe(true);
    done();
    expect([...byText.keys()].sort()).toEqual(["{\n\tchar *p = malloc(4);\n\treturn p;\n}", "{\n\treturn make();\n}"]);
  });

  it("answer for a body of the same text in a later parse, where one is kept", async () => {
    const byText: BodySummaries = new Map();
    await modelOf(PROGRAM, byText).then((m) => m.done());
    // What the first parse learnt stands for make()'s body: here it says make() allocates nothing.
    byText.set("{\n\tchar *p = malloc(4);\n\treturn p;\n}", { assignments: [], calls: [], returns: [{ text: "p", identifier: "p" }] });
    const { model, done } = await modelOf(PROGRAM, byText);
    expect(model.allocators.has("make")).toBe(false);
    done();
  });

  it("read a body with a syntax error afresh: its tree may depend on the text around it", async () => {
    const byText: BodySummaries = new Map();
    const { model, done } = await modelOf(PROGRAM.replace("return p;", "return p +;"), byText);
    model.allocators.has("copy");
    done();
    expect([...byText.keys()]).toEqual(["{\n\treturn make();\n}"]);
  });
});
