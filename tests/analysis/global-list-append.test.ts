import { describe, expect, it } from "vitest";
import { translate } from "../../src/node-language.js";

// Memory a helper appends to a list kept in a global, through a pointer to the link (`*pp = p`):
// no name of main()'s reaches it, so where init fails before the program freed it, the tracker does.
describe("an append through a pointer to a file-scope list", () => {
  const program = (append: string) => `#include <stdio.h>
#include <stdlib.h>
struct item { int v; struct item *next; };
static struct item *head;
static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		fprintf(stderr, "out of memory\\n");
		exit(1);
	}
	return p;
}
static void add(int v)
{
	struct item *p, **pp;

	p = xmalloc(sizeof(*p));
	p->v = v;
	p->next = NULL;
${append}
}
int main(void)
{
	struct item *p;
	int i;

	for (i = 0; i < 3; i++)
		add(i);
	while (head) {
		p = head;
		head = p->next;
		printf("%d\\n", p->v);
		free(p);
	}
	return 0;
}
`;
  it("tracks the module's allocations, so init frees the list where a later allocation fails", async () => {
    const r = await translate(program("\tfor (pp = &head; *pp; pp = &(*pp)->next)\n\t\t;\n\t*pp = p;"), { name: "list" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("struct tracked_allocation {");
  });
});
