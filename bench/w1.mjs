// W=1: every port built with the kernel's extra warnings, each warning compared with what gcc says of the original program under the same flags; the warnings only the port has are counted.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { translate } from "../dist/index.js";
import { findKernelDir } from "../dist/verify/kbuild.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
/**
 * --corpus: the corpus' portable programs instead of the fixtures; --style kernel; --w1: ported for a
 * W=1 build (translate()'s w1, the CLI's --w1); --only NAME,NAME; --quick N: the first N.
 */
const CORPUS = args.includes("--corpus");
const FOR_W1 = args.includes("--w1");
const STYLE = flag("--style") ?? "minimal";
const ONLY = flag("--only")?.split(",");
const QUICK = flag("--quick") !== undefined ? Number(flag("--quick")) : process.env.BENCH_QUICK ? 3 : undefined;
const RESULTS = flag("--results") ?? process.env.BENCH_RESULTS;
const JOBS = Number(flag("--jobs") ?? availableParallelism());

/**
 * The flags W=1 adds in 6.1 (scripts/Makefile.extrawarn), given to gcc on the original too: a
 * warning the program has under the same flags is the program's, not the port's.
 */
const W1_FLAGS = ["-Wextra", "-Wunused", "-Wno-unused-parameter", "-Wmissing-declarations", "-Wmissing-format-attribute", "-Wmissing-prototypes", "-Wold-style-definition", "-Wunused-but-set-variable", "-Wunused-const-variable", "-Wstringop-truncation", "-Wno-missing-field-initializers", "-Wno-sign-compare", "-Wno-type-limits", "-Wno-shift-negative-value"];

function programs() {
  if (CORPUS) {
    const dir = resolve(process.env.KERNELIZE_CORPUS ?? join(root, "..", "shared", "corpus"));
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    return manifest.filter((e) => e.class === "portable").map((e) => ({ name: e.id, text: readFileSync(join(dir, e.file), "utf8") }));
  }
  const fixtures = join(root, "tests", "fixtures");
  return readdirSync(fixtures)
    .sort()
    .filter((n) => existsSync(join(fixtures, n, "user.c")))
    .map((n) => ({ name: n, text: readFileSync(join(fixtures, n, "user.c"), "utf8") }));
}

/** A warning's identity across the two builds: its option and the first name it quotes (line numbers differ, and so may the wording around a name). */
function keyOf(message) {
  const option = /\[(-W[^\]]+)\]\s*$/.exec(message)?.[1] ?? message.replace(/\s+/g, " ").trim();
  const name = /[‘'"]([^’'"]+)[’'"]/.exec(message)?.[1];
  return name ? `${option} ${name}` : option;
}

function warningsIn(output, file) {
  const found = [];
  for (const line of output.split("\n")) {
    const m = /^(.*?):(\d+):(\d+): warning: (.*)$/.exec(line);
    if (m && m[1].endsWith(file)) found.push({ line: Number(m[2]), message: m[4] });
  }
  return found;
}

let list = programs();
if (ONLY) list = list.filter((p) => ONLY.includes(p.name));
if (QUICK !== undefined) list = list.slice(0, QUICK);

const kdir = await findKernelDir();
const kernel = kdir.release?.replace(/^(\d+\.\d+).*/, "$1") ?? "6.1";
const work = mkdtempSync(join(tmpdir(), "kernelize-w1-"));
const started = Date.now();
const loadBefore = loadavg()[0];
const rows = [];
const modules = [];
for (const [i, p] of list.entries()) {
  const module = `w1_${i}`;
  const row = { name: p.name, status: "ported" };
  rows.push(row);
  // The original under the same flags, as its own file name (gcc quotes it).
  const src = join(work, "orig", `${module}.c`);
  mkdirSync(dirname(src), { recursive: true });
  writeFileSync(src, p.text);
  const cc = spawnSync("gcc", ["-std=gnu11", "-fsyntax-only", "-fdiagnostics-plain-output", "-Wall", ...W1_FLAGS, src], { encoding: "utf8" });
  row.original = warningsIn(cc.stderr, `${module}.c`);
  let result;
  try {
    result = await translate(p.text, { name: module, fileName: `${module}.c`, style: STYLE, kernel, ...(FOR_W1 ? { w1: true } : {}) });
  } catch (e) {
    row.status = "error";
    row.why = String(e).slice(0, 200);
    continue;
  }
  if (!result.module) {
    row.status = "refused";
    row.why = result.diagnostics.find((d) => d.severity === "error")?.code;
    continue;
  }
  writeFileSync(join(work, `${module}.c`), result.module);
  modules.push(module);
  row.module = module;
}
writeFileSync(join(work, "Kbuild"), `obj-m += ${modules.map((m) => `${m}.o`).join(" ")}\n`);
// -k: a module that fails does not stop the others; its errors are counted with its warnings.
const make = spawnSync("make", ["-C", kdir.path, `M=${work}`, "W=1", "-k", `-j${JOBS}`, "modules"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const output = `${make.stdout}\n${make.stderr}`;

let introduced = 0;
for (const row of rows) {
  if (!row.module) continue;
  const port = warningsIn(output, `${row.module}.c`);
  row.errors = output.split("\n").filter((l) => l.includes(`${row.module}.c:`) && /: error:/.test(l)).length;
  const had = new Map();
  for (const w of row.original) had.set(keyOf(w.message), (had.get(keyOf(w.message)) ?? 0) + 1);
  row.portWarnings = port.length;
  row.introduced = [];
  for (const w of port) {
    const key = keyOf(w.message);
    const left = had.get(key) ?? 0;
    if (left > 0) had.set(key, left - 1);
    else row.introduced.push(`${w.line}: ${w.message}`);
  }
  introduced += row.introduced.length + row.errors;
  row.status = row.errors > 0 ? "build-failed" : row.introduced.length > 0 ? "introduced" : "clean";
  row.original = row.original.length;
}
const wallS = (Date.now() - started) / 1000;
const count = (s) => rows.filter((r) => r.status === s).length;
const results = {
  date: new Date().toISOString(),
  set: CORPUS ? "corpus (portable)" : "fixtures",
  style: STYLE,
  portedForW1: FOR_W1,
  kernel: kdir.release,
  loadAverage: { start: loadBefore, end: loadavg()[0] },
  wallSeconds: wallS,
  programs: rows.length,
  built: modules.length,
  clean: count("clean"),
  withIntroduced: count("introduced"),
  buildFailed: count("build-failed"),
  refused: count("refused"),
  introducedWarnings: introduced,
  originalWarnings: rows.reduce((n, r) => n + (typeof r.original === "number" ? r.original : r.original?.length ?? 0), 0),
  rows,
};
if (RESULTS) writeFileSync(RESULTS, `${JSON.stringify(results, null, 1)}\n`);
rmSync(work, { recursive: true, force: true });

console.log(
  `W=1 (${results.set}, ${STYLE} style${FOR_W1 ? ", ported for W=1" : ""}, ${kdir.release}): ${rows.length} programs, ${modules.length} built, ${results.clean} with no warning the original lacks, ${results.withIntroduced} with some, ${results.buildFailed} failed, ${results.refused} refused; ` +
    `${introduced} port-introduced warnings (the originals have ${results.originalWarnings} under the same flags); ${wallS.toFixed(0)} s, load ${loadBefore.toFixed(1)}`,
);
for (const r of rows.filter((r) => r.status === "introduced" || r.status === "build-failed" || r.status === "error")) {
  console.log(`  ${r.name}: ${r.status}`);
  for (const w of r.introduced ?? []) console.log(`    ${w}`);
}
process.exit(introduced === 0 && count("error") === 0 ? 0 : 1);
