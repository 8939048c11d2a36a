import { describe, expect, it } from "vitest";
import { runAll } from "../helpers/rule-tester.js";

// The rule rewrites the port of main-to-module-init and the allocator rules: tested through the whole pipeline.
const LIST = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "#include <string.h>",
  "",
  "struct node {",
  "\tstruct node *next;",
  "\tchar *name;",
  "};",
  "",
  "int main(void)",
  "{",
  "\tstruct node *head = NULL;",
  "\tint i;",
  "",
  "\tfor (i = 0; i < 3; i++) {",
  "\t\tstruct node *n = malloc(sizeof(*n));",
  "",
  "\t\tif (!n)",
  "\t\t\treturn 1;",
  '\t\tn->name = strdup("item");',
  "\t\tn->next = head;",
  "\t\thead = n;",
  "\t}",
  '\tprintf("%s\\n", head->name);',
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("tracked-allocations", () => {
  it("a list the flow graph cannot name: each allocation is tracked, and init frees what is tracked on every return", async () => {
    const r = await runAll(LIST, { name: "t" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\t\tstruct node *n = tracked_kmalloc(sizeof(*n), GFP_KERNEL);\n");
    expect(r.output).toContain('\t\tn->name = tracked_kstrdup("item", GFP_KERNEL);\n');
    expect(r.output).toContain("out:\n\tfree_tracked_allocations();\n\treturn ret;\n}");
    expect(r.output).toContain("struct tracked_allocation {\n\tstruct list_head node;\n\tunsigned long long data[];\n};\n\nstatic LIST_HEAD(tracked_allocations);\n");
    expect(r.output).toContain("#define tracked_kmalloc(size, flags) \\\n\ttracked_link(kmalloc(tracked_size(size), flags), NULL)\n");
  });

  it("adds only the allocators and helpers the port uses", async () => {
    const r = await runAll(LIST, { name: "t" });
    expect(r.output).not.toContain("tracked_kcalloc");
    expect(r.output).not.toContain("tracked_krealloc");
    expect(r.output).not.toContain("tracked_unlink");
    expect(r.output).toContain("\t\tkfree(first);\n");
    expect(r.output).not.toContain("kvfree(first)");
  });

  it("tracks nothing where the flow graph names what each exit holds", async () => {
    const simple = ["#include <stdlib.h>", "int main(void)", "{", "\tint *p = malloc(4);", "", "\tif (!p)", "\t\treturn 1;", "\t*p = 1;", "\tfree(p);", "\treturn 0;", "}", ""].join("\n");
    const r = await runAll(simple, { name: "t" });
    expect(r.output).not.toContain("tracked");
    expect(r.output).toContain("\tint *p = kmalloc(4, GFP_KERNEL);\n");
  });
});
