// exit(0) inside a helper ends the program with success from deep inside it: the error channel carries failures only, so the port refuses it precisely instead of failing init with -EINVAL.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (status: string) => `#include <stdio.h>
#include <stdlib.h>

static void finish(int n)
{
	if (n > 2) {
		printf("enough\\n");
		exit(${status});
	}
}

int main(void)
{
	int i;

	for (i = 0; i < 5; i++) {
		printf("%d\\n", i);
		finish(i);
	}
	return 1;
}
`;

describe("a helper that ends the program with success", () => {
  it.each([["0"], ["EXIT_SUCCESS"]])("is refused with K1008 at its exit(%s), not ported to a failing init", async (status) => {
    const r = await translate(program(status), { name: "m", fileName: "f.c" });
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === "K1008");
    expect(d?.message).toBe(`exit(${status}) in finish() ends the program with success from inside a helper, which init cannot do yet`);
    expect(d?.range?.line).toBe(8);
  });

  it("a helper's failing exit(1) still becomes an error return", async () => {
    const r = await translate(program("1"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("exit_error = -EINVAL;");
  });
});
