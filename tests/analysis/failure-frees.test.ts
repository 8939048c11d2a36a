// A helper that frees its caller's memory and then ends the program (`free(buf); exit(4);`): the caller no longer holds that memory where the helper fails, so its exit must not free it again.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const port = async (source: string) => {
  const r = await translate(source, { name: "m" });
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  return r.module!;
};

const program = (helper: string) => `#include <stdio.h>
#include <stdlib.h>

${helper}

int main(void)
{
	int *buf = malloc(sizeof(int));

	if (!buf)
		return 1;
	check(buf, 1);
	check(buf, -1);
	printf("%d\\n", buf[0]);
	free(buf);
	return 0;
}
`;

describe("memory a failing helper frees before it ends the program", () => {
  it("is freed once: where the helper fails, init returns without freeing it again", async () => {
    const module = await port(program("static void check(int *buf, int v)\n{\n\tif (v < 0) {\n\t\tfree(buf);\n\t\texit(4);\n\t}\n\tbuf[0] = v;\n}"));
    // The helper keeps its own kfree(buf) on its failure path...
    expect(module).toMatch(/if \(v < 0\) \{\n\t\tkfree\(buf\);/);
    // ...and init frees buf only on its success path: once in all.
    const init = module.slice(module.indexOf("int m_init(void)"));
    expect(init.match(/kfree\(buf\)/g)).toHaveLength(1);
    expect(init).toMatch(/check\(buf, -1\);\n\tif \(exit_error\)\n\t\treturn exit_error;/);
  });

  it("is not a release on the helper's success: init still frees buf at its end", async () => {
    const module = await port(program("static void check(int *buf, int v)\n{\n\tif (v < 0) {\n\t\tfree(buf);\n\t\texit(4);\n\t}\n\tbuf[0] = v;\n}"));
    expect(module).toMatch(/pr_info\("%d\\n", buf\[0\]\);\n\tkfree\(buf\);\n\treturn 0;/);
  });

  it("freed on only some of the helper's failures, it cannot be told there: the tracker frees what is left", async () => {
    const module = await port(
      program("static void check(int *buf, int v)\n{\n\tif (v < -10) {\n\t\tfree(buf);\n\t\texit(4);\n\t}\n\tif (v < 0)\n\t\texit(5);\n\tbuf[0] = v;\n}"),
    );
    expect(module).toContain("free_tracked_allocations();");
    const init = module.slice(module.indexOf("int m_init(void)"));
    expect(init).not.toMatch(/if \(exit_error\) \{[^}]*kfree\(buf\)/);
  });
});
