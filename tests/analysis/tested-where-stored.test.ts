// `if ((p = malloc(n)) == NULL)`: a condition that stores an allocation and tests it in one expression tests p, for the NULL check and for ownership alike.
import { describe, expect, it } from "vitest";
import { buildFlowGraphs } from "../../src/analysis/flow/graph.js";
import { analyzeOwnership, HELD, NULL_POINTER } from "../../src/analysis/ownership.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { uncheckedAllocations } from "../../src/analysis/unchecked-allocations.js";
import { loadC, translate } from "../../src/index.js";

const program = (condition: string) => `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *x;

	if (${condition})
		return 1;
	strcpy(x, "ab");
	printf("%s\\n", x);
	free(x);
	return 0;
}
`;

describe("an allocation stored and tested in one condition", () => {
  it.each([["(x = malloc(4)) == NULL"], ["NULL == (x = malloc(4))"], ["!(x = malloc(4))"], ["((x = (char *)malloc(4))) == 0"]])(
    "is tested, so its dereference after the if is not reported: %s",
    async (condition) => {
      const source = program(condition);
      const tree = (await loadC()).parse(source);
      try {
        const facts = analyzeProgram(tree, source);
        const resources = analyzeResources(facts);
        const flow = buildFlowGraphs(facts).of("main")!;
        expect(uncheckedAllocations(flow, resources)).toEqual([]);
        // On the failure arm x is NULL: the exit there holds nothing.
        const atReturn = [...analyzeOwnership(flow, resources).atJump.values()][0]!;
        expect(atReturn.get("x")?.bits).toBe(NULL_POINTER);
        expect((atReturn.get("x")?.bits ?? 0) & HELD).toBe(0);
      } finally {
        tree.delete();
      }
    },
  );

  it("ports in the article's idiom: the failure returns -ENOMEM and frees nothing", async () => {
    const r = await translate(program("(x = malloc(4)) == NULL"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toMatch(/if \(\(x = kmalloc\(4, GFP_KERNEL\)\) == NULL\)\n\t\treturn -ENOMEM;/);
    expect(r.module).not.toContain("tracked_");
  });

  it("two stored and tested with || free the first where the second fails (the second may be unset: the tracker takes it)", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	char *x, *y;

	if ((x = malloc(4)) == NULL || (y = malloc(8)) == NULL)
		return 1;
	x[0] = y[0] = 0;
	printf("%s%s\\n", x, y);
	free(y);
	free(x);
	return 0;
}
`,
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("(x = tracked_kmalloc(4, GFP_KERNEL)) == NULL || (y = tracked_kmalloc(8, GFP_KERNEL)) == NULL");
    expect(r.module).toMatch(/ret = -ENOMEM;\s*goto out;/);
    expect(r.module).toContain("free_tracked_allocations();");
  });

  it("a helper that stores and tests its allocation in one condition is an allocator, and fails only when it does (-ENOMEM)", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pair { char *key; char *value; };

static char *copy(const char *s)
{
	char *p;

	if ((p = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	strcpy(p, s);
	return p;
}

static int pair_set(struct pair *e, const char *k, const char *v)
{
	if ((e->key = strdup(k)) == NULL)
		return -1;
	if (!(e->value = strdup(v))) {
		free(e->key);
		return -1;
	}
	return 0;
}

int main(void)
{
	struct pair e;
	char *a = copy("one");

	if (!a)
		return 1;
	if (pair_set(&e, "k", "v") != 0) {
		free(a);
		return 1;
	}
	printf("%s %s=%s\n", a, e.key, e.value);
	free(e.value);
	free(e.key);
	free(a);
	return 0;
}
`,
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toMatch(/int ret = -ENOMEM;/);
    expect(r.module).not.toContain("EINVAL");
  });
});
