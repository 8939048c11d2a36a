// A function that can end the program, called through a pointer: every call the program makes through a pointer may reach it, so each is checked as a call of a failing helper, and the helpers keep their types, so the pointers keep theirs.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

describe("a function that can end the program, used as a pointer", () => {
  it("each call through a pointer is checked after it, and the table of handlers keeps its type", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>

static void step(int i) { printf("step %d\\n", i); }
static void stop(int i) { printf("stop at %d\\n", i); exit(3); }
static void (*actions[])(int) = { step, step, stop, step };

int main(void)
{
	int i;

	for (i = 0; i < 4; i++)
		actions[i](i);
	printf("done\\n");
	return 0;
}
`,
      { name: "m", fileName: "f.c" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("static void stop(int i) { pr_info(\"stop at %d\\n\", i); exit_error = -EINVAL; }");
    expect(r.module).toContain("static void (*actions[])(int) = { step, step, stop, step };");
    expect(r.module).toMatch(/\t\tactions\[i\]\(i\);\n\t\tif \(exit_error\)\n\t\t\treturn exit_error;/);
  });

  it("a helper that calls through a pointer can end the program too, and its callers check it", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>

static void check(int v)
{
	if (v < 0) {
		fprintf(stderr, "negative %d\\n", v);
		exit(1);
	}
}

static void apply(void (*f)(int), int v)
{
	f(v);
	printf("applied %d\\n", v);
}

int main(void)
{
	apply(check, 1);
	apply(check, -1);
	return 0;
}
`,
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toMatch(/\tf\(v\);\n\tif \(exit_error\)\n\t\treturn;\n/);
    expect(r.module).toMatch(/apply\(check, -1\);\n\tif \(exit_error\)\n\t\treturn exit_error;/);
    expect(r.module).toContain("static void check(int v)");
  });

  it("called by name only (and declared before), it is an ordinary failing helper", async () => {
    const r = await translate(
      `#include <stdio.h>
#include <stdlib.h>

static void stop(int i);

int main(void)
{
	stop(1);
	printf("done\\n");
	return 0;
}

static void stop(int i) { if (i > 2) exit(3); }
`,
      { name: "m" },
    );
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toMatch(/ret = stop\(1\);\n\tif \(ret\)\n\t\tgoto out;/);
  });
});
