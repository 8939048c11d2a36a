// The pipeline parses the edited text again only when a later phase asks its tree: the last
// phases, which usually find nothing to do, answer from the text and the carried function ranges.
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../src/core/pipeline.js";
import type { CLanguage } from "../../src/core/parse.js";
import { phases } from "../../src/rules/index.js";
import { loadC } from "../../src/node-language.js";

/** The port of `code`, with how many times the grammar parsed (the whole program, or again after edits). */
async function port(code: string): Promise<{ output: string | undefined; parses: number; reparses: number }> {
  const language = await loadC();
  let parses = 0;
  let reparses = 0;
  const counting = Object.create(language) as CLanguage;
  counting.parse = (text, previous) => {
    if (previous) reparses++;
    else parses++;
    return language.parse(text, previous);
  };
  const result = runPipeline(counting, code, phases, { name: "t" });
  return { output: result.output, parses, reparses };
}

describe("deferred parsing", () => {
  it("does not parse the program again after the library calls' phase when no later phase needs a tree", async () => {
    const code = "#include <stdio.h>\n#include <stdlib.h>\n\nstatic int twice(int n)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p)\n\t\treturn -1;\n\t*p = 2 * n;\n\tn = *p;\n\tfree(p);\n\treturn n;\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", twice(2));\n\treturn 0;\n}\n";
    const r = await port(code);
    expect(r.output).toContain("kmalloc(sizeof(*p), GFP_KERNEL)");
    expect(r.output).toContain('pr_info("%d\\n", twice(2));');
    // Once as written, once after main() became init (the library calls' phase reads that text's tree), and never after.
    expect(r.parses).toBe(1);
    expect(r.reparses).toBe(1);
  });

  it("parses again where a name occurs once in its function, and removes the variable nothing uses", async () => {
    const code = "#include <stdio.h>\n\nstatic int answer(void)\n{\n\tint unused = 3;\n\n\tprintf(\"working\\n\");\n\treturn 42;\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", answer());\n\treturn 0;\n}\n";
    const r = await port(code);
    expect(r.output).not.toContain("unused");
    expect(r.reparses).toBe(2);
  });

  it("does not parse again for char indexes where no index names a char: a name in a char declaration's initializer is not one", async () => {
    // la is read by the initializer of the char pointer, not declared by it: out[la] needs no tree.
    const code = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nint main(void)\n{\n\tsize_t la = strlen(\"ab\");\n\tchar *out = malloc(la + 1);\n\n\tif (!out)\n\t\treturn 1;\n\tmemcpy(out, \"ab\", la);\n\tout[la] = 0;\n\tprintf(\"%s\\n\", out);\n\tfree(out);\n\treturn 0;\n}\n";
    const r = await port(code);
    expect(r.output).toContain("out[la] = 0;");
    expect(r.reparses).toBe(1);
    // A char index still is read from the tree, and cast.
    const withChar = await port(code.replace("\tout[la] = 0;\n", "\tout[la] = 0;\n\tprintf(\"%d\\n\", \"xyz\"[out[0]]);\n"));
    expect(withChar.output).toContain('"xyz"[(int)out[0]]');
    expect(withChar.reparses).toBe(2);
  });

  it("carries each function's range over the code a phase adds above it: a variable below a library definition is still found", async () => {
    // strtok() gets a definition of its own above the first function; the unused variable after it is still removed.
    const code = "#include <stdio.h>\n#include <string.h>\n\nint main(void)\n{\n\tchar text[] = \"a b\";\n\tint unused = 0;\n\n\tfor (char *w = strtok(text, \" \"); w; w = strtok(NULL, \" \"))\n\t\tprintf(\"%s\\n\", w);\n\treturn 0;\n}\n";
    const r = await port(code);
    expect(r.output).toMatch(/static char \*strtok\(/);
    expect(r.output).not.toContain("int unused");
  });
});
