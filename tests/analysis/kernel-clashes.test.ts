// Names a program defines that the kernel headers already define are refused where the program defines them.
import { describe, expect, it } from "vitest";
import { KERNEL_OBJECT_MACROS, KERNEL_ORDINARY_NAMES, KERNEL_TAGS } from "../../src/analysis/kernel-names.js";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "t" })).diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column} ${d.message}`);

describe("kernel name clashes", () => {
  it("the generated lists hold what the 6.1 headers define", () => {
    expect(KERNEL_TAGS.has("range")).toBe(true);
    expect(KERNEL_TAGS.has("list_head")).toBe(true);
    expect(KERNEL_ORDINARY_NAMES.has("list_add")).toBe(true);
    expect(KERNEL_ORDINARY_NAMES.has("kmalloc")).toBe(true);
    expect(KERNEL_OBJECT_MACROS.has("current")).toBe(true);
  });

  it("refuses a struct tag, a function and a variable named like the kernel's, at their definitions", async () => {
    const found = await codes(
      [
        "struct range { int lo, hi; };",
        "static void list_add(int *v) { (void)v; }",
        "int main(void)",
        "{",
        "\tint current = 0;",
        "\tstruct range r = { 1, 2 };",
        "\tlist_add(&current);",
        '\tprintf("%d\\n", r.lo + current);',
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
    );
    expect(found).toEqual([
      "K1011@1:8 'range' is already a kernel struct: a module with this definition does not build",
      "K1011@2:13 'list_add' is already a kernel function, variable or type: a module with this definition does not build",
      "K1011@5:6 'current' is already a kernel macro: a module with this definition does not build",
    ]);
  });

  it("leaves names the kernel does not use, and a program's own MIN/swap (kept with #undef) alone", async () => {
    expect(await codes("#define MIN(a, b) ((a) < (b) ? (a) : (b))\nstruct interval { int lo; };\nstatic int spread(int a) { return MIN(a, 3); }\nint main(void)\n{\n\tint value = spread(1);\n\tprintf(\"%d\\n\", value);\n\treturn 0;\n}\n")).toEqual([]);
  });
});
