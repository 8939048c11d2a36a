// The port's own allocation sites in a module of several objects: found file by file from the edits
// translateProgram() places in each file, each named by its file (check's kz_port_file).
import { describe, expect, it } from "vitest";
import { translateProgram } from "../../src/index.js";
import { programPortOnlySites } from "../../src/verify/allocation-origins.js";

const files = [
  { path: "sum.h", text: "int checksum(const char *text);\n" },
  { path: "sum.c", text: '#include <string.h>\n#include "sum.h"\n\nint checksum(const char *text)\n{\n\tchar copy[4096];\n\tint total = 0;\n\tsize_t i;\n\n\tstrncpy(copy, text, sizeof(copy) - 1);\n\tcopy[sizeof(copy) - 1] = \'\\0\';\n\tfor (i = 0; copy[i]; i++)\n\t\ttotal += copy[i];\n\treturn total;\n}\n' },
  { path: "main.c", text: '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include "sum.h"\n\nint main(void)\n{\n\tchar *word = strdup("kernel");\n\n\tif (!word)\n\t\treturn 1;\n\tprintf("%d\\n", checksum(word));\n\tfree(word);\n\treturn 0;\n}\n' },
];

describe("programPortOnlySites", () => {
  for (const style of ["minimal", "kernel"] as const) {
    it(`${style} style: the heap copy of another file's stack array is the port's, at its file and line; the program's kstrdup is not`, async () => {
      const port = await translateProgram(files, { name: "checksum", style });
      const sites = programPortOnlySites(files, port.files, port.edits);
      expect(sites.map((s) => ({ fn: s.fn, file: s.file, userFile: s.userFile, userLine: s.userLine, ruleId: s.ruleId }))).toEqual([
        { fn: "kcalloc", file: "sum.c", userFile: "sum.c", userLine: 6, ruleId: "large-stack-frames-to-heap" },
      ]);
      const sum = port.files.find((f) => f.path === "sum.c")!.text.split("\n");
      expect(sum[sites[0]!.firstLine - 1]).toContain("kcalloc(");
    });
  }
});
