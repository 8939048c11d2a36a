import { describe, expect, it } from "vitest";
import { loadC } from "../../src/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { DEFAULT_KERNEL } from "../../src/core/target.js";
import rule from "../../src/rules/file-scope-static.js";

/** The rule alone, in the kernel style; the layout leaves the text as the rule made it. */
async function makeStatic(code: string): Promise<string | undefined> {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style: "kernel", kernel: DEFAULT_KERNEL }, format: (text) => text }).output;
}

/** The declarations, a main() that uses every name given, and the module_init() that uses main(). */
const withMain = (decls: string, uses: string[] = ["line_buf", "count", "last", "other", "a", "b"]) =>
  `${decls}\nint main(void)\n{\n\treturn ${uses.map((u) => `sizeof(${u})`).join(" + ")} > 0 ? 0 : 1;\n}\nmodule_init(main);\n`;

describe("file-scope-static (kernel style)", () => {
  it("makes a declaration static after a comment that opens its line, and after another item on the same line", async () => {
    expect(await makeStatic(withMain("/* the line */ char line_buf[64];\nint count; /* and */ char last[8];"))).toBe(
      withMain("/* the line */ static char line_buf[64];\nstatic int count; /* and */ static char last[8];").replace("int main", "static int main"),
    );
  });

  it("adds no second static where a comment stands between static and the type", async () => {
    const code = withMain("static /* the line */ char line_buf[64];\nstatic /* a */\nchar other[4];\nstatic char a[2]; /* b */ static char b[2];").replace("int main", "static int main");
    expect(await makeStatic(code)).toBe(code);
  });

  it("marks __maybe_unused what nothing uses, which static would make a warning (-Wunused-function, -Wunused-variable)", async () => {
    const code = withMain("int used;\nint spare;\nstatic int kept;\nvoid helper(void);\nvoid helper(void)\n{\n\thelper();\n\tputs(\"spare\"); /* spare */\n}", ["used"]);
    expect(await makeStatic(code)).toBe(
      code
        .replace("int used;", "static int used;")
        .replace("int spare;", "static __maybe_unused int spare;")
        .replace("void helper(void);", "static void helper(void);")
        .replace("void helper(void)\n{", "static __maybe_unused void helper(void)\n{")
        .replace("int main", "static int main"),
    );
  });
});

describe("file-scope-static (minimal style)", () => {
  const program = "int count;\n\nint main(void)\n{\n\treturn count;\n}\nvoid m_exit(void)\n{\n}\nmodule_init(main);\nmodule_exit(m_exit);\n";
  const run = async (target: Partial<{ w1: boolean; kernel: { major: number; minor: number } }>) =>
    (await runPipeline(await loadC(), program, [[rule]], { checkPortability: false, target: { style: "minimal", kernel: DEFAULT_KERNEL, ...target } })).output;

  it("leaves the article's global linkage for a 6.1 build without W=1", async () => {
    expect(await run({})).toBe(program);
  });

  it("makes everything static for a W=1 build, whose -Wmissing-prototypes would warn about each global function", async () => {
    const all = "static int count;\n\nstatic int main(void)\n{\n\treturn count;\n}\nstatic void m_exit(void)\n{\n}\nmodule_init(main);\nmodule_exit(m_exit);\n";
    expect(await run({ w1: true })).toBe(all);
    expect(await run({ kernel: { major: 6, minor: 8 } })).toBe(all);
  });
});
