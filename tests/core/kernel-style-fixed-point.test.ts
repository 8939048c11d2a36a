// The kernel style is a fixed point: its output, ported again in the kernel style, is the same text (cases from the public corpus that were not).
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

async function twice(code: string): Promise<{ first: string; again: string | undefined }> {
  const first = await translate(code, { name: "fixed", fileName: "fixed.c", style: "kernel" });
  expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const again = await translate(first.module!, { name: "fixed", style: "kernel" });
  expect(again.diagnostics).toEqual([]);
  return { first: first.module!, again: again.module };
}

describe("porting a kernel-style module again changes nothing", () => {
  it("an unused local whose type phase 2 renames is removed the first time (int64_t to s64)", async () => {
    const { first, again } = await twice("#include <stdint.h>\n#include <stdio.h>\n\nint main(void)\n{\n\tint64_t used[] = { 1, 2 };\n\tint64_t unused_one[] = { 1 };\n\n\tprintf(\"%lld\\n\", (long long)used[1]);\n\treturn 0;\n}\n");
    expect(first).not.toContain("unused_one");
    expect(again).toBe(first);
  });

  it("a declaration and a statement on one line get their blank line the first time", async () => {
    const { first, again } = await twice("#include <stdio.h>\n\nstatic void reverse(char *buf, char *p)\n{\n\twhile (buf < p) { char c = *p; *p-- = *buf; *buf++ = c; }\n}\n\nint main(void)\n{\n\tchar text[] = \"abc\";\n\n\treverse(text, text + 2);\n\tprintf(\"%s\\n\", text);\n\treturn 0;\n}\n");
    expect(first).toContain("\t\tchar c = *p;\n\n");
    expect(again).toBe(first);
  });

  it("a // comment a backslash continues is closed, and laid out as a block comment, the first time", async () => {
    const { first, again } = await twice("#include <stdio.h>\n\n// a picture: /  \\\n// \\__/\nint main(void)\n{\n\tprintf(\"hi\\n\");\n\treturn 0;\n}\n");
    expect(first).toContain("/*\n * a picture:");
    expect(again).toBe(first);
  });

  it("a trailing comment clang-format moves again on a second run is laid out until it stays", async () => {
    const { first, again } = await twice('#include <stdio.h>\n\nint main(void)\n{\n\tint r1 = 0;\n\tchar dst1[6] = "hello";\n\n\tif (r1 == 0) {\n\t\tprintf("dst1 = \\"%s\\", r1 = %d\\n", dst1, r1); // \'h\',\'e\',\'l\',\'l\',\'o\',\'\\0\' to dst1\n\t}\n\treturn 0;\n}\n');
    expect(again).toBe(first);
  });

  it("a trailing /* */ comment the layout breaks over lines (the code before it grew) gets the block shape the first time", async () => {
    const { first, again } = await twice('#include <stdio.h>\n#include <stdlib.h>\n\nint main(void)\n{\n    char *end;\n    printf("%ld\\n", strtol("0x10", &end, 0));       /* hexadecimal auto-detection of the base */\n    return 0;\n}\n');
    expect(first).toMatch(/\/\*\n\s+\* hexadecimal/);
    expect(again).toBe(first);
  });

  it("a declaration's trailing // comment, continued on the next line, stays with it: the blank line goes after both", async () => {
    const { first, again } = await twice('#include <stdio.h>\n\nint main(void)\n{\n    int total = 40, count = 2;\n    int mean = total / count; // the mean of the values read so far, rounded down to an integer\n    printf("%d\\n", mean);\n    return 0;\n}\n');
    expect(first).toMatch(/rounded[^\n]*\n\t+ +\/\/[^\n]*\n\n\tpr_info/);
    expect(again).toBe(first);
  });
});
