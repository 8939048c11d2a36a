// Names a program defines that the kernel headers already define are renamed with the module's prefix, everywhere.
import { describe, expect, it } from "vitest";
import { KERNEL_OBJECT_MACROS, KERNEL_ORDINARY_NAMES, KERNEL_TAGS } from "../../src/analysis/kernel-names.js";
import { translate } from "../../src/index.js";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "t" })).diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column} ${d.message}`);

describe("kernel name clashes", () => {
  it("the generated lists hold what the 6.1 headers define", () => {
    expect(KERNEL_TAGS.has("range")).toBe(true);
    expect(KERNEL_TAGS.has("list_head")).toBe(true);
    expect(KERNEL_ORDINARY_NAMES.has("list_add")).toBe(true);
    expect(KERNEL_ORDINARY_NAMES.has("kmalloc")).toBe(true);
    // Declared behind an attribute (`char * __must_check skip_spaces(…)`), and reserved names a program copies (list.h's __list_add).
    expect(KERNEL_ORDINARY_NAMES.has("skip_spaces")).toBe(true);
    expect(KERNEL_ORDINARY_NAMES.has("__list_add")).toBe(true);
    // A tag the headers name without its body, as a member's type (`struct key *key;`): declared at file scope all the same.
    expect(KERNEL_TAGS.has("key")).toBe(true);
    expect(KERNEL_OBJECT_MACROS.has("current")).toBe(true);
  });

  it("renames a struct tag, a function and a variable named like the kernel's, wherever they are used", async () => {
    const program = [
      "#include <stdio.h>",
      "#define SHOW(x) list_add(&(x))",
      '#define NAME "list_add"',
      "struct range { int lo, hi; };",
      "static void list_add(int *v) { (void)v; }",
      "int main(void)",
      "{",
      "\tint current = 0;",
      "\tstruct range r = { 1, 2 };",
      "\tlist_add(&current);",
      "\tSHOW(current);",
      '\tprintf("list_add: %d\\n", r.lo + current);',
      "\treturn 0;",
      "}",
      "",
    ].join("\n");
    const result = await translate(program, { name: "t" });
    expect(result.diagnostics).toEqual([]);
    expect(result.module).toContain('#define SHOW(x) t_list_add(&(x))\n#define NAME "list_add"\nstruct t_range { int lo, hi; };\nstatic void t_list_add(int *v)');
    expect(result.module).toContain("\tint t_current = 0;\n\tstruct t_range r = { 1, 2 };\n\tt_list_add(&t_current);\n\tSHOW(t_current);\n");
    // A string is text, not a reference.
    expect(result.module).toContain('pr_info("list_add: %d\\n", r.lo + t_current);');
    expect(result.rulesFired[0]).toBe("kernel-name-clashes-renamed");
  });

  it("leaves names the kernel does not use, and a program's own MIN/swap (kept with #undef) alone", async () => {
    expect(await codes("#define MIN(a, b) ((a) < (b) ? (a) : (b))\nstruct interval { int lo; };\nstatic int spread(int a) { return MIN(a, 3); }\nint main(void)\n{\n\tint value = spread(1);\n\tprintf(\"%d\\n\", value);\n\treturn 0;\n}\n")).toEqual([]);
  });
});
