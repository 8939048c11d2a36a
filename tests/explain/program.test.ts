// The explain report of a program of several files: every file's diff under its diff -ruN header,
// every edit placed in a hunk of the file it changed, diagnostics at the file they are in, and a
// golden (tests/fixtures-multi/shopping-list/explain.md, accepted with npm run goldens:accept).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { translateProgram } from "../../src/index.js";
import { renderHtml, renderJson, renderMarkdown, renderTerminal, type ExplainReport } from "../../src/emit/explain/index.js";
import { programReport } from "../../src/cli/explain.js";
import { readProgramInput } from "../../src/cli/program-input.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures-multi");
const cases = readdirSync(fixturesDir).sort();

async function reportOf(name: string, style: "minimal" | "kernel"): Promise<{ report: ExplainReport; sources: Map<string, string>; ported: Map<string, string> }> {
  const dir = join(fixturesDir, name);
  const database = join(dir, "compile_commands.json");
  const read = existsSync(database) ? readProgramInput([], database) : readProgramInput([join(dir, "program")], undefined);
  const input = { ...read, display: (path: string) => `program/${path}` };
  const moduleName = existsSync(join(dir, "module-name")) ? readFileSync(join(dir, "module-name"), "utf8").trim() : name.replace(/-/g, "_");
  const result = await translateProgram(input.files, { name: moduleName, includeDirs: input.includeDirs, defines: input.defines, style });
  return {
    report: await programReport(input, result, "program"),
    sources: new Map(input.files.map((f) => [`program/${f.path}`, f.text])),
    ported: new Map(result.files.map((f) => [`${moduleName}/${f.path}`, f.text])),
  };
}

/** A file's diff as the report gives it: its diff -ruN header and its hunks, a unified diff patch(1) would take. */
function fileDiff(report: ExplainReport, file: number): string {
  const entry = report.program![file]!;
  const lines = [...entry.header];
  for (const i of entry.hunks) {
    const hunk = report.hunks[i]!;
    lines.push(hunk.header, ...hunk.lines.map((l) => (l.kind === "added" ? `+${l.text}` : l.kind === "removed" ? `-${l.text}` : l.kind === "context" ? ` ${l.text}` : `\\ ${l.text}`)));
  }
  return `${lines.join("\n")}\n`;
}

describe.each(cases)("explain on the multi-file fixture %s", (name) => {
  for (const style of ["minimal", "kernel"] as const) {
    it(`${style} style: each file's diff turns that file into its port, every edit is in a hunk of its file, every rule is explained`, async () => {
      const { report, sources, ported } = await reportOf(name, style);
      expect(report.ok).toBe(true);
      expect(report.program!.map((f) => f.module).sort()).toEqual([...ported.keys()].sort());
      for (const entry of report.program!) {
        expect(entry.header[0]).toBe(`diff -ruN ${entry.user} ${entry.module}`);
        const patched = entry.hunks.length === 0 ? sources.get(entry.user) : applyPatch(sources.get(entry.user)!, fileDiff(report, entry.index));
        expect(patched, entry.module).toBe(ported.get(entry.module));
        for (const i of entry.hunks) expect(report.hunks[i]!.file).toBe(entry.index);
      }
      // Hunks run file by file, in the order of the program's files.
      expect(report.hunks.map((h) => h.file)).toEqual([...report.hunks.map((h) => h.file!)].sort((a, b) => a - b));
      expect(report.edits.filter((e) => e.hunks.length === 0 && (e.text !== "" || e.source.start !== e.source.end))).toEqual([]);
      for (const e of report.edits) for (const h of e.hunks) expect([e.file, e.moduleFile]).toContain(report.hunks[h]!.file);
      expect(report.rules.map((r) => r.id)).toEqual(report.rulesFired);
      // No hunk goes unexplained: a rule, or what each object needs to compile alone.
      expect(report.hunks.filter((h) => h.rules.length === 0 && h.topics.length === 0 && !report.topics.some((t) => t.hunks.includes(h.index)))).toEqual([]);
    });
  }
});

describe("explain on a program of several files", () => {
  it("renders every file's diff -ruN header in each format", async () => {
    const { report } = await reportOf("shopping-list", "minimal");
    const headers = report.program!.filter((f) => f.hunks.length > 0).map((f) => f.header[0]!);
    expect(headers).toEqual(["diff -ruN program/list.h shopping_list/list.h", "diff -ruN program/list.c shopping_list/list.c", "diff -ruN program/strutil.c shopping_list/strutil.c", "diff -ruN program/main.c shopping_list/main.c"]);
    for (const text of [renderMarkdown(report), renderTerminal(report, { width: 100 }), renderHtml(report)]) {
      for (const h of headers) expect(text).toContain(h);
      expect(text).toContain("--- program/main.c");
      expect(text).toContain("+++ shopping_list/main.c");
    }
    const json = JSON.parse(renderJson(report)) as ExplainReport;
    expect(json.program!.map((f) => f.user)).toEqual(["program/list.h", "program/strutil.h", "program/list.c", "program/strutil.c", "program/main.c"]);
    expect(json.hunks.every((h) => typeof h.file === "number")).toBe(true);
    // The Makefile paragraph says the module is built from several objects.
    expect(renderMarkdown(report)).toContain("the `shopping_list-y` line lists them");
  });

  it("matches its golden, tests/fixtures-multi/shopping-list/explain.md", async () => {
    const { report } = await reportOf("shopping-list", "minimal");
    expect(renderMarkdown(report)).toBe(readFileSync(join(fixturesDir, "shopping-list", "explain.md"), "utf8"));
  });

  it("places a diagnostic at the file and line it is about, in that file's hunk", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-explain-program-"));
    writeFileSync(join(dir, "depth.h"), "int depth(int n);\n");
    writeFileSync(join(dir, "depth.c"), '#include "depth.h"\n\nint depth(int n)\n{\n\treturn n == 0 ? 0 : 1 + depth(n - 1);\n}\n');
    writeFileSync(join(dir, "main.c"), '#include <stdio.h>\n#include "depth.h"\n\nint main(void)\n{\n\tprintf("%d\\n", depth(3));\n\treturn 0;\n}\n');
    const read = readProgramInput([dir], undefined);
    const input = { ...read, display: (path: string) => `prog/${path}` };
    const result = await translateProgram(input.files, { name: "depth" });
    const report = await programReport(input, result, "prog");
    const recursion = report.diagnostics.find((d) => d.code === "K3013")!;
    expect(recursion.file).toBe("prog/depth.c");
    // At the recursive call, line 5 of depth.c (of the joined text it is line 9).
    expect(recursion.range?.line).toBe(5);
    expect(recursion.formatted).toMatch(/^prog\/depth\.c:5:\d+: warning\[K3013\]/);
    expect(recursion.formatted).toContain("depth(n - 1)");
    expect(renderMarkdown(report)).toMatch(/\*\*Warning K3013\*\* at line 5, column \d+ of `prog\/depth\.c`/);
    expect(renderHtml(report)).toMatch(/<strong>Warning K3013<\/strong> at line 5, column \d+ of <code>prog\/depth\.c<\/code>/);
    expect(renderTerminal(report, { width: 100 })).toMatch(/^ {2}prog\/depth\.c:5:\d+: warning\[K3013\]/m);
  });
});

describe("kernelize explain DIR | a.c b.c … | --compile-commands FILE", () => {
  const kernelize = (args: string[], cwd: string) => {
    const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd, env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "" } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const caseDir = join(fixturesDir, "shopping-list");

  it("explains a program's directory: the golden, from the case's directory", () => {
    const r = kernelize(["explain", "program", "--name", "shopping_list", "--format", "md"], caseDir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(caseDir, "explain.md"), "utf8"));
  });

  it("explains the .c files given, their headers found, in the terminal format", () => {
    const r = kernelize(["explain", "list.c", "strutil.c", "main.c", "--name", "shopping_list"], join(caseDir, "program"));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("diff -ruN list.h shopping_list/list.h");
    expect(r.stdout).toContain("diff -ruN main.c shopping_list/main.c");
    expect(r.stdout).toContain("── Hunk 8 of 8");
  });

  it("explains through a compile_commands.json, the report written as HTML to -o", () => {
    const out = join(mkdtempSync(join(tmpdir(), "kernelize-explain-program-")), "report.html");
    const database = join(fixturesDir, "shopping-list-compile-commands", "compile_commands.json");
    const r = kernelize(["explain", "--compile-commands", database, "--name", "shopping_list", "-o", out], repoRoot);
    expect(r.stderr).toMatch(/^kernelize: wrote .*report\.html \(8 hunks, 15 rules\)\n$/);
    expect(r.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('<div class="file-header"><code>diff -ruN ');
    expect(html.match(/class="file-header"/g)?.length).toBe(4 * 3);
  });

  it("refuses a program it cannot port with the diagnostics at their files, exit code 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-explain-program-"));
    writeFileSync(join(dir, "spawn.c"), "#include <unistd.h>\n\nint spawn(void)\n{\n\treturn fork();\n}\n");
    writeFileSync(join(dir, "main.c"), "int spawn(void);\n\nint main(void)\n{\n\treturn spawn();\n}\n");
    const r = kernelize(["explain", ".", "--format", "json"], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^spawn\.c:5:\d+: error\[K3004\]: fork\(\)/m);
  });
});
