import { describe, expect, it } from "vitest";
import rule from "../../src/rules/library-prototypes-removed.js";
import atoiAtolDefined from "../../src/rules/atoi-atol-defined.js";
import mallocToKmalloc from "../../src/rules/malloc-to-kmalloc.js";
import printfToPrInfo from "../../src/rules/printf-to-pr-info.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { loadC } from "../../src/index.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const port = async (code: string) => runPipeline(await loadC(), code, [[mallocToKmalloc, printfToPrInfo, atoiAtolDefined, rule]], { checkPortability: false });

describe("library-prototypes-removed", () => {
  it("removes the program's own declarations of library functions the port handles, with the blank line they leave", async () => {
    const r = await port(
      lines(
        "#include <stdio.h>",
        "",
        "extern int printf(const char *, ...);",
        "void *malloc();",
        "int atoi(const char *s);",
        "",
        "int main(void)",
        "{",
        "\treturn atoi(\"4\") - 4;",
        "}",
      ),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).not.toMatch(/extern int printf|void \*malloc\(\);|int atoi\(const char \*s\);/);
    expect(r.output).toContain("#include <stdio.h>\n\n");
    expect(r.output).not.toContain("\n\n\n");
  });

  it("keeps the program's own prototypes, a declaration that also declares a variable, and names the port does not handle", async () => {
    const code = lines(
      "static int parse(const char *s);",
      "int atoi(const char *s), counter;",
      "int frobnicate(int);",
      "static int parse(const char *s) { return s[0]; }",
      "int main(void) { return parse(\"a\") + counter + frobnicate(1); }",
    );
    const r = await port(code);
    expect(r.output).toBe(code);
  });
});
