// `kernelize lint`: checkpatch, sparse and W=1 on the seed's module and on modules of our own, their parsers, and the command.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayColumn, ensureCheckpatch, findKernelSource, parseCheckpatchOutput } from "../../src/verify/checkpatch.js";
import { which } from "../../src/verify/exec.js";
import { formatLintFinding, formatLintSummary, type LintReport, lintModule, lintModules, parseSparseOutput } from "../../src/verify/lint.js";
import { kernelSourcePackage, MissingPartError } from "../../src/verify/parts.js";
import { itNeeds, lintParts } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";
import { withoutProgress } from "../helpers/progress.js";

const withLintParts = itNeeds(lintParts);
const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-lint-test-"));

/** Everything checkpatch, sparse and W=1 ask for: SPDX tag, pr_fmt, static __init/__exit, the MODULE_* tags. */
const CLEAN_MODULE = `// SPDX-License-Identifier: GPL-2.0
/* A module with nothing for checkpatch, sparse or a W=1 build to say. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static unsigned int greeting_count = 1;
module_param(greeting_count, uint, 0444);
MODULE_PARM_DESC(greeting_count, "how many times to say hello");

static int __init greeting_init(void)
{
	unsigned int i;

	for (i = 0; i < greeting_count; i++)
		pr_info("hello (%u of %u)\\n", i + 1, greeting_count);
	return 0;
}

static void __exit greeting_exit(void)
{
	pr_info("goodbye\\n");
}

module_init(greeting_init);
module_exit(greeting_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Says hello when loaded and goodbye when unloaded");
MODULE_AUTHOR("kernelize tests");
`;

/** One finding per tool, each after a tab so the columns are tested too. */
const DIRTY_MODULE = `// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>
#include <linux/uaccess.h>

static int __user *dirty_user_pointer;

static int __init dirty_init(void)
{
	int *p;
	int unused;

	p = dirty_user_pointer;
	return p==NULL;
}
module_init(dirty_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Three tools, one finding each");
`;

function kernelize(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd: options.cwd, env: options.env ?? process.env, input: "" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Each real lint runs once per file, whichever test asks first. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}
const seedReport = once(() => lintModule({ source: readFileSync(join(seedDir, "kernel_code.c"), "utf8"), fileName: "kernel_code.c" }));

describe("parseCheckpatchOutput", () => {
  // Captured from checkpatch.pl of linux-source-6.1 with --strict --no-tree --show-types --emacs --color=never -f.
  const output = [
    "kernel_code.c:1: WARNING:SPDX_LICENSE_TAG: Missing or malformed SPDX-License-Identifier tag in line 1",
    "#1: FILE: kernel_code.c:1:",
    "+#include <linux/module.h>",
    "",
    "kernel_code.c:14: WARNING:LINE_SPACING: Missing a blank line after declarations",
    "#14: FILE: kernel_code.c:14:",
    "+\tstruct example *ex = kmalloc(sizeof *ex, GFP_KERNEL);",
    "+\tif(!ex)",
    "",
    "t.c:4: ERROR:SPACING: spaces required around that '=' (ctx:VxV)",
    "#4: FILE: t.c:4:",
    "+\tint y=a;",
    " \t     ^",
    "",
    "t.c:5: CHECK:COMPARISON_TO_NULL: Comparison to NULL could be written \"p\"",
    "#5: FILE: t.c:5:",
    "+\treturn p != NULL;",
    "",
    "total: 1 errors, 2 warnings, 1 checks, 86 lines checked",
    "",
    "NOTE: For some of the reported defects, checkpatch may be able to",
    "      mechanically convert to the typical style using --fix or --fix-inplace.",
    "",
    "kernel_code.c has style problems, please review.",
  ].join("\n");

  it("reads level, type, file, line and message of every block, and the total line", () => {
    const report = parseCheckpatchOutput(output);
    expect(report.findings.map((f) => [f.file, f.line, f.level, f.type])).toEqual([
      ["kernel_code.c", 1, "WARNING", "SPDX_LICENSE_TAG"],
      ["kernel_code.c", 14, "WARNING", "LINE_SPACING"],
      ["t.c", 4, "ERROR", "SPACING"],
      ["t.c", 5, "CHECK", "COMPARISON_TO_NULL"],
    ]);
    expect(report.findings[3]!.message).toBe('Comparison to NULL could be written "p"');
    expect(report.totals).toEqual({ errors: 1, warnings: 2, checks: 1, lines: 86 });
  });

  it("takes the column from the caret line, a tab counting to the next multiple of 8, and 1 where there is none", () => {
    const [spdx, spacing, equals] = parseCheckpatchOutput(output).findings;
    expect(spdx!.column).toBe(1);
    expect(spacing!.column).toBe(1);
    // "\tint y=a;": the '=' is after a tab (8) and "int y" (5).
    expect(equals!.column).toBe(14);
  });

  it("joins a message that runs over more than one line, and reads a finding without a place", () => {
    const report = parseCheckpatchOutput(
      ["x.c:3: WARNING:SOME_TYPE: first half", "second half", "#3: FILE: x.c:3:", "+int x;", "", "ERROR:MISSING_THING: about the whole file", ""].join("\n"),
    );
    expect(report.findings).toEqual([
      { level: "WARNING", type: "SOME_TYPE", message: "first half second half", file: "x.c", line: 3, column: 1 },
      { level: "ERROR", type: "MISSING_THING", message: "about the whole file", file: "", line: 0, column: 1 },
    ]);
    expect(report.totals).toBeUndefined();
  });

  it("counts display columns as gcc does", () => {
    expect(displayColumn("abc", 0)).toBe(1);
    expect(displayColumn("\tx", 1)).toBe(9);
    expect(displayColumn("ab\tx", 3)).toBe(9);
    expect(displayColumn("\t\tx", 2)).toBe(17);
  });
});

describe("parseSparseOutput", () => {
  // make C=2 W=1 CF=-fdiagnostic-prefix: gcc's lines first, then Kbuild's CHECK line and sparse's.
  const log = [
    "  CC [M]  /tmp/kl/dirty.o",
    "/tmp/kl/dirty.c: In function 'dirty_init':",
    "/tmp/kl/dirty.c:10:13: warning: unused variable 'unused' [-Wunused-variable]",
    "   10 |         int unused;",
    "      |             ^~~~~~",
    "  CHECK   /tmp/kl/dirty.c",
    "/tmp/kl/dirty.c:12:11: sparse: warning: incorrect type in assignment (different address spaces)",
    "/tmp/kl/dirty.c:12:11: sparse:    expected int *p",
    "/tmp/kl/dirty.c:12:11: sparse:    got int [noderef] __user *static [toplevel] dirty_user_pointer",
    "/tmp/kl/dirty.c: sparse: note: in included file (through include/linux/module.h):",
    "./include/linux/some.h:4:9: sparse: error: something in a header",
    "/tmp/kl/dirty.c:51:5: sparse: warning: symbol 'example_init' was not declared. Should it be static?",
    "  MODPOST /tmp/kl/Module.symvers",
  ].join("\n");

  it("reads sparse's own lines with their detail lines, and none of gcc's", () => {
    expect(parseSparseOutput(log)).toEqual([
      {
        file: "/tmp/kl/dirty.c",
        line: 12,
        column: 11,
        severity: "warning",
        message: "incorrect type in assignment (different address spaces)",
        notes: ["expected int *p", "got int [noderef] __user *static [toplevel] dirty_user_pointer"],
      },
      { file: "./include/linux/some.h", line: 4, column: 9, severity: "error", message: "something in a header" },
      { file: "/tmp/kl/dirty.c", line: 51, column: 5, severity: "warning", message: "symbol 'example_init' was not declared. Should it be static?" },
    ]);
  });
});

describe("lint report text", () => {
  it("prints one compiler-style line per finding, with the tool and its code", () => {
    expect(formatLintFinding({ tool: "checkpatch", file: "a.c", line: 1, column: 1, severity: "warning", code: "SPDX_LICENSE_TAG", message: "Missing tag" })).toBe(
      "a.c:1:1: warning: Missing tag [checkpatch SPDX_LICENSE_TAG]",
    );
    expect(formatLintFinding({ tool: "sparse", file: "a.c", line: 7, column: 11, severity: "warning", code: "sparse", message: "bad", notes: ["expected x", "got y"] })).toBe(
      "a.c:7:11: warning: bad (expected x; got y) [sparse]",
    );
    expect(formatLintFinding({ tool: "W=1", file: "a.c", line: 0, column: 0, severity: "error", code: "modpost", message: "missing MODULE_LICENSE() in a.o" })).toBe(
      "a.c: error: missing MODULE_LICENSE() in a.o [W=1 modpost]",
    );
  });

  it("sums up per tool, and says which did not run", () => {
    const report: LintReport = {
      findings: [],
      counts: { checkpatch: { error: 9, warning: 8, check: 1 }, sparse: { error: 0, warning: 2, check: 0 }, "W=1": { error: 1, warning: 1, check: 0 } },
      ranTools: ["checkpatch", "W=1"],
      ignored: { sparse: 0, "W=1": 0 },
      notes: [],
      durationMs: 0,
    };
    expect(formatLintSummary(report)).toBe("checkpatch: 9 errors, 8 warnings, 1 check; sparse: did not run; W=1: 1 error, 1 warning");
    expect(formatLintSummary(report, ["W=1"])).toBe("W=1: 1 error, 1 warning");
  });
});

describe("checkpatch from the kernel source", () => {
  it("names the source package after the headers' series", () => {
    expect(kernelSourcePackage("6.1.0-56-amd64")).toBe("linux-source-6.1");
    expect(kernelSourcePackage("6.8.0-45-generic", "ubuntu")).toBe("linux-source-6.8.0");
    expect(kernelSourcePackage(undefined)).toBe("linux-source");
    expect(new MissingPartError("checkpatch", "no kernel source", "linux-source-6.1").message).toBe(
      "no kernel source: install linux-source-6.1 (apt-get install -y linux-source-6.1), or run `kernelize doctor --install`",
    );
  });

  it("finds the tarball of the headers' series first, then the newest, in Debian's and Ubuntu's places", async () => {
    const root = scratch();
    for (const name of ["linux-source-6.1.tar.xz", "linux-source-6.12.tar.xz", "linux-source-6.1.tar.xz.sig"]) writeFileSync(join(root, name), "");
    mkdirSync(join(root, "linux-source-6.8.0"));
    writeFileSync(join(root, "linux-source-6.8.0", "linux-source-6.8.0.tar.bz2"), "");
    expect((await findKernelSource("6.1.0-56-amd64", root))?.path).toBe(join(root, "linux-source-6.1.tar.xz"));
    expect((await findKernelSource("6.8.0-45-generic", root))).toMatchObject({ series: "6.8.0", topDir: "linux-source-6.8.0" });
    expect((await findKernelSource("5.10.0-1-amd64", root))?.series).toBe("6.12");
    expect(await findKernelSource(undefined, scratch())).toBeUndefined();
  });

  itNeeds(["xz"])("unpacks checkpatch.pl and its word lists once per tarball, atomically, and again when the tarball changes", async () => {
    const work = scratch();
    const scripts = join(work, "tree", "linux-source-9.9", "scripts");
    mkdirSync(scripts, { recursive: true });
    for (const f of ["checkpatch.pl", "spelling.txt", "const_structs.checkpatch", "other.pl"]) writeFileSync(join(scripts, f), `${f}\n`);
    const tarball = join(work, "linux-source-9.9.tar.xz");
    expect(spawnSync("tar", ["-cJf", tarball, "-C", join(work, "tree"), "linux-source-9.9"]).status).toBe(0);
    const cacheDir = join(work, "cache");

    const first = await ensureCheckpatch({ tarball, cacheDir });
    expect(first.cached).toBe(false);
    expect(readFileSync(first.script, "utf8")).toBe("checkpatch.pl\n");
    const dir = join(first.script, "..");
    expect(readdirSync(dir).sort()).toEqual(["checkpatch.pl", "const_structs.checkpatch", "source.json", "spelling.txt"]);
    const again = await ensureCheckpatch({ tarball, cacheDir });
    expect(again).toMatchObject({ cached: true, script: first.script });

    // A new revision of the package: same path, other time. The old copy goes, and no temporary directory stays.
    utimesSync(tarball, new Date(), new Date(Date.now() + 60_000));
    const updated = await ensureCheckpatch({ tarball, cacheDir });
    expect(updated.cached).toBe(false);
    expect(updated.script).not.toBe(first.script);
    expect(existsSync(first.script)).toBe(false);
    expect(readdirSync(join(cacheDir, "checkpatch"))).toHaveLength(1);
  });

  itNeeds(["xz"])("says which file a tarball lacks", async () => {
    const work = scratch();
    mkdirSync(join(work, "tree", "linux-source-9.8", "scripts"), { recursive: true });
    writeFileSync(join(work, "tree", "linux-source-9.8", "scripts", "checkpatch.pl"), "");
    const tarball = join(work, "linux-source-9.8.tar.xz");
    expect(spawnSync("tar", ["-cJf", tarball, "-C", join(work, "tree"), "linux-source-9.8"]).status).toBe(0);
    await expect(ensureCheckpatch({ tarball, cacheDir: join(work, "cache") })).rejects.toThrow(/no linux-source-9\.8\/scripts\/spelling\.txt in it/);
    expect(readdirSync(join(work, "cache", "checkpatch"))).toEqual([]);
  });
});

describe("lint --format sarif", () => {
  withLintParts("gives SARIF 2.1.0 with a run per tool: checkpatch's 13 findings, sparse's 2, W=1's 2 on the article's module", () => {
    const r = kernelize(["lint", join(seedDir, "kernel_code.c"), "--format", "sarif"]);
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs.map((run) => [run.tool.driver.name, run.results.length])).toEqual([["checkpatch.pl", 13], ["sparse", 2], ["gcc W=1", 2]]);
    const spdx = log.runs[0]!.results.find((x) => x.ruleId === "SPDX_LICENSE_TAG")!;
    expect(spdx.level).toBe("warning");
    expect(spdx.locations[0]!.physicalLocation.region!.startLine).toBe(1);
  }, 180_000);
});

describe("a module whose file name starts with a dash", () => {
  withLintParts("is a file to checkpatch, not an option: the seed's module gets its 7 errors and 6 warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-lint-dash-"));
    try {
      copyFileSync(join(seedDir, "kernel_code.c"), join(dir, "-kernel_code.c"));
      const r = kernelize(["lint", "./-kernel_code.c", "--only", "checkpatch"], { cwd: dir });
      expect(r.stdout).toMatch(/^checkpatch: 7 errors, 6 warnings, 0 checks$/m);
      expect(r.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("lintModule", () => {
  withLintParts(
    "the article's module: checkpatch 7 errors and 6 warnings, sparse and W=1 two each, on example_init and example_exit",
    async () => {
      const report = await seedReport();
      expect(report.ranTools).toEqual(["checkpatch", "sparse", "W=1"]);
      // checkpatch.pl of linux-source-6.1 --strict; newer ones may count differently.
      expect(report.counts).toEqual({
        checkpatch: { error: 7, warning: 6, check: 0 },
        sparse: { error: 0, warning: 2, check: 0 },
        "W=1": { error: 0, warning: 2, check: 0 },
      });
      expect(report.ignored).toEqual({ sparse: 0, "W=1": 0 });
      const of = (tool: string) => report.findings.filter((f) => f.tool === tool).map((f) => `${f.line}:${f.column} ${f.severity} ${f.code}: ${f.message}`);
      expect(of("sparse")).toEqual([
        "51:5 warning sparse: symbol 'example_init' was not declared. Should it be static?",
        "78:6 warning sparse: symbol 'example_exit' was not declared. Should it be static?",
      ]);
      expect(of("W=1")).toEqual([
        "51:5 warning -Wmissing-prototypes: no previous prototype for 'example_init'",
        "78:6 warning -Wmissing-prototypes: no previous prototype for 'example_exit'",
      ]);
      expect(of("checkpatch")).toEqual(
        expect.arrayContaining([
          "1:1 warning SPDX_LICENSE_TAG: Missing or malformed SPDX-License-Identifier tag in line 1",
          "6:1 error OPEN_BRACE: open brace '{' following struct go on the same line",
          "74:1 warning PRINTK_WITHOUT_KERN_LEVEL: printk() should include KERN_<LEVEL> facility level",
        ]),
      );
      expect(report.findings.filter((f) => f.code === "SPACING").map((f) => f.line)).toEqual([14, 18, 38, 57, 63, 73]);
      expect(report.findings.every((f) => f.file === "kernel_code.c")).toBe(true);
    },
    120_000,
  );

  withLintParts(
    "a module written to the kernel's style has nothing to report",
    async () => {
      const report = await lintModule({ source: CLEAN_MODULE, fileName: "greeting.c" });
      expect(report.findings).toEqual([]);
      expect(report.ranTools).toEqual(["checkpatch", "sparse", "W=1"]);
      expect(report.notes).toEqual([]);
    },
    120_000,
  );

  withLintParts(
    "reads each tool's real output: positions after tabs, sparse's detail lines, gcc's flag",
    async () => {
      const report = await lintModule({ source: DIRTY_MODULE, fileName: "dirty.c" });
      expect(report.findings.map((f) => [f.tool, f.line, f.column, f.severity, f.code])).toEqual([
        ["W=1", 10, 13, "warning", "-Wunused-variable"],
        ["sparse", 12, 11, "warning", "sparse"],
        ["checkpatch", 13, 1, "check", "COMPARISON_TO_NULL"],
        ["checkpatch", 13, 17, "error", "SPACING"],
      ]);
      expect(report.findings[1]!.notes).toEqual(["expected int *p", "got int [noderef] __user *static [toplevel] dirty_user_pointer"]);
    },
    120_000,
  );

  withLintParts(
    "runs only the tools asked for, and says sparse could not run on a module gcc cannot compile",
    async () => {
      const broken = CLEAN_MODULE.replace("return 0;", "return undefined_thing;");
      const report = await lintModule({ source: broken, fileName: "broken.c", tools: ["sparse", "W=1"] });
      expect(report.ranTools).toEqual(["W=1"]);
      expect(report.counts.checkpatch).toEqual({ error: 0, warning: 0, check: 0 });
      expect(report.findings.filter((f) => f.severity === "error").map((f) => f.message)).toContain("'undefined_thing' undeclared (first use in this function)");
      expect(report.notes.join("\n")).toMatch(/^sparse did not run: .*gcc cannot compile the module/);
    },
    120_000,
  );

  withLintParts(
    "reports modpost's findings about the module as a whole at line 0, without the temporary directory's path",
    async () => {
      const report = await lintModule({ source: CLEAN_MODULE.replace(/^MODULE_LICENSE.*\n/m, ""), fileName: "nolicense.c", tools: ["W=1"] });
      expect(report.findings).toEqual([
        { tool: "W=1", file: "nolicense.c", line: 0, column: 0, severity: "error", code: "modpost", message: "missing MODULE_LICENSE() in nolicense.o" },
      ]);
    },
    120_000,
  );
});

describe("lintModules", () => {
  withLintParts(
    "lints several modules in one checkpatch run and one Kbuild run, each finding on its own module, two files of one name apart",
    async () => {
      const nolicense = CLEAN_MODULE.replace(/^MODULE_LICENSE.*\n/m, "");
      const reports = await lintModules([
        { source: CLEAN_MODULE, fileName: "greeting.c" },
        { source: DIRTY_MODULE, fileName: "dirty.c" },
        { source: nolicense, fileName: "nolicense.c" },
        { source: DIRTY_MODULE, fileName: "sub/greeting.c" },
      ]);
      expect(reports).toHaveLength(4);
      expect(reports[0]!.findings).toEqual([]);
      const dirty = [
        ["W=1", 10, 13, "warning", "-Wunused-variable"],
        ["sparse", 12, 11, "warning", "sparse"],
        ["checkpatch", 13, 1, "check", "COMPARISON_TO_NULL"],
        ["checkpatch", 13, 17, "error", "SPACING"],
      ];
      expect(reports[1]!.findings.map((f) => [f.tool, f.line, f.column, f.severity, f.code])).toEqual(dirty);
      expect(reports[1]!.findings.every((f) => f.file === "dirty.c")).toBe(true);
      expect(reports[2]!.findings.map((f) => `${f.file} ${f.code}: ${f.message}`)).toEqual(["nolicense.c modpost: missing MODULE_LICENSE() in nolicense.o"]);
      expect(reports[3]!.findings.map((f) => [f.tool, f.line, f.column, f.severity, f.code])).toEqual(dirty);
      expect(reports[3]!.findings.every((f) => f.file === "sub/greeting.c")).toBe(true);
      for (const r of reports) expect(r.ranTools).toEqual(["checkpatch", "sparse", "W=1"]);
    },
    180_000,
  );

  withLintParts(
    "a module gcc cannot compile stops none of the others",
    async () => {
      const broken = CLEAN_MODULE.replace("return 0;", "return undefined_thing;");
      const [bad, good] = await lintModules([
        { source: broken, fileName: "broken.c" },
        { source: DIRTY_MODULE, fileName: "dirty.c" },
      ], { tools: ["sparse", "W=1"] });
      expect(bad!.ranTools).toEqual(["W=1"]);
      expect(bad!.notes.join("\n")).toMatch(/^sparse did not run: .*gcc cannot compile the module \(\d+ errors?, shown as W=1 findings\)$/);
      expect(good!.ranTools).toEqual(["sparse", "W=1"]);
      expect(good!.findings.map((f) => [f.tool, f.line, f.code])).toEqual([
        ["W=1", 10, "-Wunused-variable"],
        ["sparse", 12, "sparse"],
      ]);
    },
    180_000,
  );
});

describe("kernelize lint", () => {
  withLintParts(
    "prints the seed's findings one per line and the counts per tool, and exits 1",
    () => {
      const dir = scratch();
      writeFileSync(join(dir, "kernel_code.c"), readFileSync(join(seedDir, "kernel_code.c")));
      const r = kernelize(["lint", "kernel_code.c"], { cwd: dir });
      expect(r.status).toBe(1);
      // Not a terminal: a line for each tool that took a second or more, and nothing else.
      expect(withoutProgress(r.stderr)).toBe("");
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines).toContain("kernel_code.c:1:1: warning: Missing or malformed SPDX-License-Identifier tag in line 1 [checkpatch SPDX_LICENSE_TAG]");
      expect(lines).toContain("kernel_code.c:51:5: warning: symbol 'example_init' was not declared. Should it be static? [sparse]");
      expect(lines).toContain("kernel_code.c:78:6: warning: no previous prototype for 'example_exit' [W=1 -Wmissing-prototypes]");
      expect(lines).toHaveLength(17 + 1);
      expect(lines.at(-1)).toBe("checkpatch: 7 errors, 6 warnings, 0 checks; sparse: 2 warnings; W=1: 2 warnings");
    },
    120_000,
  );

  withLintParts(
    "exits 0 on a clean module; --format json is the LintReport; --only picks tools",
    () => {
      const dir = scratch();
      writeFileSync(join(dir, "greeting.c"), CLEAN_MODULE);
      const text = kernelize(["lint", "greeting.c"], { cwd: dir });
      expect(withoutProgress(text.stderr)).toBe("");
      expect(text).toMatchObject({ status: 0, stdout: "checkpatch: 0 errors, 0 warnings, 0 checks; sparse: 0 warnings; W=1: 0 warnings\n" });
      const json = kernelize(["lint", join(seedDir, "kernel_code.c"), "--format", "json", "--only", "sparse,w1"]);
      expect(json.status).toBe(1);
      const report = JSON.parse(json.stdout) as LintReport;
      expect(report.ranTools).toEqual(["sparse", "W=1"]);
      expect(report.findings).toHaveLength(4);
      expect(report.findings[0]).toEqual({
        tool: "sparse",
        file: join(seedDir, "kernel_code.c"),
        line: 51,
        column: 5,
        severity: "warning",
        code: "sparse",
        message: "symbol 'example_init' was not declared. Should it be static?",
      });
    },
    120_000,
  );

  it("refuses bad input with one line naming the file, exit 2, and nothing on standard output", () => {
    const dir = scratch();
    writeFileSync(join(dir, "notes.txt"), "#include <linux/module.h>\n");
    writeFileSync(join(dir, "prog.c"), "#include <stdio.h>\nint main(void) { return 0; }\n");
    writeFileSync(join(dir, "blob.c"), Buffer.from([0x23, 0x00, 0x01]));
    const cases: Array<[string[], RegExp]> = [
      [["lint", "missing.c"], /^kernelize: error: missing\.c: no such file\n$/],
      [["lint", "notes.txt"], /^kernelize: error: notes\.txt: not a \.c file/],
      [["lint", "prog.c"], /^kernelize: error: prog\.c: not a kernel module .*port it first/],
      [["lint", "blob.c"], /^kernelize: error: blob\.c: binary data/],
      // A directory is a module of several objects (tests/verify/lint-objects.test.ts): this one has no C file.
      [["lint", scratch()], /: no \.c files in this directory\n$/],
      [["lint", "prog.c", "--only", "checkpatch,lint"], /^kernelize: error: --only checkpatch,lint: choose from checkpatch, sparse, w1\n$/],
    ];
    for (const [args, message] of cases) {
      const r = kernelize(args, { cwd: dir });
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });

  withLintParts("names the package and exits 69 when sparse is missing", async () => {
    // A PATH with everything lint needs except sparse.
    const bin = join(scratch(), "bin");
    mkdirSync(bin);
    for (const tool of ["make", "gcc", "perl", "diff", "tar", "xz"]) {
      const path = await which(tool);
      if (path) symlinkSync(path, join(bin, tool));
    }
    const dir = scratch();
    writeFileSync(join(dir, "greeting.c"), CLEAN_MODULE);
    const r = kernelize(["lint", "greeting.c"], { cwd: dir, env: { ...process.env, PATH: bin } });
    expect(r.status).toBe(69);
    expect(r.stderr).toBe("kernelize: error: sparse is not installed: install sparse (apt-get install -y sparse), or run `kernelize doctor --install`\n");
    expect(r.stdout).toBe("");
  });
});
