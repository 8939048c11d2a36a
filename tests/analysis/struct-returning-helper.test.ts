// A helper that can end the program and returns a struct by value: on failure it returns a zeroed value of its type, and the error channel says it failed.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const PROGRAM = `#include <stdio.h>
#include <stdlib.h>

struct rat { long n, d; };
typedef struct rat rat_t;
typedef enum { IDLE, BUSY } state;

static state step(int c)
{
	if (c < 0)
		exit(3);
	return c ? BUSY : IDLE;
}

static struct rat make(long n, long d)
{
	struct rat r;

	if (d == 0) {
		fprintf(stderr, "zero denominator\\n");
		exit(1);
	}
	r.n = n;
	r.d = d;
	return r;
}

static rat_t half(long n)
{
	return make(n, 2);
}

int main(void)
{
	struct rat a = make(1, 2);
	rat_t b = half(3);

	printf("%ld/%ld %ld/%ld %d\\n", a.n, a.d, b.n, b.d, step(1));
	return 0;
}
`;

describe("a helper that can end the program and returns a struct", () => {
  it("returns a zeroed value of its type on failure, through a typedef too (an enum's as well), and each caller checks the channel", async () => {
    const r = await translate(PROGRAM, { name: "rat" });
    expect(r.diagnostics).toEqual([]);
    expect(r.module).toContain("\t\texit_error = -EINVAL;\n\t\treturn (struct rat){};\n");
    expect(r.module).toContain("\t\treturn (state){ 0 };\n");
    expect(r.module).toContain("\tstruct rat a = make(1, 2);\n\tif (exit_error)\n\t\treturn exit_error;\n");
    // A failure passed on as the value it returns: the zeroed value goes up with the channel set.
    expect(r.module).toContain("static rat_t half(long n)\n{\n\treturn make(n, 2);\n}\n");
    expect(r.module).toContain("\trat_t b = half(3);\n\tif (exit_error)\n\t\treturn exit_error;\n");
  });
});
