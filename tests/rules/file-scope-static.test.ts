import { describe, expect, it } from "vitest";
import { loadC } from "../../src/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import { DEFAULT_KERNEL } from "../../src/core/target.js";
import rule from "../../src/rules/file-scope-static.js";

/** The rule alone, in the kernel style; the layout leaves the text as the rule made it. */
async function makeStatic(code: string): Promise<string | undefined> {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, target: { style: "kernel", kernel: DEFAULT_KERNEL }, format: (text) => text }).output;
}

const withMain = (decls: string) => `${decls}\nint main(void)\n{\n\treturn 0;\n}\n`;

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
});
