// A function that can end the program, called through a pointer, would end nothing in a module: its failure reaches no check, and init would run on. The port refuses it where the pointer is taken.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

describe("a function that can end the program, used as a pointer", () => {
  it("is refused with K1008 where its name is taken, not ported to an init that runs on", async () => {
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
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === "K1008");
    expect(d?.message).toBe("stop() can end the program, and is used here as a pointer: a call through it cannot be checked for that");
    expect(d?.range).toMatchObject({ line: 6, column: 47 });
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
