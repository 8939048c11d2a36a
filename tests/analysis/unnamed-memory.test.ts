// Memory stored where main() has no name for it (array elements, an allocating initializer list) is freed by the tracker at init's exits, not lost.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const port = async (source: string) => {
  const r = await translate(source, { name: "m" });
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  return r.module!;
};

describe("memory held where no name reaches it", () => {
  it("an allocation stored in v[i] is tracked and freed when init fails later, with -ENOMEM for its own check", async () => {
    const module = await port(`#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	char *v[3];
	int i;
	for (i = 0; i < 3; i++) {
		v[i] = malloc(8);
		if (!v[i])
			return 1;
	}
	for (i = 0; i < 3; i++)
		free(v[i]);
	return 0;
}
`);
    expect(module).toContain("v[i] = tracked_kmalloc(8, GFP_KERNEL);");
    expect(module).toContain("free_tracked_allocations();");
    expect(module).toMatch(/if \(!v\[i\]\) \{\s*ret = -ENOMEM;\s*goto out;/);
  });

  it("an initializer list that allocates (char *names[] = { strdup(…) }) holds memory each later exit frees", async () => {
    const module = await port(`#include <stdlib.h>
#include <string.h>
int main(void)
{
	char *names[] = { strdup("a"), strdup("b") };
	char *x;
	if (!names[0] || !names[1])
		return 1;
	x = malloc(4);
	if (!x)
		return 1;
	free(x);
	free(names[0]);
	free(names[1]);
	return 0;
}
`);
    expect(module).toContain('char *names[] = { tracked_kstrdup("a", GFP_KERNEL), tracked_kstrdup("b", GFP_KERNEL) };');
    expect(module).toContain("free_tracked_allocations();");
    // Both checks are of allocations: the names' by their index, x's by its name.
    expect(module.match(/ret = -ENOMEM;/g)?.length).toBe(2);
    expect(module).not.toContain("-EINVAL");
  });

  it("keeps the article's idiom where every allocation has a name: a number set to 0 and passed by address is no pointer", async () => {
    const module = await port(`#include <stdio.h>
#include <stdlib.h>
static void count(int *n) { *n += 1; }
int main(void)
{
	int n = 0;
	char *p = malloc(4);
	if (!p)
		return 1;
	count(&n);
	free(p);
	printf("%d\\n", n);
	return 0;
}
`);
    expect(module).not.toContain("tracked");
    expect(module).toContain("kfree(p);");
  });

  it("keeps the article's idiom for realloc()'s leak-safe pattern, which the statement order reads", async () => {
    const module = await port(`#include <stdlib.h>
int main(void)
{
	int *values = malloc(4 * sizeof(*values));
	if (!values)
		return 1;
	int *more = realloc(values, 8 * sizeof(*values));
	if (!more) {
		free(values);
		return 1;
	}
	values = more;
	free(values);
	return 0;
}
`);
    expect(module).not.toContain("tracked");
  });

  it("an element of a file-scope array a helper filled (names[n] = strdup(s)) is freed by the tracker when init returns, as the process's exit took it back", async () => {
    const module = await port(`#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static char *names[4];
static int n;
static int remember(const char *s)
{
	names[n] = strdup(s);
	if (!names[n])
		return -1;
	n++;
	return 0;
}
int main(void)
{
	if (remember("a") < 0 || remember("b") < 0)
		return 1;
	printf("%s %s\\n", names[0], names[1]);
	return 0;
}
`);
    expect(module).toContain("names[n] = tracked_kstrdup(s, GFP_KERNEL);");
    expect(module).toMatch(/out:\n\tfree_tracked_allocations\(\);\n\treturn ret;/);
    // remember() fails only where its allocation does.
    expect(module).toContain("ret = -ENOMEM;");
  });

  it("so is a function's static array, which outlives each call as a file-scope one does", async () => {
    const module = await port(`#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static const char *label(int i)
{
	static char *cache[2];

	if (!cache[i])
		cache[i] = strdup(i ? "one" : "zero");
	return cache[i];
}
int main(void)
{
	const char *s = label(1);

	if (!s)
		return 1;
	printf("%s\\n", s);
	return 0;
}
`);
    expect(module).toContain("cache[i] = tracked_kstrdup(");
    expect(module).toContain("free_tracked_allocations();");
  });
});
