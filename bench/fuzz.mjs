// `npm run fuzz`: 10,000 mutated programs (bench/mutate.mjs) through translate() on dist/: crashes, inputs over 2 s, broken modules, and the time per input.
//
//   node bench/fuzz.mjs [--count 10000] [--seed 20261204] [--only 17,4242] [--results FILE] [--save DIR]
//
// The test suite runs the first inputs of the same sequence (tests/robustness/mutations.test.ts);
// this runs them all. Input #i depends on the seed and i alone: `--only i` replays it, and
// `--save DIR` writes the failing inputs there. Exits 1 when any input crashed, took over 2 s or
// gave a module that does not parse, 0 otherwise.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { analyzeProgram } from "../dist/analysis/program.js";
import { loadC, translate } from "../dist/index.js";
import { grammarView } from "../dist/core/parse.js";
import { compiledSyntaxError, fuzzSources, mutatedInput } from "./mutate.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    seed: { type: "string", default: "20261204" },
    only: { type: "string" },
    results: { type: "string", default: join(repo, "bench", "fuzz-results.json") },
    save: { type: "string" },
  },
});
const LIMIT_MS = 2000;
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count <= 0 || !Number.isInteger(seed)) {
  process.stderr.write("fuzz: --count and --seed take whole numbers\n");
  process.exit(2);
}

const language = await loadC();
const parse = (text) => language.parse(text);
const sources = fuzzSources(repo);
const indices = values.only ? values.only.split(",").map(Number) : Array.from({ length: count }, (_, i) => i);
// Warm up once, so the first input does not pay for loading the grammar and compiling the code.
await translate(sources[0], { name: "fuzz" });

const times = [];
const failures = [];
const byKind = new Map();
let ported = 0;
let refused = 0;
const started = performance.now();
for (const index of indices) {
  const input = mutatedInput(sources, index, seed, parse);
  const t0 = performance.now();
  let result;
  let crash;
  try {
    result = await translate(input.text, { name: "fuzz" });
  } catch (e) {
    crash = e instanceof Error ? e.stack ?? e.message : String(e);
  }
  const ms = performance.now() - t0;
  times.push(ms);
  const kind = input.kinds.join("+");
  for (const k of input.kinds) {
    const seen = byKind.get(k) ?? { inputs: 0, maxMs: 0 };
    seen.inputs++;
    seen.maxMs = Math.max(seen.maxMs, ms);
    byKind.set(k, seen);
  }
  let problem;
  if (crash) problem = `crashed: ${crash.split("\n").slice(0, 3).join(" | ")}`;
  else if (ms > LIMIT_MS) problem = `took ${ms.toFixed(0)} ms`;
  else if (result.ok) {
    const error = compiledSyntaxError(language, analyzeProgram, result.module, grammarView);
    if (error) problem = `module with a syntax error at ${error.split("\n")[0]}`;
  } else if (!result.diagnostics.some((d) => d.severity === "error")) problem = "refused without an error";
  if (result?.ok) ported++;
  else if (result) refused++;
  if (problem) {
    failures.push({ index, kinds: kind, source: input.source, problem });
    process.stderr.write(`#${index} (${kind}): ${problem}\n`);
    if (values.save) {
      mkdirSync(values.save, { recursive: true });
      writeFileSync(join(values.save, `fuzz-${index}.c`), input.text);
    }
  }
  if (indices.length >= 1000 && (times.length % 1000 === 0)) process.stderr.write(`${times.length}/${indices.length} inputs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

const sorted = [...times].sort((a, b) => a - b);
const quantile = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const summary = {
  seed,
  inputs: indices.length,
  ported,
  refused,
  crashes: failures.filter((f) => f.problem.startsWith("crashed")).length,
  overLimit: failures.filter((f) => f.problem.startsWith("took")).length,
  brokenModules: failures.filter((f) => f.problem.startsWith("module")).length,
  refusedWithoutError: failures.filter((f) => f.problem.startsWith("refused")).length,
  ms: { median: quantile(0.5), p99: quantile(0.99), max: sorted[sorted.length - 1], total: times.reduce((a, b) => a + b, 0) },
  byKind: Object.fromEntries([...byKind].sort(([a], [b]) => a.localeCompare(b))),
  failures,
};
const r = (n) => n.toFixed(1);
process.stdout.write(
  [
    `| inputs | ported | refused | crashes | over ${LIMIT_MS} ms | broken modules | median ms | p99 ms | max ms |`,
    "|---|---|---|---|---|---|---|---|---|",
    `| ${summary.inputs} | ${ported} | ${refused} | ${summary.crashes} | ${summary.overLimit} | ${summary.brokenModules} | ${r(summary.ms.median)} | ${r(summary.ms.p99)} | ${r(summary.ms.max)} |`,
    "",
    "| mutation | inputs | max ms |",
    "|---|---|---|",
    ...[...byKind].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `| ${k} | ${v.inputs} | ${r(v.maxMs)} |`),
    "",
  ].join("\n"),
);
if (!values.only) writeFileSync(values.results, `${JSON.stringify(summary, null, 2)}\n`);
process.exit(failures.length > 0 ? 1 : 0);
