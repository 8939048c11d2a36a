// A report explains what the port did and nothing else: no lecture on goto, errno or log levels for a port that has none.
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/emit/explain/index.js";
import { reportOf } from "./helpers.js";

// A module half ported by hand: it is already a module (module_init, MODULE_LICENSE, kernel
// headers), but still allocates with malloc() and free(). Exactly two rules fire.
const halfPorted = `#include <linux/module.h>
#include <linux/slab.h>

static int *table;

static int table_init(void)
{
	table = malloc(64 * sizeof(*table));
	if (!table)
		return -ENOMEM;
	return 0;
}

static void table_exit(void)
{
	free(table);
}

module_init(table_init);
module_exit(table_exit);
MODULE_LICENSE("GPL");
`;

describe("a port where only two rules fire", async () => {
  const report = await reportOf(halfPorted, { name: "table" });
  const markdown = renderMarkdown(report);

  it("explains those two rules, and only them", () => {
    expect(report.rulesFired).toEqual(["malloc-to-kmalloc", "free-to-kfree"]);
    expect(report.rules.map((r) => r.id)).toEqual(["malloc-to-kmalloc", "free-to-kfree"]);
    const ruleAnchors = [...markdown.matchAll(/<a id="rule-([a-z0-9-]+)"><\/a>/g)].map((m) => m[1]);
    expect(ruleAnchors).toEqual(["malloc-to-kmalloc", "free-to-kfree"]);
  });

  it("gives only the background its changes need: GFP flags for kmalloc()", () => {
    expect(report.topics.filter((t) => t.scope === "hunk").map((t) => t.id)).toEqual(["gfp-flags-and-context"]);
    for (const absent of ["one-exit-path", "kern-level-prefix", "init-returns-negative-errno", "pr-macros-over-printk", "module-lifecycle", "module-license"]) {
      expect(markdown).not.toContain(`topic-${absent}`);
    }
  });

  // The closing section explains what the port writes besides the module's text. The program
  // already had its module_init() and MODULE_LICENSE(), so those are not explained; the Makefile
  // is written by every port, so it always is: it is a change the user gets, not a lecture.
  it("closes with the Makefile alone, which every port writes", () => {
    expect(report.closing).toEqual(["kbuild-makefile"]);
    expect(markdown).toContain("## The module as a whole");
    expect(markdown).toContain("obj-m += table.o");
  });
});

describe("a program that only prints", async () => {
  const report = await reportOf('#include <stdio.h>\n\nint main(void)\n{\n\tprintf("hello\\n");\n\treturn 0;\n}\n', { name: "hello" });

  it("explains the structural rules and printf(), with pr_*() as its only hunk topic", () => {
    expect(report.rules.map((r) => r.id)).toEqual(["main-to-module-init", "module-registration", "printf-to-pr-info", "libc-includes-to-kernel-headers"]);
    // main() becomes init returning 0: no errno, no goto ladder, no KERN_ERR message to explain.
    expect(report.topics.map((t) => t.id)).toEqual(["pr-macros-over-printk", "module-lifecycle", "module-license", "kbuild-makefile"]);
  });
});
