// The report says, for each output call that goes through a line buffer, why that call does; whole-line calls carry no reason.
import { describe, expect, it } from "vitest";
import { renderHtml, renderMarkdown, renderTerminal } from "../../src/emit/explain/index.js";
import { reportOf } from "./helpers.js";

const program = `#include <stdio.h>

int main(void)
{
	printf("total:");
	for (int i = 0; i < 3; i++)
		printf(" %d", i);
	printf("\\n");
	printf("done\\n");
	return 0;
}
`;

describe("why an output call is buffered", () => {
  it("each buffered call's edit has its reason, the whole-line call none", async () => {
    const report = await reportOf(program);
    const whys = report.edits.filter((e) => e.ruleId === "printf-to-pr-info").map((e) => [e.source.line, e.why]);
    expect(whys).toEqual([
      [5, "printf() goes through the line buffer: on some path its text does not end in \\n, so the line stays open for the output after it"],
      [7, "printf() goes through the line buffer: on some path a line is still open when it runs, so its text continues that line"],
      [8, "printf() goes through the line buffer: on some path a line is still open when it runs, so its text continues that line"],
      [9, undefined],
    ]);
  });
  it("the Markdown report lists them under the hunk, by line", async () => {
    const md = renderMarkdown(await reportOf(program));
    expect(md).toContain("- Line 5: `printf()` goes through the line buffer: on some path its text does not end in `\\n`, so the line stays open for the output after it.\n");
    expect(md).not.toContain("- Line 9:");
  });
  it("the terminal and HTML reports list them too", async () => {
    const report = await reportOf(program);
    expect(renderTerminal(report, { width: 200 })).toContain("- Line 7: printf() goes through the line buffer: on some path a line is still open when it runs, so its text continues that line.\n");
    expect(renderHtml(report)).toMatch(/<ul class="why"><li>Line 5: <code>printf\(\)<\/code> goes through the line buffer/);
  });
});
