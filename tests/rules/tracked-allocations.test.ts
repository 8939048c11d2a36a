import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

/** A list built in a loop and never freed: the process's exit took it back. */
const LIST = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "struct node {",
  "\tint value;",
  "\tstruct node *next;",
  "};",
  "int main(void)",
  "{",
  "\tstruct node *head = NULL;",
  "",
  "\tfor (int i = 0; i < 3; i++) {",
  "\t\tstruct node *n = malloc(sizeof(*n));",
  "",
  "\t\tif (!n)",
  "\t\t\treturn 1;",
  "\t\tn->value = i;",
  "\t\tn->next = head;",
  "\t\thead = n;",
  "\t}",
  "\tprintf(\"%d\\n\", head->value);",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("tracked-allocations", () => {
  it("where an exit holds memory no name follows, allocations go through the tracker and init frees what is left at its one exit", async () => {
    const r = await translate(LIST, { name: "m" });
    expect(r.rulesFired).toContain("tracked-allocations");
    expect(r.module).toContain("struct node *n = tracked_kmalloc(sizeof(*n), GFP_KERNEL);");
    expect(r.module).toContain("static LIST_HEAD(tracked_allocations);");
    expect(r.module).toMatch(/\t\tif \(!n\) \{\n\t\t\tret = -ENOMEM;\n\t\t\tgoto out;\n\t\t\}/);
    expect(r.module).toMatch(/\nout:\n\tfree_tracked_allocations\(\);\n\treturn ret;\n\}/);
  });

  it("a kfree() of tracked memory takes it off the list first", async () => {
    const freed = LIST.replace('\tprintf("%d\\n", head->value);', '\tprintf("%d\\n", head->value);\n\tfree(head);');
    const r = await translate(freed, { name: "m" });
    expect(r.rulesFired).toContain("tracked-allocations");
    expect(r.module).toMatch(/tracked_kfree\(head\);/);
  });

  it("is not used where the goto ladder can free exactly what is held (the seed's shape)", async () => {
    const exact = "#include <stdlib.h>\n#include <string.h>\nint main(void)\n{\n\tchar *a = malloc(4);\n\tchar *b;\n\n\tif (!a)\n\t\treturn 1;\n\tb = strdup(\"x\");\n\tif (!b) {\n\t\tfree(a);\n\t\treturn 1;\n\t}\n\tfree(b);\n\tfree(a);\n\treturn 0;\n}\n";
    const r = await translate(exact, { name: "m" });
    expect(r.rulesFired).not.toContain("tracked-allocations");
    expect(r.module).not.toContain("tracked_");
  });
});
