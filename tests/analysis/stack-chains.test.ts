// What a chain of calls takes of the kernel stack: frames that pass it together, recursions through pointers, and depths that only just fit.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

/** Nine functions of a 1,900-byte buffer, each calling the next: 17 KiB of stack, none over the frame limit. */
const CHAIN = (() => {
  const parts = ["#include <stdio.h>\n"];
  for (let i = 8; i >= 0; i--) {
    const next = i === 8 ? "0" : `f${i + 1}(buf)`;
    parts.push(`\nint f${i}(const char *in)\n{\n\tchar buf[1900];\n\n\tsnprintf(buf, sizeof buf, "%s${i}", in);\n\treturn ${next} + buf[0];\n}\n`);
  }
  parts.push('\nint main(void)\n{\n\tprintf("%d\\n", f0(">"));\n\treturn 0;\n}\n');
  return parts.join("");
})();

describe("stack along call chains", () => {
  it("moves arrays to the heap along a chain of calls whose frames add up to more than the stack leaves, the outermost first, until it fits", async () => {
    const r = await translate(CHAIN, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const moved = [...r.module!.matchAll(/^int (f\d)\(const char \*in\)\n\{\n\tchar \*buf = kcalloc/gm)].map((m) => m[1]);
    expect(moved).toEqual(["f2", "f1", "f0"]);
  });

  it("leaves a chain that fits as it is", async () => {
    const r = await translate(CHAIN.replace(/1900/g, "600"), { name: "m" });
    expect(r.module).not.toContain("kcalloc");
  });

  it("finds a recursion through a pointer to a function (step() passing itself to each(), which calls it) and guards it", async () => {
    const r = await translate(
      '#include <stdio.h>\n\nstatic long each(const char *s, long (*fn)(const char *))\n{\n\treturn *s ? fn(s) + *s : 0;\n}\n\nstatic long step(const char *s)\n{\n\treturn each(s + 1, step) + 1;\n}\n\nint main(void)\n{\n\tprintf("%ld\\n", each("abc", step));\n\treturn 0;\n}\n',
      { name: "m" },
    );
    expect(r.diagnostics.map((d) => d.code)).toContain("K3013");
    expect(r.module).toContain('if (stack_exhausted("each"))');
    expect(r.module).toContain('if (stack_exhausted("step"))');
  });

  it("guards a recursion whose known depth fits the stack only without the room the loader and the kernel's calls take", async () => {
    const program = (n: number) =>
      `#include <stdio.h>\n\nstatic int f(int n)\n{\n\tchar tag[24];\n\n\tif (n == 0)\n\t\treturn 0;\n\tsnprintf(tag, sizeof(tag), "%d", n);\n\treturn f(n - 1) + tag[0];\n}\n\nint main(void)\n{\n\tprintf("%d\\n", f(${n}));\n\treturn 0;\n}\n`;
    expect((await translate(program(330), { name: "m" })).module).toContain("stack_exhausted");
    expect((await translate(program(100), { name: "m" })).module).not.toContain("stack_exhausted");
  });
});
