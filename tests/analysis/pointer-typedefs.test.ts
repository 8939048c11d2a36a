import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

describe("a helper returning a pointer typedef", () => {
  it("may end the process: its failure value is NULL, as for a pointer written out", async () => {
    const code = [
      "#include <stdio.h>",
      "#include <stdlib.h>",
      "",
      "typedef struct node *Nptr;",
      "struct node { int v; };",
      "",
      "static Nptr make(int v)",
      "{",
      "\tNptr n = malloc(sizeof(*n));",
      "",
      "\tif (!n)",
      "\t\texit(1);",
      "\tn->v = v;",
      "\treturn n;",
      "}",
      "",
      "int main(void)",
      "{",
      "\tNptr n = make(3);",
      "",
      '\tprintf("%d\\n", n->v);',
      "\tfree(n);",
      "\treturn 0;",
      "}",
      "",
    ].join("\n");
    const r = await runAll(code, { name: "typedefs" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("return NULL;");
  });
});
