// The lint benchmark: `kernelize lint` on the seed's module, cold and warm, and one `make C=2 W=1` against two makes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(root, "dist/cli/kernelize.mjs");
const SEED = resolve(root, "..", "shared", "seed", "kernel_code.c");
/** BENCH_QUICK=1: one run of each, to show the benchmark still works (tests/bench); BENCH_RESULTS: where the figures go. */
const QUICK = process.env.BENCH_QUICK === "1";
const RESULTS = process.env.BENCH_RESULTS ?? join(root, "bench/lint-results.json");
const RUNS = Number(process.env.BENCH_LINT_RUNS ?? (QUICK ? 1 : 7));

if (!existsSync(CLI) || !existsSync(join(root, "dist/verify/lint.js"))) {
  console.error("bench/lint.mjs: dist/ is missing; run `npm run build` (or `npm run bench:lint`)");
  process.exit(1);
}
const { lintModule } = await import(join(root, "dist/verify/lint.js"));

/** Wall time of one CLI run; the exit code must be one lint gives for a module with findings or none. */
function timeCli(args, env = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env, cwd: root });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) {
    console.error(`bench/lint.mjs: kernelize ${args.join(" ")} exited ${r.status}:\n${r.stderr}`);
    process.exit(1);
  }
  return ms;
}

async function timeLint(tools) {
  const t0 = process.hrtime.bigint();
  await lintModule({ source: readFileSync(SEED, "utf8"), fileName: "kernel_code.c", tools });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = [loadavg()[0]];

// The first run with an empty cache unpacks checkpatch.pl from the kernel source tarball. Quick
// mode (the test suite's) leaves it out: it is the same command as the warm run below, and the
// unpacking alone costs the suite half a minute.
let cold = null;
if (!QUICK) {
  const emptyCache = mkdtempSync(join(tmpdir(), "kernelize-bench-cache-"));
  cold = timeCli(["lint", SEED], { ...process.env, XDG_CACHE_HOME: emptyCache });
  rmSync(emptyCache, { recursive: true, force: true });
}

timeCli(["lint", SEED]);
const samples = { lint: [], checkpatchOnly: [], build: [], oneMake: [], twoMakes: [] };
for (let i = 0; i < RUNS; i++) {
  samples.lint.push(timeCli(["lint", SEED]));
  samples.checkpatchOnly.push(timeCli(["lint", SEED, "--only", "checkpatch"]));
  samples.build.push(timeCli(["build", SEED]));
  samples.oneMake.push(await timeLint(["sparse", "W=1"]));
  samples.twoMakes.push((await timeLint(["sparse"])) + (await timeLint(["W=1"])));
}
load.push(loadavg()[0]);

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rows = [
  [`\`kernelize lint\` on the seed, checkpatch cached (median of ${RUNS})`, s(median(samples.lint))],
  ["the same, first run with an empty cache (unpacks checkpatch.pl)", cold === null ? "not measured in quick mode" : s(cold)],
  [`\`kernelize lint --only checkpatch\` (median of ${RUNS})`, s(median(samples.checkpatchOnly))],
  [`\`kernelize build\` of the same file, for comparison (median of ${RUNS})`, s(median(samples.build))],
  [`sparse and W=1 in one \`make C=2 W=1\`, in process (median of ${RUNS})`, s(median(samples.oneMake))],
  [`\`make C=2\` then \`make W=1\`, in process (median of ${RUNS})`, s(median(samples.twoMakes))],
];
console.log("| measurement | time |\n| --- | --- |");
for (const [what, time] of rows) console.log(`| ${what} | ${time} |`);
console.log(`\nload average (1 min) before and after: ${load.map((l) => l.toFixed(1)).join(", ")}`);
writeFileSync(RESULTS, `${JSON.stringify({ date: new Date().toISOString(), runs: RUNS, loadAverage: load, coldMs: cold, samples }, null, 2)}\n`);
