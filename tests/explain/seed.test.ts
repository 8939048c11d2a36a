// The seed's report: every rule that fired, and each of the article's topics at the hunk whose change needs it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderJson, renderMarkdown } from "../../src/emit/explain/index.js";
import { repoRoot } from "../helpers/paths.js";
import { markdownSections, seedReport } from "./helpers.js";

const goldens = join(repoRoot, "tests", "explain", "goldens");

describe("the seed's explain report", async () => {
  const report = await seedReport();
  const markdown = renderMarkdown(report);
  const { hunks: sections, closing } = markdownSections(markdown, report.hunks.length);
  /** The first hunk one of whose added lines matches. */
  const hunkAdding = (pattern: RegExp) => report.hunks.findIndex((h) => h.lines.some((l) => l.kind === "added" && pattern.test(l.text)));

  it("explains every rule that fired, each at the hunk of its changes", () => {
    expect(report.rules.map((r) => r.id)).toEqual([
      "main-to-module-init",
      "module-registration",
      "malloc-to-kmalloc",
      "strdup-to-kstrdup",
      "free-to-kfree",
      "printf-to-pr-info",
      "string-functions-kept",
      "libc-includes-to-kernel-headers",
    ]);
    expect(report.hunks.map((h) => h.header)).toEqual(["@@ -1,9 +1,6 @@", "@@ -13,16 +10,16 @@", "@@ -30,17 +27,17 @@", "@@ -51,20 +48,39 @@"]);
    expect(report.hunks.map((h) => h.rules)).toEqual([
      ["libc-includes-to-kernel-headers", "string-functions-kept"],
      ["malloc-to-kmalloc", "strdup-to-kstrdup", "free-to-kfree"],
      ["free-to-kfree", "strdup-to-kstrdup"],
      ["main-to-module-init", "printf-to-pr-info", "module-registration"],
    ]);
    // Every edit shows in a hunk, and every rule's full explanation sits in its first hunk's section.
    expect(report.edits.filter((e) => e.hunks.length === 0)).toEqual([]);
    for (const rule of report.rules) {
      expect(rule.hunks.length, rule.id).toBeGreaterThan(0);
      expect(sections[rule.hunks[0]!], rule.id).toContain(`<a id="rule-${rule.id}"></a>`);
    }
  });

  it("tells the article's topics: five beside their changes, three about the whole module", () => {
    expect(report.topics.map((t) => [t.id, t.scope])).toEqual([
      ["gfp-flags-and-context", "hunk"],
      ["init-returns-negative-errno", "hunk"],
      ["kern-level-prefix", "hunk"],
      ["one-exit-path", "hunk"],
      ["pr-macros-over-printk", "hunk"],
      ["module-lifecycle", "file"],
      ["module-license", "file"],
      ["kbuild-makefile", "file"],
    ]);
    expect(report.closing).toEqual(["module-lifecycle", "module-license", "kbuild-makefile"]);
  });

  it.each([
    // topic, the added line that needs it, what its text must say
    ["gfp-flags-and-context", /kmalloc\(.*GFP_KERNEL\)/, ["GFP_KERNEL", "process context", "atomic context", "GFP_ATOMIC", "sleep"]],
    ["init-returns-negative-errno", /int ret = -ENOMEM;/, ["-ENOMEM", "finit_module()", "negative"]],
    ["kern-level-prefix", /KERN_ERR "/, ['"\\001" "3"', "KERN_SOH", "string literal"]],
    ["pr-macros-over-printk", /pr_info\(/, ["pr_info(fmt, ...)", "printk(KERN_INFO", "pr_fmt"]],
    ["one-exit-path", /goto out;/, ["goto", "Three kinds of exit", "`out`"]],
  ] as const)("explains %s at the hunk that adds %s", (id, line, phrases) => {
    const at = hunkAdding(line);
    expect(at).toBeGreaterThanOrEqual(0);
    const topic = report.topics.find((t) => t.id === id)!;
    expect(topic.hunks[0]).toBe(at);
    expect(report.hunks[at]!.topics).toContain(id);
    // Told in full in that hunk's section of the Markdown, and nowhere else.
    const section = sections[at]!;
    expect(section).toContain(`<a id="topic-${id}"></a>`);
    for (const phrase of phrases) expect(topic.paragraphs.join(" "), phrase).toContain(phrase);
    expect(markdown.split(`<a id="topic-${id}"></a>`)).toHaveLength(2);
  });

  it("tells the GFP topic once, and refers back to it from the next hunk that allocates", () => {
    const gfp = report.topics.find((t) => t.id === "gfp-flags-and-context")!;
    expect(gfp.hunks).toEqual([1, 2]);
    expect(sections[2]).toContain("(#topic-gfp-flags-and-context), at hunk 2");
  });

  it("closes with the module's lifecycle, its license and its Makefile, brought in by the hunk that adds them", () => {
    const registration = hunkAdding(/^module_init\(/);
    const lifecycle = report.topics.find((t) => t.id === "module-lifecycle")!;
    const license = report.topics.find((t) => t.id === "module-license")!;
    expect(lifecycle.hunks).toEqual([registration]);
    expect(license.hunks).toEqual([hunkAdding(/^MODULE_LICENSE\(/)]);
    expect(report.hunks[registration]!.fileTopics).toEqual(["module-lifecycle", "module-license"]);
    const text = (id: string) => report.topics.find((t) => t.id === id)!.paragraphs.join(" ");
    for (const phrase of ["module_init(example_init)", "struct module", ".init = init_module", "finit_module()", "delete_module()", "insmod", "rmmod"]) {
      expect(text("module-lifecycle"), phrase).toContain(phrase);
    }
    expect(text("module-license")).toContain("modpost");
    expect(text("kbuild-makefile")).toContain("obj-m += kernel_code.o");
    for (const id of report.closing) expect(closing).toContain(`<a id="topic-${id}"></a>`);
    expect(closing).toContain("```make\nobj-m += kernel_code.o\n");
  });

  it("matches the Markdown golden (accept changes with npm run goldens:accept)", () => {
    expect(markdown).toBe(readFileSync(join(goldens, "seed.explain.md"), "utf8"));
  });

  it("matches the JSON golden (accept changes with npm run goldens:accept)", () => {
    expect(renderJson(report)).toBe(readFileSync(join(goldens, "seed.explain.json"), "utf8"));
  });
});
