// kernelize check: the program and its port on success and every allocation failure, compared, with leaks blamed on the right side.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { type CheckResult, comparePortFailure, compareScenario, logPrefixOf, type PortSiteSummary, runCheck } from "../../src/verify/check.js";
import { portOnlyAllocationSites } from "../../src/verify/allocation-origins.js";
import { buildFaultModule, parseFaultLog, testBuildFiles } from "../../src/verify/fault.js";
import { buildModule, findKernelDir } from "../../src/verify/kbuild.js";
import { which } from "../../src/verify/exec.js";
import { compileProgram, parseValgrindLeaks, type ProgramRun, runProgram, runProgramEach } from "../../src/verify/userspace.js";
import { interpretScenarios, runModuleScenarios, type ScenarioResult, splitScenarios } from "../../src/verify/vm.js";
import { itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";

/** A directory of the test's own, removed when the file's tests end (the library leaves a caller's directories to the caller). */
const scratches: string[] = [];
function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratches.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

type TestBody = () => unknown | Promise<unknown>;

/** valgrind and addr2line are not doctor's parts (yet): the same rule as itNeeds, by hand. */
const missingTools = (await Promise.all(["valgrind", "addr2line"].map(async (t) => ((await which(t)) ? undefined : t)))).filter((t): t is string => t !== undefined);
function withTools(test: (name: string, body: TestBody, timeoutMs?: number) => void): (name: string, body: TestBody, timeoutMs?: number) => void {
  if (missingTools.length === 0) return test;
  if (process.env.CI === "true") return (name, _body, timeoutMs) => it(name, () => { throw new Error(`missing on this CI machine: ${missingTools.join(", ")}`); }, timeoutMs);
  return (name) => it.skip(`${name} (needs ${missingTools.join(", ")})`, () => {});
}
const needsGcc = withTools(itNeeds(["gcc"]));
const needsVm = withTools(itNeeds(runParts));

const seedSource = () => readFile(join(seedDir, "user_code.c"), "utf8");

/** A program whose own error path leaks: the third allocation fails and the pair and its first string are lost. */
const LEAKY_PROGRAM = `#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pair
{
	char *left;
	char *right;
};

static struct pair *pair_create(void)
{
	struct pair *p = malloc(sizeof *p);
	if(!p)
		return NULL;
	p->left = strdup("left");
	if(!p->left) {
		free(p);
		return NULL;
	}
	p->right = strdup("right");
	if(!p->right)
		return NULL;
	return p;
}

int main(void)
{
	struct pair *p = pair_create();
	if(!p)
		err(1, "unable to allocate the pair");
	printf("%s %s\\n", p->left, p->right);
	free(p->left);
	free(p->right);
	free(p);
	return 0;
}
`;

async function check(text: string, fileName: string, edit?: (module: string) => string, style: "minimal" | "kernel" = "minimal", maxFailures?: number): Promise<CheckResult> {
  const port = await translate(text, { fileName, style });
  expect(port.ok).toBe(true);
  const module = edit ? edit(port.module!) : port.module!;
  const kdir = await findKernelDir();
  return runCheck({
    program: { text, fileName },
    port: { module, name: port.names!.module, edits: port.edits },
    kdir: kdir.path,
    ...(kdir.release ? { release: kdir.release } : {}),
    ...(maxFailures !== undefined ? { maxFailures } : {}),
  });
}

describe("parsers", () => {
  it("reads valgrind's definitely and indirectly lost records with the user's allocation site", () => {
    const report = [
      "==7== 21 (16 direct, 5 indirect) bytes in 1 blocks are definitely lost in loss record 2 of 2",
      "==7==    at 0x48407B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)",
      "==7==    by 0x401296: __wrap_malloc (kz_wrap.c:52)",
      "==7==    by 0x401176: pair_create (pair.c:14)",
      "==7==    by 0x401206: main (pair.c:30)",
      "==7== ",
      "==7== 5 bytes in 1 blocks are indirectly lost in loss record 1 of 2",
      "==7==    at 0x48407B4: malloc (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)",
      "==7==    by 0x401199: pair_create (pair.c:17)",
    ].join("\n");
    const leaks = parseValgrindLeaks(report, "pair.c");
    expect(leaks.map((l) => [l.kind, l.bytes, l.site])).toEqual([
      ["definite", 16, "pair.c:14"],
      ["indirect", 5, "pair.c:17"],
    ]);
  });

  it("reads the test build's allocation and ledger lines, file names without their directory", () => {
    const log = parseFaultLog([
      "KZ-FAULT: alloc n=1 fn=kmalloc site=/tmp/x/example_port.c:13 fail=0",
      "hello",
      "KZ-FAULT: alloc n=2 fn=kstrdup site=/tmp/x/example_port.c:17 fail=1",
      "KZ-FAULT: live n=1 site=/tmp/x/example_port.c:13",
      "KZ-FAULT: report stage=init rc=-12 allocs=2 live=1",
    ]);
    expect(log.allocations.map((a) => [a.index, a.fn, `${a.file}:${a.line}`, a.failed])).toEqual([
      [1, "kmalloc", "example_port.c:13", false],
      [2, "kstrdup", "example_port.c:17", true],
    ]);
    expect(log.live).toEqual([{ index: 1, file: "example_port.c", line: 13 }]);
    expect(log.reported).toBe(true);
  });

  it("splits one boot's report into scenarios, each with the boot lines and DONE", () => {
    const kz = ["KZ:BOOT uptime=1", "KZ:TRACE on=1", "KZ:SCENARIO-BEGIN 1", "KZ:LOAD rc=0 us=1", "KZ:SCENARIO-END 1", "KZ:SCENARIO-BEGIN 2", "KZ:LOAD-START", "KZ:HANG stage=load", "KZ:DONE"];
    const slices = splitScenarios(kz, 3);
    expect(slices[0]).toEqual(["KZ:BOOT uptime=1", "KZ:TRACE on=1", "KZ:LOAD rc=0 us=1", "KZ:DONE"]);
    expect(slices[1]).toEqual(["KZ:BOOT uptime=1", "KZ:TRACE on=1", "KZ:LOAD-START", "KZ:HANG stage=load", "KZ:DONE"]);
    expect(slices[2]).toBeUndefined();
  });

  it("a hang in one scenario ends the series: the scenarios before it stand, the ones after are not run", () => {
    const kz = [
      "KZ:BOOT uptime=1",
      "KZ:TRACE on=1",
      "KZ:SCENARIO-BEGIN 1",
      "KZ:LOAD-START",
      "KZ:LOAD rc=0 us=5",
      "KZ:UNLOAD-START",
      "KZ:UNLOAD rc=0 us=5",
      "KZ:SCENARIO-END 1",
      "KZ:SCENARIO-BEGIN 2",
      "KZ:LOAD-START",
      "KZ:HANG stage=load",
      "KZ:DONE",
    ];
    const [first, second, third] = interpretScenarios({ kz, console: ["[ 9.1] rcu: INFO: stall"], qemuErrors: [], timedOut: false }, ["kz_fail_at=0", "kz_fail_at=1", "kz_fail_at=2"], { timeoutMs: 10_000 });
    expect([first!.ok, first!.ran, first!.console]).toEqual([true, true, []]);
    expect([second!.ran, second!.failure?.kind, second!.load.message]).toEqual([true, "timeout", "did not return (timeout)"]);
    expect(second!.console).toEqual(["[ 9.1] rcu: INFO: stall"]);
    expect([third!.ran, third!.ok]).toEqual([false, false]);
  });

  it("a guest that never reached the first scenario reports why in the first", () => {
    const [first, second] = interpretScenarios({ kz: [], console: ["SeaBIOS"], qemuErrors: ["qemu: could not load kernel"], timedOut: false }, ["a=1", "a=2"], { timeoutMs: 10_000 });
    expect(first!.failure?.kind).toBe("no-boot");
    expect(second!.ran).toBe(false);
  });

  it("keeps the port's text and compiles only it with the hooks", () => {
    const files = testBuildFiles("example", "int x;\n");
    expect(files["example_port.c"]).toBe("int x;\n");
    expect(files.Kbuild).toContain("example-y := example_port.o kz_fault.o");
    expect(files.Kbuild).toContain("CFLAGS_example_port.o += -include $(src)/kz_port.h");
    expect(files["kz_port.h"]).toBe('/* kz_port.h: included before the port in its test build. */\n#include "kz_fault.h"\n');
  });

  it("puts the kernel style's pr_fmt() before the hooks' kernel headers, so the test build warns no more than the real one", () => {
    const styled = '// SPDX-License-Identifier: GPL-2.0\n#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n\n#include <linux/module.h>\n';
    expect(testBuildFiles("example", styled)["kz_port.h"]).toBe('/* kz_port.h: included before the port in its test build. */\n#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n#include "kz_fault.h"\n');
  });
});

describe("compareScenario", () => {
  const run = (over: Partial<ProgramRun>): ProgramRun => ({ failAt: 0, stdout: "", stderr: "", status: 0, allocations: [], leaks: [], memoryErrors: [], valgrind: true, ...over });
  const scenario = (over: Partial<ScenarioResult>, log: [number, string][]): ScenarioResult => ({
    params: "",
    ran: true,
    load: { attempted: true, ok: true },
    unload: { attempted: true, ok: true },
    log: log.map(([level, text]) => ({ level, text, stage: "load" })),
    otherLog: [],
    console: [],
    ok: true,
    ...over,
  });
  const context = { programName: "user_code", moduleName: "example", userSite: (file: string, line: number) => (file === "example_port.c" ? `user_code.c:${line + 3}` : undefined) };

  it("matches err()'s message without the program name and strerror, and a failed init to a non-zero exit", () => {
    const row = compareScenario(
      run({ failAt: 1, stderr: "user_code: unable to allocate memory: Cannot allocate memory\n", status: 1, allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: true }] }),
      scenario({ load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } }, [
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:13 fail=1"],
        [3, "unable to allocate memory"],
        [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"],
      ]),
      context,
    );
    expect(row.differences).toEqual([]);
    expect(row.verdict).toBe("MATCH");
    expect(row.failed).toEqual({ site: "user_code.c:16", programFn: "malloc", moduleFn: "kmalloc", moduleSite: "example_port.c:13" });
    expect(row.module.status).toBe("-ENOMEM");
    // Both allowances are said.
    expect(row.notes).toEqual([
      'stderr "unable to allocate memory: Cannot allocate memory": compared without the C library\'s errno text after the last ": ", which the port could not know',
      'stderr: the program\'s name at the start of a line ("user_code: ", as err() and warn() print it) is not compared, on either side: the kernel log has no program name, so the port leaves err()\'s out, and where the program printed argv[0] the module prints the same name, the one the port gives argv[0]',
    ]);
  });

  it("leaves out what the slow machine makes the kernel log (an hrtimer interrupt that took long), but not the module's own lines", () => {
    const failing = run({ failAt: 1, stderr: "line 1: bad rule\n", status: 1, allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: true }] });
    const log = (...texts: string[]) =>
      scenario({ load: { attempted: true, ok: false, errno: 22, errnoName: "EINVAL" } }, [
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:13 fail=1"],
        ...texts.map((t): [number, string] => [3, t]),
        [7, "KZ-FAULT: report stage=init rc=-22 allocs=1 live=0"],
      ]);
    expect(compareScenario(failing, log("hrtimer: interrupt took 40670009 ns", "line 1: bad rule"), context).verdict).toBe("MATCH");
    expect(compareScenario(failing, log("hrtimer: took a while", "line 1: bad rule"), context).verdict).toBe("DIFFER");
  });

  it("compares the errno text exactly where the port wrote it, with no note about it", () => {
    const failing = run({ failAt: 1, stderr: "malloc: Cannot allocate memory\n", status: 1, allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: true }] });
    const log = (text: string) =>
      scenario({ load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } }, [
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:13 fail=1"],
        [3, text],
        [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"],
      ]);
    const exact = compareScenario(failing, log("malloc: Cannot allocate memory"), context);
    expect(exact.verdict).toBe("MATCH");
    expect(exact.notes).toBeUndefined();
    expect(compareScenario(failing, log("malloc: Out of memory"), context).verdict).toBe("DIFFER");
  });

  it("joins a line the port's line buffer logged in parts, and only such a line", () => {
    const long = "x".repeat(2000);
    const parts = [long.slice(0, 900) + "\\", long.slice(900, 1800) + "\\", long.slice(1800)];
    const records = (texts: string[]) => scenario({}, [...texts.map((t): [number, string] => [6, t]), [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]);
    expect(compareScenario(run({ stdout: `${long}\nend\n` }), records([...parts, "end"]), context).verdict).toBe("MATCH");
    // A backslash at the end of a shorter record is the program's own.
    expect(compareScenario(run({ stdout: "a\\\nb\n" }), records(["a\\", "b"]), context).verdict).toBe("MATCH");
    expect(compareScenario(run({ stdout: `${long}\n` }), records(parts.slice(0, 2)), context).verdict).toBe("DIFFER");
  });

  it("says why a line longer than a log record holds differs: the kernel log kept only its first 989 bytes", () => {
    const end = [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"] as [number, string];
    const long = "x".repeat(1500);
    // 6.1: 1024 - 32 bytes formatted, less the NUL and KERN_INFO's two bytes.
    const row = compareScenario(run({ stdout: `before\n${long}\n` }), scenario({}, [[6, "before"], [6, long.slice(0, 989)], end]), context);
    expect(row.verdict).toBe("DIFFER");
    expect(row.differences).toHaveLength(1);
    expect(row.differences[0]).toMatch(/^stdout line 2 is 1500 bytes, and KERN_INFO holds only its first 989: a printk\(\) record keeps about 1 KiB and drops the rest .*a limit of the kernel log, not a port bug/);
    // On stderr, with pr_fmt()'s prefix inside the record, and a UTF-8 character cut in two.
    const wide = "é".repeat(800);
    const kernelStyle = logPrefixOf({ module: '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n', name: "examples" });
    // "examples: " and 489 of them are 988 bytes; the 989th is half of the next.
    const cutWide = `examples: ${"é".repeat(489)}\uFFFD`;
    const errRow = compareScenario(run({ stderr: `${wide}\n`, status: 1 }), scenario({ load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } }, [[3, cutWide], [7, "KZ-FAULT: report stage=init rc=-12 allocs=0 live=0"]]), { ...context, ...kernelStyle });
    expect(errRow.differences).toEqual([expect.stringMatching(/^stderr line 1 is 1600 bytes, and KERN_ERR holds only its first 978: /)]);
    // A short record, or one that is not the line's start, differs as any other line does.
    expect(compareScenario(run({ stdout: `${long}\n` }), scenario({}, [[6, long.slice(0, 500)], end]), context).differences[0]).toMatch(/^stdout "x+" but KERN_INFO "x+"$/);
    expect(compareScenario(run({ stdout: `${long}\n` }), scenario({}, [[6, `y${long.slice(0, 988)}`], end]), context).differences[0]).toMatch(/^stdout "x+" but KERN_INFO "yx+"$/);
    // Another difference beside the cut: both are said.
    const both = compareScenario(run({ stdout: `${long}\nend\n` }), scenario({}, [[6, long.slice(0, 989)], [6, "END"], end]), context);
    expect(both.differences).toHaveLength(2);
    expect(both.differences[1]).toMatch(/^stdout line 1 is 1500 bytes/);
  });

  it("reads past pr_fmt's prefix only in a port that defines it", () => {
    const prefixed = scenario({}, [[6, "example: hello"], [3, "example: it failed"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]);
    const kernelStyle = logPrefixOf({ module: '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n', name: "example" });
    expect(kernelStyle).toEqual({ logPrefix: "example: " });
    expect(compareScenario(run({ stdout: "hello\n", stderr: "user_code: it failed\n" }), prefixed, { ...context, ...kernelStyle }).verdict).toBe("MATCH");
    expect(logPrefixOf({ module: "int x;\n", name: "example" })).toEqual({});
    expect(compareScenario(run({ stdout: "hello\n", stderr: "user_code: it failed\n" }), prefixed, context).verdict).toBe("DIFFER");
  });

  it("compares argv[0] the program printed before a message with the name the port gives argv[0], in either style", () => {
    // fprintf(stderr, "%s: missing operand\n", argv[0]): its port prints the program's name there too.
    const missing = run({ stderr: "user_code: missing operand\n", status: 1 });
    const einval = (text: string) => scenario({ load: { attempted: true, ok: false, errno: 22, errnoName: "EINVAL" } }, [[3, text], [7, "KZ-FAULT: report stage=init rc=-22 allocs=0 live=0"]]);
    const row = compareScenario(missing, einval("user_code: missing operand"), context);
    expect(row.differences).toEqual([]);
    expect(row.verdict).toBe("MATCH");
    const kernelStyle = logPrefixOf({ module: '#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt\n', name: "example" });
    expect(compareScenario(missing, einval("example: user_code: missing operand"), { ...context, ...kernelStyle }).verdict).toBe("MATCH");
    // err()'s name, which the port leaves out, still compares as before.
    expect(compareScenario(missing, einval("missing operand"), context).verdict).toBe("MATCH");
    // Only the program's own name is let off, and only at the start of the line.
    expect(compareScenario(missing, einval("example: missing operand"), context).verdict).toBe("DIFFER");
    expect(compareScenario(run({ stderr: "usage: user_code FILE\n", status: 1 }), einval("usage: FILE"), context).verdict).toBe("DIFFER");
  });

  it("allows for the program's out-of-memory message the kernel style leaves out, on a failure path only, with a note", () => {
    const failing = run({ failAt: 1, stderr: "user_code: copy: out of memory\nuser_code: giving up\n", status: 1, allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: true }] });
    const module = scenario({ load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } }, [
      [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:13 fail=1"],
      [3, "giving up"],
      [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"],
    ]);
    const row = compareScenario(failing, module, { ...context, oomMessagesRemoved: true });
    expect(row.verdict).toBe("MATCH");
    expect(row.notes?.[0]).toBe('stderr "copy: out of memory": left out of the port after a failed allocation (the kernel style\'s oom-messages-removed)');
    expect(compareScenario(failing, module, context).verdict).toBe("DIFFER");
  });

  it("a module whose log overflowed differs, even when the lines kept look like the program's", () => {
    const overflowed = scenario({ ok: false, logLost: 40, failure: { kind: "incomplete", message: "the kernel log overflowed: 40 records were lost, overwritten before the guest could read them", lines: [] } }, [[6, "hello"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]);
    const row = compareScenario(run({ stdout: "hello\n" }), overflowed, context);
    expect(row.verdict).toBe("DIFFER");
    expect(row.differences).toEqual(["module: incomplete: the kernel log overflowed: 40 records were lost, overwritten before the guest could read them"]);
  });

  it("a program that crashes on a failure run is its own bug: the module is held to failing cleanly (BUG), and differs where it does not", () => {
    const success = run({ stdout: "start\nsum 6\n", allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: false }] });
    const crashed = run({ failAt: 1, stdout: "start\n", status: undefined, signal: "SIGSEGV", allocations: [{ index: 1, fn: "malloc", site: "user_code.c:16", line: 16, failed: true }] });
    const failing = (lines: [number, string][], over: Partial<ScenarioResult> = { load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } }) =>
      scenario(over, [[7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:13 fail=1"], ...lines, [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"]]);
    const clean = compareScenario(crashed, failing([[6, "start"]]), { ...context, success });
    expect(clean.verdict).toBe("BUG");
    expect(clean.differences).toEqual([]);
    expect(clean.notes?.[0]).toContain("the program's own bug: killed by SIGSEGV when allocation #1 fails; the module is held to failing cleanly");
    // Init that returns 0, or output the program never printed, is the port's difference still.
    const returnsZero = compareScenario(crashed, failing([[6, "start"]], {}), { ...context, success });
    expect(returnsZero.verdict).toBe("DIFFER");
    expect(returnsZero.differences).toEqual(["init returns 0, not an error, where the program fails", "program: killed by SIGSEGV"]);
    expect(compareScenario(crashed, failing([[6, "sum 0"]]), { ...context, success }).verdict).toBe("DIFFER");
    // A module leak where the crashed program "leaks" everything is the port's.
    const leaking = failing([[6, "start"], [7, "KZ-FAULT: live n=1 site=example_port.c:20"]]);
    const leaky = compareScenario({ ...crashed, leaks: [{ site: "user_code.c:23", bytes: 8 }] }, leaking, { ...context, success });
    expect([leaky.verdict, leaky.leakBlame]).toEqual(["LEAK", "port"]);
  });

  it("an invalid access valgrind reports, where the module does what the program does, is the program's bug (BUG), not a difference", () => {
    const row = compareScenario(run({ stdout: "hello\n", memoryErrors: ["Invalid write of size 4"] }), scenario({}, [[6, "hello"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]), context);
    expect(row.verdict).toBe("BUG");
    expect(row.notes).toEqual(["the program's own bug: valgrind: Invalid write of size 4; the module does what the program does without it"]);
    const differs = compareScenario(run({ stdout: "hello\n", memoryErrors: ["Invalid write of size 4"] }), scenario({}, [[6, "hullo"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]), context);
    expect(differs.differences).toEqual(['stdout "hello" but KERN_INFO "hullo"', "program: valgrind: Invalid write of size 4"]);
  });

  it("a failed assert() that aborted the program matches the port's WARN_ON() at the same line failing init; at another line it differs", () => {
    const aborted = run({ failAt: 1, stderr: "user_code: user_code.c:23: main: Assertion `p != NULL' failed.\n", status: undefined, signal: "SIGABRT", allocations: [{ index: 1, fn: "malloc", site: "user_code.c:22", line: 22, failed: true }] });
    const warned = (line: number) =>
      scenario(
        { load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" }, ok: false, failure: { kind: "warning", message: `WARNING: CPU: 0 PID: 83 at /tmp/kernelize-check-x/module/example_port.c:${line} example_init+0x18a/0x1b0 [example]`, lines: [] } },
        [[7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:19 fail=1"], [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"]],
      );
    const row = compareScenario(aborted, warned(20), context);
    expect([row.verdict, row.differences]).toEqual(["MATCH", []]);
    expect(row.notes?.[0]).toContain("the program's assertion at user_code.c:23 failed");
    expect(compareScenario(aborted, warned(25), context).verdict).toBe("DIFFER");
  });

  it("names the difference when the output or the outcome differ", () => {
    const row = compareScenario(run({ stdout: "hello\n" }), scenario({}, [[6, "hullo"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]), context);
    expect(row.verdict).toBe("DIFFER");
    expect(row.differences).toEqual(['stdout "hello" but KERN_INFO "hullo"']);
  });
});

describe("allocations only the port makes", () => {
  const run = (over: Partial<ProgramRun>): ProgramRun => ({ failAt: 0, stdout: "", stderr: "", status: 0, allocations: [], leaks: [], memoryErrors: [], valgrind: true, ...over });
  const scenario = (over: Partial<ScenarioResult>, log: [number, string][]): ScenarioResult => ({
    params: "",
    ran: true,
    load: { attempted: true, ok: true },
    unload: { attempted: true, ok: true },
    log: log.map(([level, text]) => ({ level, text, stage: "load" })),
    otherLog: [],
    console: [],
    ok: true,
    ...over,
  });
  const enomem = { load: { attempted: true, ok: false, errno: 12, errnoName: "ENOMEM" } } as const;
  const table: PortSiteSummary = { number: 1, site: "user.c:6", moduleSite: "example.c:7", fn: "kcalloc", ruleId: "large-stack-frames-to-heap" };
  const context = { programName: "user", moduleName: "example", userSite: (file: string, line: number) => (file === "example_port.c" ? `user.c:${line - 1}` : undefined), portSites: [table] };
  const twoLines = run({ stdout: "scale 7: sum 3000\nscale 13: sum 6000\n", allocations: [{ index: 1, fn: "malloc", site: "user.c:20", line: 20, failed: false }] });

  it("reads the port's own allocations and live blocks apart from the program's", () => {
    const log = parseFaultLog([
      "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=/tmp/x/example_port.c:7 fail=0",
      "KZ-FAULT: alloc n=1 fn=kmalloc site=/tmp/x/example_port.c:21 fail=0",
      "KZ-FAULT: alloc port=2 at=1 fn=kcalloc site=/tmp/x/example_port.c:7 fail=1",
      "KZ-FAULT: live port=1 site=/tmp/x/example_port.c:7",
      "KZ-FAULT: report stage=init rc=-12 allocs=1 live=1",
    ]);
    expect(log.allocations.map((a) => [a.index, `${a.file}:${a.line}`])).toEqual([[1, "example_port.c:21"]]);
    expect(log.portAllocations.map((a) => [a.index, a.site, a.fn, `${a.file}:${a.line}`, a.failed])).toEqual([
      [1, 1, "kcalloc", "example_port.c:7", false],
      [2, 1, "kcalloc", "example_port.c:7", true],
    ]);
    expect(log.live).toEqual([{ index: 1, file: "example_port.c", line: 7, port: true }]);
  });

  it("success: the program's allocations are matched by the program's own, and the port's extra ones are a note", () => {
    const row = compareScenario(
      twoLines,
      scenario({}, [
        [7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=0"],
        [6, "scale 7: sum 3000"],
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:21 fail=0"],
        [7, "KZ-FAULT: alloc port=2 at=1 fn=kcalloc site=example_port.c:7 fail=0"],
        [6, "scale 13: sum 6000"],
        [7, "KZ-FAULT: report stage=exit rc=0 allocs=1 live=0"],
      ]),
      context,
    );
    expect(row.verdict).toBe("MATCH");
    expect(row.module.allocations).toBe(1);
    expect(row.notes).toEqual(["the port allocates 2 times where the program does not: kcalloc() at user.c:6 (2 times), from large-stack-frames-to-heap; allowed on the success path, and each such site is failed once (fail port #…)"]);
  });

  it("fail #k fails the program's k-th allocation on both sides, whatever the port allocated before it", () => {
    const failing = run({ failAt: 1, status: 1, stderr: "user: out of memory\n", allocations: [{ index: 1, fn: "malloc", site: "user.c:20", line: 20, failed: true }] });
    const row = compareScenario(
      failing,
      scenario(enomem, [
        [7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=0"],
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:21 fail=1"],
        [3, "out of memory"],
        [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"],
      ]),
      context,
    );
    expect(row.differences).toEqual([]);
    expect(row.failed).toEqual({ site: "user.c:20", programFn: "malloc", moduleFn: "kmalloc", moduleSite: "example_port.c:21" });
    expect(row.verdict).toBe("MATCH");
  });

  it("fail port #s: -ENOMEM after a prefix of the program's success output, nothing leaked, is a match, said in the row", () => {
    const row = comparePortFailure(
      twoLines,
      scenario(enomem, [
        [7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=0"],
        [6, "scale 7: sum 3000"],
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:21 fail=0"],
        [7, "KZ-FAULT: alloc port=2 at=1 fn=kcalloc site=example_port.c:7 fail=1"],
        [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=0"],
      ]),
      table,
      context,
    );
    expect([row.name, row.portSite, row.verdict, row.differences]).toEqual(["fail port #1", 1, "MATCH", []]);
    expect(row.failed).toEqual({ site: "user.c:6", moduleFn: "kcalloc", moduleSite: "example_port.c:7", portOnly: true });
    expect(row.notes).toEqual(["the program makes no allocation at user.c:6: kcalloc() there is the port's own (large-stack-frames-to-heap), so the program would not have failed; the module must return -ENOMEM from init after a prefix of the program's success output, and leak nothing"]);
  });

  it("fail port #s lets the last line stop short of the program's: a line it was still writing when the port's allocation failed", () => {
    const failedThen = (lines: [number, string][]) => scenario(enomem, [[7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=1"], ...lines, [7, "KZ-FAULT: report stage=init rc=-12 allocs=0 live=0"]]);
    expect(comparePortFailure(twoLines, failedThen([[6, "scale 7: sum 3000"], [6, "scale 13"]]), table, context).verdict).toBe("MATCH");
    // Only the last line, and only a start of the program's.
    expect(comparePortFailure(twoLines, failedThen([[6, "scale 7"], [6, "scale 13: sum 6000"]]), table, context).verdict).toBe("DIFFER");
    expect(comparePortFailure(twoLines, failedThen([[6, "scale 7: sum 3000"], [6, "scale 13: sum 6"]]), table, context).verdict).toBe("MATCH");
    expect(comparePortFailure(twoLines, failedThen([[6, "scale 7: sum 3000"], [6, "scale 13: sum 7"]]), table, context).verdict).toBe("DIFFER");
  });

  it("fail port #s differs when init goes on, prints what the program never would, or oopses; and leaks are the port's", () => {
    const failedThen = (over: Partial<ScenarioResult>, lines: [number, string][]) => scenario(over, [[7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=1"], ...lines]);
    const ignored = comparePortFailure(twoLines, failedThen({}, [[6, "scale 7: sum 0"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=0 live=0"]]), table, context);
    expect(ignored.verdict).toBe("DIFFER");
    expect(ignored.differences).toEqual([
      "init returns 0, not -ENOMEM, when the port's own kcalloc() at user.c:6 fails",
      'KERN_INFO "scale 7: sum 0" is not a prefix of the program\'s stdout "scale 7: sum 3000", "scale 13: sum 6000"',
    ]);
    const complained = comparePortFailure(twoLines, failedThen(enomem, [[3, "no memory for the table"], [7, "KZ-FAULT: report stage=init rc=-12 allocs=0 live=0"]]), table, context);
    expect(complained.differences).toEqual(['KERN_ERR "no memory for the table" is not a prefix of the program\'s stderr (none)']);
    // The same message is the program's own where its failure runs print it: its failure path ran.
    const own = comparePortFailure(twoLines, failedThen(enomem, [[3, "no memory for the table"], [7, "KZ-FAULT: report stage=init rc=-12 allocs=0 live=0"]]), table, { ...context, failureMessages: new Set(["no memory for the table"]) });
    expect([own.verdict, own.differences]).toEqual(["MATCH", []]);
    expect(own.notes?.at(-1)).toContain('KERN_ERR "no memory for the table": what the program itself prints when one of its allocations fails');
    const other = comparePortFailure(twoLines, failedThen(enomem, [[3, "no memory for the table"], [3, "retrying"], [7, "KZ-FAULT: report stage=init rc=-12 allocs=0 live=0"]]), table, { ...context, failureMessages: new Set(["no memory for the table"]) });
    expect(other.verdict).toBe("DIFFER");
    const oops = comparePortFailure(twoLines, failedThen({ ...enomem, failure: { kind: "oops", message: "BUG: kernel NULL pointer dereference", lines: [] } }, []), table, context);
    expect(oops.differences).toContain("module: oops: BUG: kernel NULL pointer dereference");
    const leaky = comparePortFailure(
      twoLines,
      scenario(enomem, [
        [7, "KZ-FAULT: alloc n=1 fn=kmalloc site=example_port.c:21 fail=0"],
        [7, "KZ-FAULT: alloc port=1 at=1 fn=kcalloc site=example_port.c:7 fail=1"],
        [7, "KZ-FAULT: live n=1 site=example_port.c:21"],
        [7, "KZ-FAULT: report stage=init rc=-12 allocs=1 live=1"],
      ]),
      table,
      context,
    );
    expect([leaky.verdict, leaky.leakBlame, leaky.module.leaks.map((l) => l.site)]).toEqual(["LEAK", "port", ["user.c:20"]]);
  });

  it("a port site the success path never reaches fails nothing, and the module is held to the program's success", () => {
    const quiet = scenario({}, [[6, "scale 7: sum 3000"], [6, "scale 13: sum 6000"], [7, "KZ-FAULT: report stage=exit rc=0 allocs=1 live=0"]]);
    const row = comparePortFailure(twoLines, quiet, table, context);
    expect([row.verdict, row.notes]).toEqual(["MATCH", ["the port never reached its allocation at user.c:6 (example.c:7): nothing was failed"]]);
  });

  it("knows a moved array's allocation from the program's own, though both stand on lines of the program", async () => {
    const user = await readFile(join(repoRoot, "tests", "fixtures", "stack-frame-void-helper", "user.c"), "utf8");
    for (const style of ["minimal", "kernel"] as const) {
      const port = await translate(user, { fileName: "user.c", style });
      const sites = portOnlyAllocationSites(user, port.module!, port.edits);
      expect(sites.map((s) => [s.fn, s.userLine, s.ruleId])).toEqual([["kcalloc", 6, "large-stack-frames-to-heap"]]);
      expect(port.module!.split("\n")[sites[0]!.firstLine - 1]).toContain("kcalloc(1000000");
    }
    // The seed's three allocations are all the program's: malloc, strdup and strdup, renamed.
    const seed = await seedSource();
    const port = await translate(seed, { fileName: "user_code.c" });
    expect(port.module).toMatch(/kmalloc|kstrdup/);
    expect(portOnlyAllocationSites(seed, port.module!, port.edits)).toEqual([]);
    // A module edited by hand after the port, its offsets no longer the edits': still the program's.
    const edited = port.module!.replace("out_free:\n\tkfree(ex);\n", "out_free:\n\t/* cleanup removed */\n");
    expect(edited).not.toBe(port.module);
    expect(portOnlyAllocationSites(seed, edited, port.edits)).toEqual([]);
  });

  it("finds a moved array's allocation through the tracker's macro, and keeps the program's own tracked ones", async () => {
    // realloc() grows a buffer held in a structure (so allocations are tracked); fill()'s 4 KiB array moves to the heap.
    const user =
      "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\nstruct buf { unsigned char *p; size_t len, cap; };\n\nstatic int put(struct buf *b, unsigned char c)\n{\n\tif (b->len == b->cap) {\n\t\tsize_t nc = b->cap ? b->cap * 2 : 16;\n\t\tunsigned char *np = realloc(b->p, nc);\n\t\tif (!np)\n\t\t\treturn -1;\n\t\tb->p = np;\n\t\tb->cap = nc;\n\t}\n\tb->p[b->len++] = c;\n\treturn 0;\n}\n\nstatic size_t fill(unsigned char *out, int seed)\n{\n\tunsigned char stack[4096];\n\tsize_t k = 0;\n\n\tmemset(stack, seed, sizeof stack);\n\tfor (size_t i = 0; i < sizeof stack; i += 1024)\n\t\tout[k++] = stack[i];\n\treturn k;\n}\n\nint main(void)\n{\n\tstruct buf b = { 0 };\n\tunsigned char tmp[8];\n\tint rc = 1;\n\n\tfor (int i = 0; i < 5; i++) {\n\t\tsize_t k = fill(tmp, i);\n\t\tfor (size_t j = 0; j < k; j++)\n\t\t\tif (put(&b, tmp[j]))\n\t\t\t\tgoto done;\n\t}\n\tprintf(\"%zu bytes\\n\", b.len);\n\trc = 0;\ndone:\n\tfree(b.p);\n\treturn rc;\n}\n";
    const port = await translate(user, { fileName: "user.c" });
    expect(port.module).toContain("tracked_kcalloc(4096");
    const sites = portOnlyAllocationSites(user, port.module!, port.edits);
    expect(sites.map((s) => [s.fn, s.userLine, s.ruleId])).toEqual([["kcalloc", 23, "large-stack-frames-to-heap"]]);
  });

  it("names the rule that wrote a moved array's allocation, not the one that split its declaration first", async () => {
    const user = "#include <stdio.h>\n\nstatic int total(int n)\n{\n\tint dist[n], seen[n];\n\n\tdist[0] = seen[0] = n;\n\treturn dist[0] + seen[0];\n}\n\nint main(void)\n{\n\tprintf(\"%d\\n\", total(3));\n\treturn 0;\n}\n";
    const port = await translate(user, { fileName: "user.c" });
    const sites = portOnlyAllocationSites(user, port.module!, port.edits);
    expect(sites.map((s) => [s.fn, s.userLine, s.ruleId])).toEqual([
      ["kvcalloc", 5, "variable-length-arrays-to-heap"],
      ["kvcalloc", 5, "variable-length-arrays-to-heap"],
    ]);
  });

  it("gives a call the port broke over lines every line it spans", async () => {
    const user = await readFile(join(repoRoot, "tests", "fixtures", "stack-frame-main-40mb", "user.c"), "utf8");
    const port = await translate(user, { fileName: "user.c", style: "kernel" });
    const [site] = portOnlyAllocationSites(user, port.module!, port.edits);
    expect(site!.lastLine).toBeGreaterThan(site!.firstLine);
    expect(port.module!.split("\n").slice(site!.firstLine - 1, site!.lastLine).join("\n")).toMatch(/kvcalloc\([^;]*;$/);
  });
});

describe("the user's program under counted allocations", () => {
  needsGcc("counts the program's own allocations with their lines, fails the k-th, and sees no leak in the seed", async () => {
    const program = await compileProgram({ source: await seedSource(), fileName: "user_code.c", dir: scratch("kernelize-check-test-") });
    const success = await runProgram(program, { failAt: 0, valgrind: true });
    expect(success.stdout).toBe("hello\ngoodbye\n");
    expect(success.allocations.map((a) => `${a.fn} ${a.site}`)).toEqual(["malloc user_code.c:16", "strdup user_code.c:20", "strdup user_code.c:40"]);
    expect(success.leaks).toEqual([]);
    const third = await runProgram(program, { failAt: 3, valgrind: true });
    expect([third.stdout, third.stderr, third.status]).toEqual(["hello\n", "user_code: unable to update: Cannot allocate memory\n", 1]);
    expect(third.allocations.at(-1)?.failed).toBe(true);
  });

  // fail #1 dies of a signal, fail #2 leaks the first and third blocks, fail #3 the first; each child has its own report.
  const EACH = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
	char *a = malloc(16);
	char *b = strdup("two");
	char *c = malloc(8);
	if (!a) { volatile int *p = 0; return *p; }
	if (!b) { puts("no b"); return 2; }
	if (!c) { free(b); return 3; }
	puts("all");
	free(a); free(b); free(c);
	return 0;
}
`;
  needsGcc("runs fail #1 … #N in one valgrind, each in a child with its own output, status, sites and leaks", async () => {
    const program = await compileProgram({ source: EACH, fileName: "each.c", dir: scratch("kernelize-check-test-") });
    const [one, two, three] = await runProgramEach(program, [1, 2, 3]);
    expect(one).toMatchObject({ failAt: 1, signal: "SIGSEGV", stdout: "" });
    expect(one!.status).toBeUndefined();
    expect(one!.memoryErrors[0]).toMatch(/^Invalid read/);
    expect(two).toMatchObject({ failAt: 2, status: 2, stdout: "no b\n" });
    expect(two!.leaks.map((l) => [l.kind, l.site, l.bytes]).sort()).toEqual([["definite", "each.c:6", 16], ["definite", "each.c:8", 8]]);
    expect(two!.allocations.map((a) => [a.index, a.site, a.failed])).toEqual([[1, "each.c:6", false], [2, "each.c:7", true], [3, "each.c:8", false]]);
    expect(three).toMatchObject({ failAt: 3, status: 3, stdout: "" });
    expect(three!.leaks.map((l) => l.site)).toEqual(["each.c:6"]);
    // A run that never ends is killed at the timeout, and the next one still runs.
    const stuck = await compileProgram({ source: "#include <stdlib.h>\nint main(void)\n{\n\tchar *a = malloc(1);\n\tif (!a)\n\t\tfor (;;) {}\n\tfree(a);\n\ta = malloc(2);\n\tfree(a);\n\treturn 0;\n}\n", fileName: "stuck.c", dir: scratch("kernelize-check-test-") });
    const [hung, fine] = await runProgramEach(stuck, [1, 2], { timeoutMs: 1500 });
    expect(hung).toMatchObject({ failAt: 1, signal: "SIGKILL" });
    expect(fine).toMatchObject({ failAt: 2, status: 0 });
    // The same results one valgrind per run gives.
    const alone = await runProgram(program, { failAt: 2, valgrind: true });
    expect([alone.status, alone.stdout, alone.leaks.map((l) => l.site).sort()]).toEqual([two!.status, two!.stdout, two!.leaks.map((l) => l.site).sort()]);
  });

  needsGcc("gives argv[0] the program's bare name on its failure runs as on its success run, not the path of a temporary directory", async () => {
    const source = '#include <stdio.h>\n#include <stdlib.h>\nint main(int argc, char **argv)\n{\n\tchar *a = malloc(4);\n\tfprintf(stderr, "%s: %s\\n", argv[0], a ? "ok" : "out of memory");\n\tfree(a);\n\treturn !a;\n}\n';
    const program = await compileProgram({ source, fileName: "named.c", dir: scratch("kernelize-check-test-") });
    expect((await runProgram(program, { failAt: 0, valgrind: true })).stderr).toBe("named: ok\n");
    const [failed] = await runProgramEach(program, [1]);
    expect(failed!.stderr).toBe("named: out of memory\n");
  });
});

describe("file names as users write them", () => {
  needsGcc("a name with a blank or a leading dash compiles, and its allocation sites carry the whole name", async () => {
    for (const fileName of ["my prog.c", "-dash.c"]) {
      const program = await compileProgram({ source: await seedSource(), fileName, dir: scratch("kernelize-check-test-") });
      const run = await runProgram(program, { failAt: 0, valgrind: false });
      expect(run.allocations.map((a) => a.site)).toEqual([`${fileName}:16`, `${fileName}:20`, `${fileName}:40`]);
    }
  });
});

describe("a program gcc refuses", () => {
  needsGcc("is bad input, with gcc's message", async () => {
    const dir = scratch("kernelize-check-test-");
    await expect(compileProgram({ source: "int main(void) { return nope; }\n", fileName: "bad.c", dir })).rejects.toThrow(/bad\.c does not compile with gcc:[\s\S]*'nope' undeclared/);
  });
});

describe("the test build", () => {
  const needsKbuild = withTools(itNeeds(["gcc", "make", "kernel-headers"]));
  needsKbuild("compiles kz_fault.c once per kernel tree and links the kept object after that; a port's error still points at the port", async () => {
    const kdir = await findKernelDir();
    const cacheDir = scratch("kernelize-fault-cache-");
    const port = (await translate(await seedSource(), {})).module!;
    const build = (moduleText: string) => buildFaultModule({ kdir: kdir.path, name: "example", moduleText, dir: scratch("kernelize-fault-"), cacheDir });
    const first = await build(port);
    expect(first.ok).toBe(true);
    expect(first.log).toMatch(/CC \[M\] +\S*\/kz_fault\.o/);
    const second = await build(port);
    expect(second.ok).toBe(true);
    expect(second.log).not.toMatch(/CC \[M\] +\S*\/kz_fault\.o/);
    const broken = await build(port.replace("return ret;", "return ret"));
    expect(broken.ok).toBe(false);
    expect(broken.errors[0]?.file).toMatch(/example_port\.c$/);
    expect(broken.log).not.toMatch(/CC \[M\] +\S*\/kz_fault\.o/);
  }, 120_000);
});

describe("several scenarios in one boot", () => {
  const HANGS_ON_REQUEST = `#include <linux/module.h>
#include <linux/delay.h>
static int hang;
module_param(hang, int, 0);
static int __init h_init(void) { pr_info("in %d\\n", hang); while (hang) msleep(50); return 0; }
static void __exit h_exit(void) { pr_info("out\\n"); }
module_init(h_init);
module_exit(h_exit);
MODULE_LICENSE("GPL");
`;
  needsVm("each scenario gets its own parameters and log; a hang ends the series and is reported in its scenario", async () => {
    const kdir = await findKernelDir();
    const build = await buildModule({ kdir: kdir.path, source: HANGS_ON_REQUEST, name: "hangs", into: scratch("kernelize-build-") });
    expect(build.ok).toBe(true);
    const run = await runModuleScenarios({ koPath: build.koPath!, scenarios: [["hang=0"], ["hang=1"], ["hang=0"]], timeoutMs: 12_000, ...(kdir.release ? { release: kdir.release } : {}) });
    const [first, second, third] = run.scenarios;
    expect(first!.log.map((l) => `${l.stage} ${l.text}`)).toEqual(["load in 0", "unload out"]);
    expect(first!.ok).toBe(true);
    expect(second!.log.map((l) => l.text)).toEqual(["in 1"]);
    expect(second!.failure?.kind).toBe("timeout");
    expect(second!.failure?.message).toContain("init function did not return");
    expect(third!.ran).toBe(false);
  }, 30_000);
});

describe("kernelize check in the VM", () => {
  needsVm("the seed: success and fail #1..#3 all match in one boot, nothing leaked", async () => {
    const result = await check(await seedSource(), "user_code.c");
    expect(result.rows.map((r) => [r.name, r.failed?.site, r.program.status, r.module.status, r.verdict])).toEqual([
      ["success", undefined, "0", "0", "MATCH"],
      ["fail #1", "user_code.c:16", "1", "-ENOMEM", "MATCH"],
      ["fail #2", "user_code.c:20", "1", "-ENOMEM", "MATCH"],
      ["fail #3", "user_code.c:40", "1", "-ENOMEM", "MATCH"],
    ]);
    // The third path: example_destroy, then the KERN_ERR message.
    expect(result.rows[3]!.module).toMatchObject({ out: ["hello"], errors: ["unable to update"] });
    expect(result.allocations).toEqual({ program: 3, module: 3 });
    expect(result.ok).toBe(true);
  });

  needsVm("the seed in the kernel style: pr_fmt's \"example: \" prefix aside, the same four matches", async () => {
    const result = await check(await seedSource(), "user_code.c", undefined, "kernel");
    expect(result.rows.map((r) => [r.name, r.module.status, r.verdict])).toEqual([
      ["success", "0", "MATCH"],
      ["fail #1", "-ENOMEM", "MATCH"],
      ["fail #2", "-ENOMEM", "MATCH"],
      ["fail #3", "-ENOMEM", "MATCH"],
    ]);
    expect(result.rows[0]!.module.out).toEqual(["hello", "goodbye"]);
    expect(result.rows[3]!.module).toMatchObject({ out: ["hello"], errors: ["unable to update"] });
    expect(result.ok).toBe(true);
  });

  needsVm("a port without example_create's out_free cleanup leaks the struct on fail #2, blamed on the port", async () => {
    // Keeps the line count, so the port's lines still map to the program's.
    const broken = (module: string) => {
      const cut = module.replace("out_free:\n\tkfree(ex);\n", "out_free:\n\t/* cleanup removed */\n");
      expect(cut).not.toBe(module);
      return cut;
    };
    const result = await check(await seedSource(), "user_code.c", broken);
    expect(result.rows.map((r) => r.verdict)).toEqual(["MATCH", "MATCH", "LEAK", "MATCH"]);
    const row = result.rows[2]!;
    expect(row.program.leaks).toEqual([]);
    expect(row.module.leaks).toEqual([{ site: "user_code.c:16", moduleSite: "example.c:13", blame: "port" }]);
    expect(row.leakBlame).toBe("port");
    expect(result.ok).toBe(false);
  });

  needsVm("a 4 MB table the port moved to the heap: its kcalloc is a note on success, and failing it ends init with -ENOMEM, cleanly", async () => {
    const user = await readFile(join(repoRoot, "tests", "fixtures", "stack-frame-void-helper", "user.c"), "utf8");
    for (const style of ["minimal", "kernel"] as const) {
      const result = await check(user, "user.c", undefined, style);
      expect(result.rows.map((r) => [r.name, r.failed?.site, r.program.status, r.module.status, r.verdict])).toEqual([
        ["success", undefined, "0", "0", "MATCH"],
        ["fail port #1", "user.c:6", "0", "-ENOMEM", "MATCH"],
      ]);
      expect(result.allocations).toEqual({ program: 0, module: 0, portOnly: 2 });
      expect(result.rows[0]!.notes?.some((n) => n.startsWith("the port allocates 2 times where the program does not: kcalloc() at user.c:6 (2 times)"))).toBe(true);
      expect(result.rows[1]!.module.out).toEqual([]);
      expect(result.ok).toBe(true);
    }
  });

  needsVm("a program that leaks on its own error path is reported as the program's leak, not the port's", async () => {
    // The port frees what the program loses (the tracker, at init's return): the program's leak alone.
    const result = await check(LEAKY_PROGRAM, "pair.c");
    expect(result.rows.map((r) => r.verdict)).toEqual(["MATCH", "MATCH", "MATCH", "LEAK"]);
    expect(result.rows[3]!.program.leaks.map((l) => l.site).sort()).toEqual(["pair.c:14", "pair.c:17"]);
    expect(result.rows[3]!.module.leaks).toEqual([]);
    expect(result.rows[3]!.leakBlame).toBe("user");
    // The module without the tracker's frees leaks as the program does: the blame is still the program's.
    const leaky = await check(LEAKY_PROGRAM, "pair.c", (module) => module.replace(/\tfree_tracked_allocations\(\);/, ""));
    const row = leaky.rows[3]!;
    expect(row.module.leaks.map((l) => [l.site, l.blame]).sort()).toEqual([["pair.c:14", "user"], ["pair.c:17", "user"]]);
    expect(row.leakBlame).toBe("user");
    expect(leaky.ok).toBe(false);
  });

  needsVm("a program holding 3,000 blocks at once: the test build's ledger keeps every one, and finds them all when the port leaks them", async () => {
    const many =
      "#include <stdio.h>\n#include <stdlib.h>\n\nstatic void *blocks[3000];\n\nint main(void)\n{\n\tint i;\n\n\tfor (i = 0; i < 3000; i++)\n\t\tif (!(blocks[i] = malloc(16)))\n\t\t\tbreak;\n\tprintf(\"%d\\n\", i);\n\tfor (i = 0; i < 3000; i++)\n\t\tfree(blocks[i]);\n\treturn 0;\n}\n";
    const clean = await check(many, "many.c", undefined, "minimal", 0);
    expect(clean.rows.map((r) => [r.verdict, r.module.leaks.length])).toEqual([["MATCH", 0]]);
    // The module with its frees taken out (the loop's, and the tracker's at init's end): every block is still in the ledger.
    const leaky = await check(many, "many.c", (module) => module.replace(/\b\w*free\(blocks\[i\]\);/, ";").replace(/\tfree_tracked_allocations\(\);/, ""), "minimal", 0);
    expect(leaky.rows[0]!.module.leaks.length).toBe(3000);
    expect(new Set(leaky.rows[0]!.module.leaks.map((l) => l.site))).toEqual(new Set(["many.c:11"]));
  }, 120_000);

  needsVm("a program printing 100,000 numbered lines: every one reaches the comparison, and it matches", async () => {
    const numbers = "#include <stdio.h>\n\nint main(void)\n{\n\tfor (int i = 0; i < 100000; i++)\n\t\tprintf(\"%d\\n\", i);\n\treturn 0;\n}\n";
    const result = await check(numbers, "numbers.c");
    expect(result.rows.map((r) => [r.name, r.verdict, r.differences])).toEqual([["success", "MATCH", []]]);
    const out = result.rows[0]!.module.out;
    expect(out.length).toBe(100_000);
    expect(out.every((line, i) => line === String(i))).toBe(true);
    expect(result.ok).toBe(true);
  }, 120_000);

  needsVm("the command prints one row per scenario and exits 0 on the seed", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cliPath, "check", join(seedDir, "user_code.c")]);
    expect(stdout).toMatch(/^fail #3 +user_code\.c:40 \(strdup \/ kstrdup\) +exit 1 +init -ENOMEM +none +none +MATCH$/m);
    expect(stdout).toContain("all 4 scenarios match, nothing leaked");
  });

  needsVm("program arguments reach the module as the parameters its port made of them", async () => {
    const program = join(repoRoot, "tests", "fixtures", "options-getopt", "user.c");
    const run = (args: string[]) => promisify(execFile)(process.execPath, [cliPath, "check", "--format", "json", program, "--", ...args]);
    const result = JSON.parse((await run(["-n", "2", "-s", "-w", "hi"])).stdout);
    expect(result.ok).toBe(true);
    expect(result.rows.map((r: { verdict: string }) => r.verdict)).toEqual(["MATCH"]);
    // Without them the module would print "hello" three times, and the row would differ.
    expect(JSON.stringify(result)).toContain("hi!");
  });
});


describe("check --timeout", () => {
  needsVm("is a wall-clock limit for the whole check, even when the program and its init never end", async () => {
    const dir = scratch("kernelize-check-test-");
    await writeFile(join(dir, "spin.c"), "#include <stdio.h>\nint main(void)\n{\n\tvolatile unsigned long n = 0;\n\n\tprintf(\"spinning\\n\");\n\tfor (;;)\n\t\tn++;\n\treturn 0;\n}\n");
    const started = performance.now();
    const r = await promisify(execFile)(process.execPath, [cliPath, "check", join(dir, "spin.c"), "--timeout", "10"], { encoding: "utf8" }).then(
      (ok) => ({ code: 0, stdout: ok.stdout }),
      (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(r.code).toBe(1);
    // Which stage the limit stops depends on the machine's load (on a busy one the module may not
    // reach the guest in time); that it stops, and says so against the limit, does not.
    expect(r.stdout).toMatch(/(?:the module's init function did not return|the module did not reach the guest) within the 10 s timeout/);
    // The limit and a few seconds to stop QEMU and report, not the limit plus the program's own 30 s.
    expect(seconds).toBeLessThan(16);
  }, 60_000);
});
