// A function that returns what strcpy() or memcpy() returns hands back its destination: an allocator when that was allocated.
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

async function allocators(source: string): Promise<string[]> {
  const language = await loadC();
  const tree = language.parse(source);
  try {
    const model = analyzeResources(analyzeProgram(tree, source), new Map());
    return ["copy", "join", "plain"].filter((n) => model.allocators.has(n));
  } finally {
    tree.delete();
  }
}

describe("returns of a call that gives back its destination", () => {
  it("make the function an allocator where the destination was allocated", async () => {
    const source = `#include <stdlib.h>
#include <string.h>
static char *copy(const char *s)
{
	char *d = malloc(strlen(s) + 1);

	if (!d)
		exit(3);
	return strcpy(d, s);
}
static char *join(const char *a, size_t n)
{
	char *d = malloc(n);

	return d ? (char *)memcpy(d, a, n) : NULL;
}
static char *plain(char *buf, const char *s)
{
	return strcpy(buf, s);
}
int main(void)
{
	return 0;
}
`;
    // join() returns through a conditional, which the summary does not read: only copy() is certain.
    expect(await allocators(source)).toEqual(["copy"]);
  });
});
