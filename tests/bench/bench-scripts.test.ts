// Every benchmark script still runs end to end, in its quick mode: a benchmark that no longer runs is a defect like a failing test.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildParts, itNeeds, lintParts, runParts } from "../helpers/parts.js";
import { repoRoot } from "../helpers/paths.js";

const work = mkdtempSync(join(tmpdir(), "kz-bench-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Runs bench/NAME.mjs in quick mode with its figures written to a file of the test's own; returns them.
 * Asynchronous: a worker blocked for a minute in spawnSync stops answering vitest.
 */
async function runBench(name: string, args: string[] = []): Promise<Record<string, unknown>> {
  const results = join(work, `${name}.json`);
  const child = spawn(process.execPath, [join(repoRoot, "bench", `${name}.mjs`), ...args], {
    cwd: repoRoot,
    env: { ...process.env, BENCH_QUICK: "1", BENCH_RESULTS: results },
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  const status = await new Promise<number | null>((done) => child.on("close", done));
  if (status !== 0) throw new Error(`bench/${name}.mjs exited ${status}:\n${output}`);
  expect(existsSync(results)).toBe(true);
  return JSON.parse(readFileSync(results, "utf8")) as Record<string, unknown>;
}

describe("the benchmarks run", () => {
  it("bench/run.mjs: cold start and the 50,000-line program", async () => {
    const results = await runBench("run");
    expect(results).toHaveProperty("coldStart");
    expect(results).toHaveProperty("largeProgram");
    // CPU time and the load beside the wall times: on a shared machine the wall times alone mislead.
    expect(results).toHaveProperty("largeProgram.ratioCpuMedian");
    expect(typeof results.load.end).toBe("number");
  }, 300_000);

  itNeeds(runParts)("bench/vm.mjs: kernelize run and check against a bare boot", async () => {
    const results = await runBench("vm");
    expect(results).toHaveProperty("ratioMedian");
    expect(results).toHaveProperty("check");
    expect(results).toHaveProperty("batch.guestModuleMs.median");
  }, 400_000);

  itNeeds(lintParts)("bench/lint.mjs: kernelize lint on the seed", async () => {
    const results = await runBench("lint");
    expect(results).toHaveProperty("samples");
  }, 300_000);

  itNeeds(buildParts)("bench/w1.mjs: three fixtures' ports built with W=1 against their originals' warnings", async () => {
    const results = (await runBench("w1", ["--style", "kernel"])) as { programs: number; built: number; introducedWarnings: number; rows: Array<{ status: string }> };
    expect(results.programs).toBe(3);
    expect(results.built).toBe(3);
    expect(results.introducedWarnings).toBe(0);
  }, 300_000);

  const haveCorpus = existsSync(resolve(repoRoot, "..", "shared", "corpus", "manifest.json"));
  (haveCorpus || process.env.CI === "true" ? itNeeds(runParts) : it.skip)("bench/corpus.mjs: two programs of each class through port, build and check", async () => {
    const results = (await runBench("corpus", ["--quick", "2"])) as { programs: number; classes: Record<string, { total: number }>; vm: { boots: number } };
    expect(results.programs).toBe(4);
    expect(results.classes.portable!.total).toBe(2);
    expect(results.classes.unportable!.total).toBe(2);
  }, 300_000);
});
