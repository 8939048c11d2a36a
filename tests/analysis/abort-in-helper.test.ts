// abort() in a helper ends the program as exit() does: the graph's helper plan makes it an error return, where the statement-order plan reads only exit() and err().
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

describe("abort() in a helper", () => {
  it("becomes an error return that init checks, not a call the kernel does not have", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>

static int *xalloc(void)
{
	int *p = malloc(sizeof(int));
	if (!p)
		abort();
	return p;
}

int main(void)
{
	int *p = xalloc();
	*p = 42;
	printf("%d\\n", *p);
	free(p);
	return 0;
}
`,
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).not.toMatch(/\babort\s*\(/);
    expect(r.module).toMatch(/exit_error = -ENOMEM;\n\t\treturn NULL;/);
    expect(r.module).toMatch(/int \*p = xalloc\(\);\n\tif \(exit_error\)\n\t\treturn exit_error;/);
  });
});
