// Calls of helpers that can end the program, in a condition: one is checked in each arm; two, each where it is made (a statement expression around it); one inside another's arguments is refused.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { repoRoot } from "../helpers/paths.js";

const ADD = `#include <stdio.h>
#include <stdlib.h>
static int add(int *total, int v)
{
	if (v < 0)
		exit(1);
	*total += v;
	return 0;
}
`;

describe("failing calls in conditions", () => {
  it("checks one call in a condition at the start of each arm", async () => {
    const r = await translate(`${ADD}int main(void)\n{\n\tint t = 0;\n\n\tif (add(&t, 2))\n\t\tprintf("odd\\n");\n\tprintf("%d\\n", t);\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("if (exit_error)");
  });

  it("checks two in one condition each where it is made (a check in the arms would come after the second had run), in a helper and in main()", async () => {
    const r = await translate(`${ADD}static int both(int *t)\n{\n\tif (add(t, 1) || add(t, 2))\n\t\treturn -1;\n\treturn 0;\n}\nint main(void)\n{\n\tint t = 0;\n\n\tboth(&t);\n\twhile (add(&t, 3) || add(&t, 4))\n\t\tbreak;\n\tprintf("%d\\n", t);\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The helper's failure value is 0, its error in the channel.
    expect(r.module).toContain("\tif (({ __auto_type result = add(t, 1); if (exit_error) { return 0; } result; }) || ({ __auto_type result = add(t, 2); if (exit_error) { return 0; } result; }))\n");
    expect(r.module).toContain("\twhile (({ __auto_type result = add(&t, 3); if (exit_error) { return exit_error; } result; }) || ({ __auto_type result = add(&t, 4); if (exit_error) { return exit_error; } result; }))");
  });

  it("refuses two in one condition where one is inside the other's arguments, at each call", async () => {
    const r = await translate(`${ADD}static int both(int *t)\n{\n\tif (add(t, add(t, 2)))\n\t\treturn -1;\n\treturn 0;\n}\nint main(void)\n{\n\tint t = 0;\n\n\tboth(&t);\n\tprintf("%d\\n", t);\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toContain("K1008");
  });

  it("refuses a call whose value another call takes before the check can run (keep(xstrdup(s)) after && or ?:, or in a loop's condition), in main() and in a helper", async () => {
    const XSTRDUP = `#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nstatic char *xstrdup(const char *s)\n{\n\tchar *p = malloc(strlen(s) + 1);\n\n\tif (!p)\n\t\texit(1);\n\treturn strcpy(p, s);\n}\nstatic int keep(char *s)\n{\n\tint n = (int)strlen(s);\n\n\tfree(s);\n\treturn n;\n}\n`;
    for (const [use, line] of [
      ["\tif (on && keep(xstrdup(\"x\")) > 0)\n\t\tputs(\"kept\");\n", 22],
      ["\tint n = on ? keep(xstrdup(\"x\")) : 0;\n\n\tprintf(\"%d\\n\", n);\n", 22],
      ["\tint n;\n\n\tfor (n = 0; keep(xstrdup(\"xyz\")) > n; n++)\n\t\tputs(\"more\");\n", 24],
    ] as const) {
      const inMain = await translate(`${XSTRDUP}int main(void)\n{\n\tint on = 1;\n${use}\treturn 0;\n}\n`, { name: "m" });
      expect(inMain.ok).toBe(false);
      expect(inMain.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}@${d.range?.line}`)).toEqual([`K1008@${line}`]);
      const inHelper = await translate(`${XSTRDUP}static void run(int on)\n{\n${use}}\nint main(void)\n{\n\trun(1);\n\treturn 0;\n}\n`, { name: "m" });
      expect(inHelper.ok).toBe(false);
      expect(inHelper.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual(["K1008"]);
    }
  });

  it("ports a call handed to one that tests what it is given (pair(pair(a, b), c) doing if (!a || !b) …): checked with its statement", async () => {
    const program = `#include <stdio.h>\n#include <stdlib.h>\nstruct v { int n; struct v *a, *b; };\nstatic struct v *leaf(int n)\n{\n\tstruct v *p = calloc(1, sizeof(*p));\n\n\tif (p)\n\t\tp->n = n;\n\treturn p;\n}\nstatic struct v *pair(struct v *a, struct v *b)\n{\n\tstruct v *p;\n\n\tif (!a || !b) {\n\t\tfree(a);\n\t\tfree(b);\n\t\treturn NULL;\n\t}\n\tp = malloc(sizeof(*p));\n\tif (!p)\n\t\texit(1);\n\tp->n = a->n + b->n;\n\tp->a = a;\n\tp->b = b;\n\treturn p;\n}\nint main(void)\n{\n\tstruct v *p = pair(pair(leaf(1), leaf(2)), leaf(3));\n\n\tif (!p)\n\t\treturn 1;\n\tprintf("%d\\n", p->n);\n\treturn 0;\n}\n`;
    const r = await translate(program, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("struct v *p = pair(pair(leaf(1), leaf(2)), leaf(3));");
  });

  it("still checks a call whose value the condition tests itself, where the condition leads", async () => {
    const r = await translate(`${ADD}int main(void)\n{\n\tint t = 0;\n\n\tif (t == 0 && !add(&t, 2))\n\t\tprintf("added\\n");\n\tprintf("%d\\n", t);\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toContain("if (exit_error)");
  });

  it("ports an empty main() beside a helper that keeps memory in file scope (the tracker's init has no statement to follow)", async () => {
    // exit-tracked-helper-unused with main()'s body deleted, as the fuzz test found it.
    const program = readFileSync(join(repoRoot, "tests", "fixtures", "exit-tracked-helper-unused", "user.c"), "utf8").replace(/int main\(void\)\n\{[\s\S]*\n\}\n?$/, "int main(void)\n{\n\t\n}\n");
    expect(program).toMatch(/int main\(void\)\n\{\n\t\n\}\n$/);
    const r = await translate(program, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.module).toMatch(/int m_init\(void\)\n\{\n\tint ret = 0;[\s\S]*free_tracked_allocations\(\);\n\treturn ret;/);
  });
});
