// Code a rule adds before the program's functions goes above the program's #defines that would change it.
import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

describe("added code and the program's macros", () => {
  it("puts the allocation tracker above `#define size 4`, whose name its helpers use, and leaves it where it was otherwise", async () => {
    const program = (define: string) =>
      `#include <stdio.h>\n#include <stdlib.h>\n\n${define}\n\nint main(void)\n{\n\tint *v[4];\n\tint i;\n\n\tfor (i = 0; i < 4; i++) {\n\t\tv[i] = malloc(sizeof(int));\n\t\tif (!v[i])\n\t\t\treturn 1;\n\t\t*v[i] = i;\n\t}\n\tprintf("%d\\n", *v[3]);\n\treturn 0;\n}\n`;
    const clashing = await runAll(program("#define size 4"), { name: "t" });
    expect(clashing.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(clashing.output).toContain("static inline size_t tracked_size(size_t size)");
    expect(clashing.output!.indexOf("static inline size_t tracked_size(size_t size)")).toBeLessThan(clashing.output!.indexOf("#define size 4"));
    const other = await runAll(program("#define COUNT 4"), { name: "t" });
    expect(other.output!.indexOf("static inline size_t tracked_size(size_t size)")).toBeGreaterThan(other.output!.indexOf("#define COUNT 4"));
  });

  it("puts the recursion guard above the program's own PAGE_SIZE, so that THREAD_SIZE under it keeps the kernel's", async () => {
    const result = await runAll(
      '#include <stdio.h>\n\n#define PAGE_SIZE 8\n\nstatic long walk(const char *s)\n{\n\tif (!*s)\n\t\treturn 0;\n\treturn 1 + walk(s + 1);\n}\n\nint main(void)\n{\n\tprintf("%ld %d\\n", walk("abc"), PAGE_SIZE);\n\treturn 0;\n}\n',
      { name: "t" },
    );
    const guard = result.output!.indexOf("THREAD_SIZE / 4");
    expect(guard).toBeGreaterThan(0);
    expect(guard).toBeLessThan(result.output!.indexOf("#define PAGE_SIZE 8"));
  });
});
