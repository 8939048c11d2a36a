// Joining a program's files into one text and cutting it back: every character returns to its file.
import { describe, expect, it } from "vitest";
import { loadC } from "../../src/index.js";
import { joinProgram, locate, normalizePath, resolveLocalInclude, splitProgram } from "../../src/core/program-files.js";

const files = [
  { path: "src/a.c", text: '#include <stdio.h>\n#include "../inc/shared.h"\n\nstatic int pick(int x)\n{\n\treturn x + 1;\n}\n\nint a_value(void)\n{\n\treturn pick(1);\n}\n' },
  { path: "inc/shared.h", text: "#ifndef SHARED_H\n#define SHARED_H\nint a_value(void);\n#endif\n" },
  { path: "src/main.c", text: '#include <stdio.h>\n#include "../inc/shared.h"\n\nstatic int pick(int x)\n{\n\treturn x * 2;\n}\n\nint main(void)\n{\n\tprintf("%d\\n", pick(a_value()));\n\treturn 0;\n}' },
];

describe("joinProgram", () => {
  it("lays the units end to end, main()'s last, each header once at its first include; cut back, each file is itself again", async () => {
    const joined = joinProgram(await loadC(), [files[2]!, files[1]!, files[0]!]);
    expect(joined.diagnostics).toEqual([]);
    expect(joined.units).toEqual(["src/a.c", "src/main.c"]);
    expect(joined.headers).toEqual(["inc/shared.h"]);
    // The header's text is in the joined text once; the include lines are not.
    expect(joined.text.split("int a_value(void);").length).toBe(2);
    expect(joined.text).not.toContain('#include "');
    const back = splitProgram(joined, joined.text)!;
    // A file without a last newline gets one.
    expect(Object.fromEntries(back)).toEqual({ "src/a.c": files[0]!.text, "inc/shared.h": files[1]!.text, "src/main.c": `${files[2]!.text}\n` });
  });

  it("a static that another unit also defines gets a name of its own in the joined text, and its own back after", async () => {
    const joined = joinProgram(await loadC(), files);
    expect(joined.text.match(/\bpick__2\b/g)?.length).toBe(2);
    expect(joined.text.match(/\bpick\b/g)?.length).toBe(2);
    expect(splitProgram(joined, joined.text)!.get("src/main.c")).toContain("static int pick(int x)\n{\n\treturn x * 2;");
  });

  it("locate() names the file and its own line and column, through the renaming", async () => {
    const joined = joinProgram(await loadC(), files);
    const at = joined.text.indexOf("pick__2(a_value");
    const where = locate(joined, { start: at, end: at + 7, line: 0, column: 0 });
    expect(where?.file).toBe("src/main.c");
    expect(where?.range.line).toBe(11);
    expect(where?.range.column).toBe(17);
    expect(where?.range.end - where!.range.start).toBe(4);
    const inHeader = locate(joined, { start: joined.text.indexOf("int a_value(void);"), end: joined.text.indexOf("int a_value(void);"), line: 0, column: 0 });
    expect(inHeader).toMatchObject({ file: "inc/shared.h", range: { line: 3, column: 1 } });
  });

  it("a split is refused when a marker was lost (an edit across two files)", async () => {
    const joined = joinProgram(await loadC(), files);
    expect(splitProgram(joined, joined.text.replace(/#pragma kernelize piece 2\n/, ""))).toBeUndefined();
  });

  it("an include that is not among the files: K1010 at its line, in its file", async () => {
    const joined = joinProgram(await loadC(), [files[0]!, files[2]!]);
    expect(joined.diagnostics.map((d) => [d.code, d.file, d.range?.line])).toEqual([
      ["K1010", "src/a.c", 2],
      ["K1010", "src/main.c", 2],
    ]);
  });

  it("two units with main() are refused", async () => {
    const joined = joinProgram(await loadC(), [...files, { path: "other.c", text: "int main(void)\n{\n\treturn 0;\n}\n" }]);
    expect(joined.diagnostics.map((d) => d.code)).toEqual(["K1001"]);
  });
});

describe("include resolution", () => {
  it("beside the including file, then each -I directory; paths normalized", () => {
    const known = new Set(["src/list.h", "include/list.h", "include/util.h"]);
    expect(resolveLocalInclude("src/main.c", "list.h", known, ["include"])).toBe("src/list.h");
    expect(resolveLocalInclude("src/main.c", "util.h", known, ["include"])).toBe("include/util.h");
    expect(resolveLocalInclude("src/main.c", "../include/util.h", known)).toBe("include/util.h");
    expect(resolveLocalInclude("src/main.c", "nowhere.h", known, ["include"])).toBeUndefined();
    expect(normalizePath("./a/../b//c.h")).toBe("b/c.h");
  });
});
