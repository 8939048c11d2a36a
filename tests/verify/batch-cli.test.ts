// `kernelize check DIR` and `run DIR` as a user meets them: one boot, a table, exit 0 only when every program works, and a crash or a hang reported without stopping the rest.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BatchReport } from "../../src/verify/batch.js";
import { which } from "../../src/verify/exec.js";
import { itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";

const corpusDir = resolve(repoRoot, "..", "shared", "corpus");
const haveCorpus = existsSync(join(corpusDir, "manifest.json"));
const missingTools = (await Promise.all(["valgrind", "addr2line"].map(async (t) => ((await which(t)) ? undefined : t)))).filter(Boolean);
const missing = [...missingTools, ...(haveCorpus ? [] : [corpusDir])];
const needsVm = missing.length === 0 || process.env.CI === "true" ? itNeeds(runParts) : (name: string) => it.skip(`${name} (needs ${missing.join(", ")})`, () => {});

const work = mkdtempSync(join(tmpdir(), "kz-batch-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The CLI, without blocking the test process (a batch takes a minute). */
function kernelize(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: work, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("close", (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** The first 8 corpus programs the golden says work, copied under their corpus paths (the corpus stays out of the repository). */
function corpusPrograms(into: string): string[] {
  const golden = readFileSync(join(repoRoot, "tests", "corpus", "working.txt"), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  const manifest = JSON.parse(readFileSync(join(corpusDir, "manifest.json"), "utf8")) as { id: string; file: string }[];
  const ids = golden.slice(0, 8);
  for (const id of ids) {
    const entry = manifest.find((e) => e.id === id)!;
    mkdirSync(dirname(join(into, id)), { recursive: true });
    copyFileSync(join(corpusDir, entry.file), join(into, id));
  }
  return ids;
}

const OOPS = `#include <stdio.h>
int main(void)
{
	int *nowhere = (int *)0;

	printf("about to write through NULL\\n");
	*nowhere = 5;
	return 0;
}
`;
const HANG = `#include <stdio.h>
int main(void)
{
	volatile unsigned long n = 0;

	printf("spinning\\n");
	for (;;)
		n++;
	return 0;
}
`;

describe("kernelize check DIR", () => {
  needsVm(
    "8 corpus programs: one boot, a row each, exit 0; with a program that oopses and one that hangs beside them, those two are reported and the rest still work",
    async () => {
      const dir = join(work, "progs");
      const ids = corpusPrograms(dir);
      expect(ids).toHaveLength(8);

      const clean = await kernelize(["check", dir, "-j", "2", "--timeout", "20"]);
      expect(clean.stderr).not.toMatch(/internal error/);
      expect(clean.status).toBe(0);
      const lines = clean.stdout.split("\n");
      expect(lines[0]).toMatch(/^program\s+ported\s+built\s+loaded\s+matched\s+leaked\s+result$/);
      for (const id of ids) expect(lines.find((l) => l.startsWith(join(dir, id)))).toMatch(/\syes\s+yes\s+yes\s+yes \d+\/\d+\s+no\s+works$/);
      expect(clean.stdout).toMatch(/^8 of 8 work; 1 boot \(/m);
      // Without a terminal, progress is one plain line per program on stderr.
      expect(clean.stderr.split("\n").filter((l) => /^\[\d+\/8\] .*: works$/.test(l))).toHaveLength(8);

      writeFileSync(join(dir, "zz_oops.c"), OOPS);
      writeFileSync(join(dir, "zz_hang.c"), HANG);
      const mixed = await kernelize(["check", dir, "--timeout", "8", "--format", "json"]);
      expect(mixed.status).toBe(1);
      const report = JSON.parse(mixed.stdout) as BatchReport;
      expect(report.total).toBe(10);
      expect(report.works).toBe(8);
      const row = (name: string) => report.rows.find((r) => r.name === join(dir, name))!;
      expect(row("zz_oops.c")).toMatchObject({ status: "crashed", failure: "oops", works: false });
      expect(row("zz_oops.c").why).toMatch(/BUG: kernel NULL pointer dereference/);
      expect(row("zz_hang.c")).toMatchObject({ status: "hung", failure: "timeout", works: false });
      // One boot, and one more after each of the two.
      expect(report.vm.boots).toBe(3);
      expect(report.vm.reboots).toBe(2);
    },
    600_000,
  );

  it("refuses what applies to one program only, before booting anything", () => {
    const a = join(work, "a.c");
    copyFileSync(join(seedDir, "user_code.c"), a);
    const run = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd: work });
    const withArgs = run(["check", a, a, "--", "-n", "3"]);
    expect(withArgs.status).toBe(2);
    expect(withArgs.stderr).toMatch(/program arguments after -- apply to one program/);
    const named = run(["run", a, a, "--name", "x"]);
    expect(named.status).toBe(2);
    expect(named.stderr).toMatch(/--name names one module/);
    const jobs = run(["check", a, a, "-j", "0"]);
    expect(jobs.status).toBe(2);
    expect(jobs.stderr).toMatch(/--jobs 0: a whole number above 0/);
    const empty = mkdtempSync(join(work, "empty-"));
    const none = run(["check", empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/no \.c files in this directory/);
  });
});
