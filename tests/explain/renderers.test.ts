// The renderers on awkward input: escaping in HTML and Markdown, code spotted in prose, wrapping, and pages that need no network.
import { describe, expect, it } from "vitest";
import { inlineSpans, renderHtml, renderMarkdown, renderTerminal, type Painter } from "../../src/emit/explain/index.js";
import { inlineMarkdown } from "../../src/emit/explain/markdown.js";
import { wrap } from "../../src/emit/explain/terminal.js";
import { reportOf, seedReport } from "./helpers.js";

// A program whose text is hostile to every format: markup, a Markdown fence, an entity.
const hostile = `#include <stdio.h>
/*
\`\`\`
*/
int main(void)
{
	printf("</pre><script>alert(1)</script> <img src=x onerror=alert(2)> &amp; \`\`\`\\n");
	return 0;
}
`;

describe("HTML", async () => {
  const html = renderHtml(await reportOf(hostile, { userFile: "<b>x</b>.c" }));

  it("escapes the program's text and the file name", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>x</b>");
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&amp;amp;");
  });

  it("is one file that loads nothing: no script, stylesheet, image, font or frame", async () => {
    const seed = renderHtml(await seedReport());
    for (const page of [html, seed]) {
      expect(page).not.toMatch(/<(script|link|img|iframe|object|embed|video|audio|source)\b|<[^>]*\ssrc=|@import|@font-face|url\(/i);
      // The only URLs are links to documentation, followed only when clicked.
      for (const m of page.matchAll(/https?:\/\/[^"'\s<)]+/g)) expect(page.slice(Math.max(0, m.index - 6), m.index)).toBe('href="');
    }
  });
});

describe("Markdown", async () => {
  const md = renderMarkdown(await reportOf(hostile));

  it("fences the diff with more backticks than the code holds", () => {
    // A line of the program that starts with a fence would close a three-backtick block early.
    expect(md).toContain("````diff\n");
    expect(md).toContain("\n ```\n");
    expect(md).toMatch(/\n````\n/);
  });

  it("keeps markup in prose from being read as HTML, links or emphasis", () => {
    expect(inlineMarkdown("x *y* [z](u) <i>w &amp; q")).toBe("x \\*y\\* \\[z\\](u) `<i>`w &amp;amp; q");
    expect(inlineMarkdown("a `code` and a stray ` here")).toBe("a `code` and a stray \\` here");
  });
});

describe("code in prose", () => {
  it("is recognised by its shape: calls, headers, macros, errno names, escapes", () => {
    const code = (text: string) => inlineSpans(text).filter((s) => s.code).map((s) => s.text);
    expect(code("kmalloc() and kfree() in <linux/slab.h>, with GFP_KERNEL")).toEqual(["kmalloc()", "kfree()", "<linux/slab.h>", "GFP_KERNEL"]);
    expect(code("it returns -ENOMEM, ends a record at each \\n and prints %p hashed")).toEqual(["-ENOMEM", "\\n", "%p"]);
    expect(code("pr_info(fmt, …) is printk(KERN_INFO fmt, …)")).toEqual(["pr_info(fmt, …)", "printk(KERN_INFO fmt, …)"]);
    expect(code("the GFP flags (\"get free pages\") say what it may do")).toEqual([]);
    expect(code("marked with `backticks` as written")).toEqual(["backticks"]);
  });
});

describe("terminal", () => {
  const marks: Painter = {
    bold: (t) => `<b>${t}</b>`,
    dim: (t) => t,
    red: (t) => `<r>${t}</r>`,
    green: (t) => `<g>${t}</g>`,
    cyan: (t) => `<c>${t}</c>`,
    yellow: (t) => t,
    magenta: (t) => t,
  };

  it("wraps prose to the width, code and punctuation kept together", () => {
    const lines = wrap("The kernel has no malloc(); kmalloc() hands out physically contiguous memory from the slab allocator.", 40, "    ");
    expect(lines).toEqual(["    The kernel has no malloc();", "    kmalloc() hands out physically", "    contiguous memory from the slab", "    allocator."]);
    expect(lines.every((l) => l.length <= 40)).toBe(true);
    expect(wrap("use kmalloc(), then kfree().", 80, "", marks)).toEqual(["use <c>kmalloc()</c>, then <c>kfree()</c>."]);
  });

  it("colors removed and added lines when given colors, and nothing without", async () => {
    const report = await seedReport();
    const colored = renderTerminal(report, { width: 80, painter: marks });
    expect(colored).toContain("<r>-#include <err.h></r>\n");
    expect(colored).toContain("<g>+#include <linux/module.h></g>\n");
    const plain = renderTerminal(report, { width: 80 });
    expect(plain).toContain("\n-#include <err.h>\n-#include <errno.h>\n");
    expect(plain).not.toContain("<c>");
  });
});

describe("reports without a port", () => {
  it("a refused program: no hunks, its errors in every format", async () => {
    const report = await reportOf("#include <unistd.h>\n\nint main(void)\n{\n\tfork();\n\treturn 0;\n}\n");
    expect(report.ok).toBe(false);
    expect(report.hunks).toEqual([]);
    expect(report.closing).toEqual([]);
    const code = report.diagnostics[0]!.code;
    expect(renderMarkdown(report)).toContain(`**Error ${code}** at line 5, column 2`);
    expect(renderHtml(report)).toContain(`data-code="${code}"`);
    expect(renderTerminal(report, { width: 80 })).toContain(`error[${code}]`);
  });

  it("a module that needs no change: no hunks, no rules, the Makefile still explained", async () => {
    const module = '#include <linux/module.h>\n\nstatic int quiet_init(void)\n{\n\treturn 0;\n}\n\nmodule_init(quiet_init);\nMODULE_LICENSE("GPL");\n';
    const report = await reportOf(module, { name: "quiet" });
    expect(report.ok).toBe(true);
    expect(report.hunks).toEqual([]);
    expect(report.rules).toEqual([]);
    expect(report.closing).toEqual(["kbuild-makefile"]);
    expect(renderMarkdown(report)).toContain("The program needed no change.");
  });
});
