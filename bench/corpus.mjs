// The corpus benchmark: every program of ../shared/corpus ported, built and checked in one batch against its recorded behaviour; what works per class, and the causes of the rest ranked.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { runBatch } from "../dist/verify/batch.js";
import { findKernelDir } from "../dist/verify/kbuild.js";
import { loadC, translate } from "../dist/index.js";
import { LineIndex } from "../dist/core/diagnostics.js";
import { grammarView, syntaxDiagnostics } from "../dist/core/parse.js";
import { corpusCause, refusedRightly } from "./corpus-causes.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS = resolve(process.env.KERNELIZE_CORPUS ?? join(root, "..", "shared", "corpus"));
const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
/** --quick N: the first N programs of each class only (the bench smoke test); --style kernel; --only ID,ID. */
const QUICK = flag("--quick") !== undefined ? Number(flag("--quick")) : undefined;
const STYLE = flag("--style") ?? process.env.BENCH_CORPUS_STYLE ?? "minimal";
const ONLY = flag("--only")?.split(",");
const JOBS = Number(flag("--jobs") ?? process.env.BENCH_CORPUS_JOBS ?? availableParallelism());
/** At most this many allocation failures per program, spread evenly over its allocations. */
const MAX_FAILURES = Number(flag("--max-failures") ?? process.env.BENCH_CORPUS_MAX_FAILURES ?? 64);
const MODULE_TIMEOUT_S = Number(flag("--timeout") ?? 10);
const RESULTS = flag("--results") ?? process.env.BENCH_RESULTS ?? (QUICK === undefined && !ONLY ? join(root, STYLE === "kernel" ? "bench/corpus-results-kernel.json" : "bench/corpus-results.json") : undefined);

if (!existsSync(join(CORPUS, "manifest.json"))) {
  console.error(`bench:corpus: no corpus at ${CORPUS} (set KERNELIZE_CORPUS)`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(join(CORPUS, "manifest.json"), "utf8"));
const decode = (text, base64) => (base64 ? Buffer.from(text, "base64").toString("utf8") : text);
let entries = manifest;
if (ONLY) entries = entries.filter((e) => ONLY.includes(e.id));
if (QUICK !== undefined) entries = ["portable", "unportable"].flatMap((c) => entries.filter((e) => e.class === c).slice(0, QUICK));

const programs = entries.map((e) => ({
  name: e.id,
  fileName: basename(e.path),
  text: readFileSync(join(CORPUS, e.file), "utf8"),
  expected: { exit: e.expected.exit, stdout: decode(e.expected.stdout, e.expected.stdout_base64), stderr: decode(e.expected.stderr, e.expected.stderr_base64) },
}));

const loadBefore = loadavg()[0];
const kdir = await findKernelDir();
const started = Date.now();
let lastLine = 0;
const report = await runBatch(programs, {
  mode: "check",
  kdir,
  translate: { style: STYLE, kernel: kdir.release?.replace(/^(\d+\.\d+).*/, "$1") ?? "6.1" },
  jobs: JOBS,
  moduleTimeoutMs: MODULE_TIMEOUT_S * 1000,
  maxFailures: MAX_FAILURES,
  onProgress: (p) => {
    if (!p.finished) return;
    // A line every 10 % (or every program when there are few), so a long run shows it is alive.
    const step = Math.max(1, Math.round(p.total / 10));
    if (p.done === p.total || p.done - lastLine >= step) {
      lastLine = p.done;
      console.error(`bench:corpus: ${p.done}/${p.total} programs, ${(p.elapsedMs / 1000).toFixed(0)} s`);
    }
  },
});
const loadAfter = loadavg()[0];
const wallS = (Date.now() - started) / 1000;

/**
 * What the guest's kernel said about a module, from each scenario's trouble (the first line of the
 * oops, panic or warning the guest logged, or the watchdog's timeout): a soft lockup is the
 * watchdog's "BUG: soft lockup", a hung task the hung-task detector's "blocked for more than"; a
 * module that never returned is a timeout (the 10 s watchdog fires long before the hung-task
 * detector's 120 s, so a hang is counted there).
 */
const GUEST_TROUBLE = ["oops", "panic", "soft lockup", "hung task", "timeout", "warning"];
function guestTrouble(row) {
  const kinds = new Set();
  for (const scenario of row.check?.rows ?? []) {
    const t = scenario.module.trouble ?? "";
    if (/soft lockup/.test(t)) kinds.add("soft lockup");
    else if (/blocked for more than|hung_task/.test(t)) kinds.add("hung task");
    else {
      const kind = /^(oops|panic|timeout|warning): /.exec(t)?.[1];
      if (kind) kinds.add(kind);
    }
  }
  if (row.run?.failure && GUEST_TROUBLE.includes(row.run.failure.kind)) kinds.add(row.run.failure.kind);
  if (row.failure && GUEST_TROUBLE.includes(row.failure)) kinds.add(row.failure);
  return [...kinds];
}

/**
 * The kernel style's promise, for every program it ports: the module re-parses with no syntax error
 * (the kernel's attribute macros blanked for the grammar), and porting it again in the kernel style
 * gives the same text with no error and no diagnostic the first port did not give.
 */
async function fixedPoint(program) {
  const options = { style: "kernel", kernel: kdir.release?.replace(/^(\d+\.\d+).*/, "$1") ?? "6.1" };
  const first = await translate(program.text, { ...options, fileName: program.fileName });
  if (!first.module) return undefined;
  const tree = (await loadC()).parse(grammarView(first.module));
  const syntax = syntaxDiagnostics(tree, new LineIndex(tree.rootNode.text));
  tree.delete();
  if (syntax.length > 0) return { ok: false, why: `does not re-parse: ${syntax[0].message}` };
  const again = await translate(first.module, { ...options, name: first.names.module });
  // A warning the first port gave too (a kept strcpy()) is the same finding again, not a change.
  const said = new Set(first.diagnostics.map((d) => `${d.code} ${d.message}`));
  const fresh = again.diagnostics.filter((d) => d.severity === "error" || !said.has(`${d.code} ${d.message}`));
  if (fresh.length > 0) return { ok: false, why: `ported again: ${fresh[0].code}: ${fresh[0].message}` };
  if (again.module !== first.module) return { ok: false, why: "ported again, it changes" };
  return { ok: true };
}
const fixedPoints = new Map();
const refused = new Set(report.rows.filter((r) => r.status === "refused").map((r) => r.name));
if (STYLE === "kernel") for (const p of programs) if (!refused.has(p.name)) fixedPoints.set(p.name, await fixedPoint(p));

const byId = new Map(entries.map((e) => [e.id, e]));
const rows = report.rows.map((r) => {
  const entry = byId.get(r.name);
  // An unportable program refused for one of its reasons is the right answer; one that ports and works is better.
  const success = r.works || (entry.class === "unportable" && r.status === "refused" && refusedRightly(entry, r));
  return {
    id: r.name,
    class: entry.class,
    status: r.status,
    success,
    ...(r.why ? { why: r.why } : {}),
    ...(r.refusal ? { code: r.refusal.code } : {}),
    ...(r.scenarios ? { scenarios: r.scenarios } : {}),
    ...(r.build ? { buildWarnings: r.build.warnings, buildErrors: r.build.errors } : {}),
    ...(r.failure ? { failure: r.failure } : {}),
    ...(!success ? { cause: corpusCause(r, entry) } : {}),
    ...(guestTrouble(r).length > 0 ? { guestTrouble: guestTrouble(r) } : {}),
    ...(fixedPoints.get(r.name) ? { fixedPoint: fixedPoints.get(r.name) } : {}),
    ms: Math.round(r.ms),
  };
});

const classes = {};
for (const c of ["portable", "unportable"]) {
  const mine = rows.filter((r) => r.class === c);
  const ways = {};
  for (const r of mine) {
    const way = r.status === "works" ? "works" : r.success ? "refused rightly" : r.status;
    ways[way] = (ways[way] ?? 0) + 1;
  }
  classes[c] = { total: mine.length, works: mine.filter((r) => r.status === "works").length, success: mine.filter((r) => r.success).length, ways };
}
const causeCounts = new Map();
for (const r of rows.filter((r) => !r.success)) causeCounts.set(r.cause, (causeCounts.get(r.cause) ?? 0) + 1);
const causes = [...causeCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([cause, programs]) => ({ cause, programs }));

// Every program that ports, by what its module did to the guest: 0 of each is the promise.
const ported = rows.filter((r) => r.status !== "refused" && r.status !== "error" && r.status !== "build-failed");
const guest = { programsThatPort: ported.length, ...Object.fromEntries(GUEST_TROUBLE.map((k) => [k, ported.filter((r) => r.guestTrouble?.includes(k)).length])) };
const checkedFixedPoints = [...fixedPoints.values()].filter(Boolean);
const fixedPointSummary = STYLE === "kernel" ? { ported: checkedFixedPoints.length, fixedPoints: checkedFixedPoints.filter((f) => f.ok).length, failures: rows.filter((r) => r.fixedPoint && !r.fixedPoint.ok).map((r) => `${r.id}: ${r.fixedPoint.why}`) } : undefined;

const median = (xs) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const scenarioCount = rows.reduce((n, r) => n + (r.scenarios?.total ?? 0), 0);
const guestMs = report.vm.moduleMs.reduce((a, b) => a + b, 0);
const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
})();
const results = {
  date: new Date().toISOString(),
  commit,
  style: STYLE,
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadAverage: { start: loadBefore, end: loadAfter } },
  settings: { jobs: JOBS, maxFailures: MAX_FAILURES, moduleTimeoutS: MODULE_TIMEOUT_S, quick: QUICK ?? null },
  wallSeconds: wallS,
  programs: rows.length,
  classes,
  causes,
  guest,
  ...(fixedPointSummary ? { fixedPoint: fixedPointSummary } : {}),
  vm: {
    accel: report.vm.accel,
    boots: report.vm.boots,
    reboots: report.vm.reboots,
    bootMsMedian: Math.round(median(report.vm.bootMs)),
    modules: report.vm.moduleMs.length,
    moduleMsMedian: Math.round(median(report.vm.moduleMs)),
    scenarios: scenarioCount,
    guestMsPerScenario: scenarioCount > 0 ? Math.round(guestMs / scenarioCount) : 0,
  },
  rows,
};
if (RESULTS) writeFileSync(RESULTS, `${JSON.stringify(results, null, 1)}\n`);

// The table for the README.
const pct = (n, d) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(0)}%`);
const out = [];
out.push(`corpus: ${rows.length} programs (${STYLE} style), ${wallS.toFixed(0)} s wall, -j ${JOBS}, load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end`);
out.push("");
out.push("| class | programs | works | success | how the rest end |");
out.push("| --- | ---: | ---: | ---: | --- |");
for (const [c, s] of Object.entries(classes)) {
  const rest = Object.entries(s.ways).filter(([w]) => w !== "works" && w !== "refused rightly").sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${n}`).join(", ");
  out.push(`| ${c} | ${s.total} | ${s.works} (${pct(s.works, s.total)}) | ${s.success} (${pct(s.success, s.total)}) | ${rest || "-"} |`);
}
out.push("");
out.push(`guest trouble over the ${guest.programsThatPort} programs that port (programs): ${GUEST_TROUBLE.map((k) => `${k} ${guest[k]}`).join(", ")}`);
for (const r of ported.filter((r) => r.guestTrouble)) out.push(`  ${r.id}: ${r.guestTrouble.join(", ")}: ${r.why ?? ""}`);
if (fixedPointSummary) {
  out.push(`kernel style: ${fixedPointSummary.fixedPoints} of ${fixedPointSummary.ported} ports re-parse and are a fixed point`);
  for (const f of fixedPointSummary.failures) out.push(`  ${f}`);
}
out.push("");
out.push("| causes, ranked by the programs each blocks | programs |");
out.push("| --- | ---: |");
for (const { cause, programs: n } of causes.slice(0, 15)) out.push(`| ${cause.replace(/\|/g, "\\|")} | ${n} |`);
out.push("");
out.push(
  `guest: ${report.vm.boots} boots (${report.vm.reboots} after a module took the guest down), ${report.vm.moduleMs.length} modules, ` +
    `median ${(median(report.vm.moduleMs) / 1000).toFixed(2)} s a module, ${(results.vm.guestMsPerScenario / 1000).toFixed(3)} s a scenario (load, log, unload), ${report.vm.accel}`,
);
console.log(out.join("\n"));
