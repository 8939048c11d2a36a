// err(1, NULL) prints only the C library's text for errno after the program's name: where the program's own test says an allocation failed, the port prints that text ("Cannot allocate memory") as its message.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (test: string) => `#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char *s = strdup("hello");

	if (${test})
		err(1, NULL);
	printf("%s\\n", s);
	free(s);
	return 0;
}
`;

describe("err() with a NULL message", () => {
  it("after a failed allocation, becomes the errno text as init's message", async () => {
    const r = await translate(program("s == NULL"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain('KERN_ERR "Cannot allocate memory\\n"');
    expect(r.module).toContain("ret = -ENOMEM");
  });

  it("in the kernel style, goes with the other messages of failed allocations (the allocator already reports them)", async () => {
    const r = await translate(program("!s"), { name: "m", style: "kernel" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).not.toMatch(/\bNULL\b|Cannot allocate/);
  });

  it("where errno's value cannot be told, is still refused with K1007", async () => {
    const r = await translate(program("strlen(s) > 3"), { name: "m" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain("K1007");
  });
});
