import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/analysis/program.js";
import { typeLayout } from "../../src/analysis/type-sizes.js";
import { loadC } from "../../src/node-language.js";
import { translate } from "../../src/node-language.js";

/** The layout of the type of the last declaration in `source` (a local of main()). */
async function layoutOfLast(source: string) {
  const language = await loadC();
  const tree = language.parse(source);
  try {
    const program = analyzeProgram(tree, source);
    const declarations = program.main!.body.descendantsOfType("declaration");
    return typeLayout(program, declarations.at(-1)!.childForFieldName("type"));
  } finally {
    tree.delete();
  }
}

describe("typeLayout", () => {
  it("pads each member to its alignment and the whole to the largest, as gcc lays out x86-64", async () => {
    // char, then int at 4, then a pointer at 8: 16 bytes; sizeof with gcc is 16.
    expect(await layoutOfLast("struct a { char c; int n; char *p; };\nint main(void) { struct a x; return 0; }\n")).toEqual({ size: 16, align: 8 });
    // 16 chars and an int: 20, aligned to 4.
    expect(await layoutOfLast("struct label { char name[16]; int addr; };\nint main(void) { struct label l; return 0; }\n")).toEqual({ size: 20, align: 4 });
    // A trailing char rounds up to the int's alignment: 8.
    expect(await layoutOfLast("typedef struct { int n; char c; } pair;\nint main(void) { pair p; return 0; }\n")).toEqual({ size: 8, align: 4 });
  });
  it("reads nested structures, unions, enums, arrays of constant size and typedefs of scalars", async () => {
    const source = "#define N 3\ntypedef unsigned long ulong;\nenum kind { A, B };\nstruct in { short s; ulong v; };\nunion u { char b[10]; int i; };\nstruct out { enum kind k; struct in in[N]; union u u; };\nint main(void) { struct out o; return 0; }\n";
    // 4 (enum) + pad 4 + 3 * 16 + union (12, align 4) = 68, rounded up to 8: 72, as gcc has it.
    expect(await layoutOfLast(source)).toEqual({ size: 72, align: 8 });
  });
  it("tells nothing of bit-fields, packed structures and types the file does not define", async () => {
    expect(await layoutOfLast("struct f { unsigned a : 3; };\nint main(void) { struct f x; return 0; }\n")).toBeUndefined();
    expect(await layoutOfLast("struct __attribute__((packed)) p { char c; int n; };\nint main(void) { struct p x; return 0; }\n")).toBeUndefined();
    expect(await layoutOfLast("int main(void) { struct tm t; return 0; }\n")).toBeUndefined();
  });
  it("counts an array of structures in a frame: one over the kernel's frame limit moves to the heap (the module did not build)", async () => {
    const r = await translate("#include <stdio.h>\nstruct label { char name[16]; int addr; };\nint main(void)\n{\n\tstruct label labels[128];\n\tint i;\n\n\tfor (i = 0; i < 128; i++)\n\t\tlabels[i].addr = i;\n\tprintf(\"%d\\n\", labels[100].addr);\n\treturn 0;\n}\n", { name: "labels" });
    expect(r.module).toContain("struct label *labels = kvcalloc(128, sizeof(*labels), ");
  });
});
