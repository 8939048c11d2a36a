import { describe, expect, it } from "vitest";
import rule from "../../src/rules/typedefs-to-struct-tags.js";
import fileScopeStatic from "../../src/rules/file-scope-static.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("typedefs-to-struct-tags (kernel style)", () => {
  it("makes an untagged struct typedef a tag of the same name and spells every use struct NAME", async () => {
    const r = await runInStyle(
      rule,
      "typedef struct {\n\tint x;\n} point_t;\n\nstatic point_t *make(point_t p, int n)\n{\n\tpoint_t *q = (point_t *)kmalloc(sizeof(point_t) * n, GFP_KERNEL);\n\t/* a point_t, in \"point_t\" */\n\treturn q;\n}\n",
    );
    expect(r.output).toBe(
      "struct point_t {\n\tint x;\n};\n\nstatic struct point_t *make(struct point_t p, int n)\n{\n\tstruct point_t *q = (struct point_t *)kmalloc(sizeof(struct point_t) * n, GFP_KERNEL);\n\t/* a point_t, in \"point_t\" */\n\treturn q;\n}\n",
    );
  });

  it("keeps a tag the type already has, a forward typedef included, and unions and enums alike", async () => {
    const r = await runInStyle(rule, "typedef struct node node_t;\nstruct node { node_t *next; };\ntypedef union { int i; char c; } cell;\ntypedef enum { RED, BLUE } colour;\ntypedef struct node node;\nnode *a; cell b; colour c; node_t *d;\n");
    expect(r.output).toBe("struct node;\nstruct node { struct node *next; };\nunion cell { int i; char c; };\nenum colour { RED, BLUE };\nstruct node;\nstruct node *a; union cell b; enum colour c; struct node *d;\n");
  });

  it("leaves typedefs the rewrite cannot follow: other types, several names, a name used otherwise or taken as a tag", async () => {
    const code = [
      "typedef int (*cmp_fn)(const void *, const void *);",
      "typedef unsigned long word;",
      "typedef struct { int x; } pair, *pair_ptr;",
      "typedef struct { int y; } in_macro;",
      "#define NEW() kmalloc(sizeof(in_macro), GFP_KERNEL)",
      "typedef struct { int z; } taken;",
      "struct taken { int w; };",
      "typedef struct { int v; } shadowed;",
      "static int f(void) { int shadowed = 1; return shadowed; }",
      "typedef const struct { int u; } qualified;",
      "",
    ].join("\n");
    expect((await runInStyle(rule, code)).output).toBe(code);
  });

  it("leaves a typedef inside a function, and does nothing in the minimal style", async () => {
    const inner = "static void f(void)\n{\n\ttypedef struct { int x; } local;\n\tlocal l = { 1 };\n\t(void)l;\n}\n";
    expect((await runInStyle(rule, inner)).output).toBe(inner);
    const code = "typedef struct { int x; } point_t;\npoint_t p;\n";
    expect((await runInStyle(rule, code, "minimal")).output).toBe(code);
  });

  it("writes the tag after what file-scope-static puts before a definition returning the type", async () => {
    const { runPipeline } = await import("../../src/core/pipeline.js");
    const { loadC } = await import("../../src/node-language.js");
    const { DEFAULT_KERNEL } = await import("../../src/core/index.js");
    const r = await runPipeline(await loadC(), "typedef struct { int x; } point_t;\npoint_t origin(void)\n{\n\tpoint_t p = { 0 };\n\treturn p;\n}\n", [[fileScopeStatic, rule]], {
      checkPortability: false,
      name: "m",
      target: { style: "kernel", kernel: DEFAULT_KERNEL },
      format: (c) => c,
    });
    expect(r.output).toBe("struct point_t { int x; };\nstatic __maybe_unused struct point_t origin(void)\n{\n\tstruct point_t p = { 0 };\n\treturn p;\n}\n");
  });
});
