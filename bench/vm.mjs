// The kernelize run benchmark: `kernelize run` on the seed vs a bare boot-to-poweroff of the same kernel, same QEMU line,
// with an initramfs holding only an init that powers off; then, in the same run, `kernelize check` on the seed
// (4 scenarios, one boot) against the same bare boot. Both commands start QEMU before porting and building.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(root, "dist/cli/kernelize.mjs");
// Relative to the repository, as a user types it; the children run with the repository as cwd.
const SEED_ARG = "../shared/seed/user_code.c";
/** BENCH_QUICK=1: one run of each, to show the benchmark still works (tests/bench); BENCH_RESULTS: where the figures go. */
const QUICK = process.env.BENCH_QUICK === "1";
const RESULTS = process.env.BENCH_RESULTS ?? join(root, "bench/vm-results.json");

const RUNS = Number(process.env.BENCH_VM_RUNS ?? (QUICK ? 1 : 7));
const TARGET_RATIO = 1.3;
const TARGET_WALL_S = 6;
const CHECK_RUNS = Number(process.env.BENCH_VM_CHECK_RUNS ?? RUNS);
const CHECK_TARGET_RATIO = 1.5;
/** The seed allocates three times: success and three allocation failures. */
const CHECK_SCENARIOS = 4;
/** Batches: this many programs in one boot against one, BATCH_RUNS times; each module beyond the first should cost the guest at most 0.3 s. */
const BATCH_SIZE = 10;
const BATCH_RUNS = Number(process.env.BENCH_VM_BATCH_RUNS ?? (QUICK ? 1 : 3));
const TARGET_EXTRA_MODULE_S = 0.3;
/** A run or boot that takes longer than this is stuck: the benchmark is then invalid. */
const CHILD_TIMEOUT_MS = 90_000;

if (![CLI, ...["vm.js", "kernel.js", "kbuild.js", "exec.js"].map((f) => join(root, "dist/verify", f))].every((f) => existsSync(f))) {
  console.error("bench/vm.mjs: dist/ is missing or incomplete; run `npm run build` (or `npm run bench:vm`)");
  process.exit(1);
}
// The same functions kernelize uses to pick the kernel, its boot file and the accelerator.
const { chooseAccelerator } = await import(join(root, "dist/verify/vm.js"));
const { findGuestKernel, prepareKernel } = await import(join(root, "dist/verify/kernel.js"));
const { findKernelDir } = await import(join(root, "dist/verify/kbuild.js"));
const { which } = await import(join(root, "dist/verify/exec.js"));
if (!Number.isInteger(CHECK_RUNS) || CHECK_RUNS < (QUICK ? 1 : 5)) {
  console.error(`bench/vm.mjs: BENCH_VM_CHECK_RUNS must be an integer >= 5 (got ${process.env.BENCH_VM_CHECK_RUNS ?? CHECK_RUNS})`);
  process.exit(1);
}

const ms = (ns) => Number(ns) / 1e6;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const min = (xs) => Math.min(...xs);
const stats = (xs) => ({ median: median(xs), min: min(xs), max: Math.max(...xs), samples: xs });
const fmtS = (x) => `${(x / 1000).toFixed(2)} s`;
const fmtRatio = (x) => `${x.toFixed(2)}x`;
const load = () => loadavg().map((x) => Number(x.toFixed(2)));

const work = mkdtempSync(join(tmpdir(), "kernelize-bench-vm-"));
// A cache of its own: the first run is then really the first (unpack, initramfs base, accelerator
// probe), and the user's cache is neither used nor disturbed.
const xdgCache = join(work, "cache");
const cacheDir = join(xdgCache, "kernelize");
const env = { ...process.env, XDG_CACHE_HOME: xdgCache, NO_COLOR: "1" };

const results = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: `${cpus()[0]?.model ?? "unknown"} x${cpus().length}`,
  qemu: undefined,
  kernel: undefined,
  accel: undefined,
  command: `node dist/cli/kernelize.mjs run ${SEED_ARG}`,
  bareBoot: undefined,
  runs: RUNS,
  loadAverage: { start: load(), end: undefined },
  firstRunMs: undefined,
  kernelizeMs: undefined,
  /** QEMU's start to exit as kernelize prints it (0.1 s steps): QEMU starts before the port and the build. */
  kernelizeQemuMs: undefined,
  /** Of that, the booted guest waiting for its module (the build still running), as kernelize prints it. */
  kernelizeWaitMs: undefined,
  outsideQemuMs: undefined,
  bareBootMs: undefined,
  ratioMedian: undefined,
  ratioMin: undefined,
  targets: {},
  /** Output of runs that exited 0 with load and unload ok but without the module's two log lines. */
  incompleteLogs: [],
  /** `kernelize check` on the seed against bare boots interleaved with it (same kernel, same QEMU line). */
  check: {
    command: `node dist/cli/kernelize.mjs check ${SEED_ARG}`,
    runs: CHECK_RUNS,
    scenarios: CHECK_SCENARIOS,
    warmUpMs: undefined,
    checkMs: undefined,
    /** "one boot 2.3 s" as check prints it: QEMU's start to exit for all module scenarios, 0.1 s steps. */
    oneBootMs: undefined,
    /** Of the one boot, the guest waiting for the test build and the program's count run. */
    waitMs: undefined,
    outsideBootMs: undefined,
    bareBootMs: undefined,
    ratioMedian: undefined,
    ratioMin: undefined,
    oneBootRatioMedian: undefined,
    loadAverage: { start: undefined, end: undefined },
  },
  batch: {
    command: `kernelize run DIR --format json, DIR holding 1 or ${BATCH_SIZE} copies of the seed`,
    runs: BATCH_RUNS,
    target: { extraModuleGuestS: TARGET_EXTRA_MODULE_S },
    oneMs: undefined,
    manyMs: undefined,
    guestModuleMs: undefined,
    extraModuleWallMs: undefined,
    loadAverage: { start: undefined, end: undefined },
  },
};
let broken = false;

try {
  await measure();
} catch (e) {
  broken = true;
  console.error(`\nBENCHMARK INVALID: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (!broken) {
  results.loadAverage.end ??= load();
  report();
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS}`);
}
// Missed targets are reported, not failed; only a benchmark that measured the wrong thing fails.
process.exitCode = broken ? 1 : 0;

async function measure() {
  const qemu = await which("qemu-system-x86_64");
  if (!qemu) throw new Error("qemu-system-x86_64 is not installed (kernelize doctor)");
  results.qemu = spawnSync(qemu, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];

  // 1. The first run, on an empty cache.
  console.log(`kernelize run: ${results.command} (cache in a temporary directory)`);
  const first = await kernelizeRun();
  results.firstRunMs = first.ms;
  console.log(`  first run: ${fmtS(first.ms)} (${first.accel}${first.pvh ? ", PVH" : ""}, QEMU ${first.qemuS.toFixed(1)} s as kernelize reports it)`);

  // 2. A warm-up run with QEMU behind a recording wrapper, so the bare boot gets kernelize's exact command line.
  const recorded = await recordQemuLine(qemu);
  const bare = await bareBootSetup(qemu, recorded);
  results.kernel = bare.kernel;
  results.accel = bare.accel;
  results.bareBoot = { initramfs: "only /init, a static C program that calls reboot(RB_POWER_OFF) at once", qemuArgs: bare.displayArgs };
  console.log(`bare boot: ${bare.kernel.release}, ${bare.kernel.pvh ? "unpacked vmlinux via PVH" : "bzImage"}, -accel ${bare.accel}, empty initramfs`);
  console.log(`  qemu-system-x86_64 ${bare.displayArgs.join(" ")}`);
  await bareBoot(bare); // warm-up: page cache, QEMU's own start

  // 3. Interleaved, so that a busy moment on the machine hits both sides alike.
  const kz = [];
  const kzQemu = [];
  const kzWait = [];
  const bareMs = [];
  for (let i = 0; i < RUNS; i++) {
    bareMs.push(await bareBoot(bare));
    const r = await kernelizeRun();
    if (r.accel !== bare.accel || r.pvh !== bare.kernel.pvh) {
      throw new Error(`kernelize ran with ${r.accel}${r.pvh ? ", PVH" : ""} but the bare boot uses ${bare.accel}${bare.kernel.pvh ? ", PVH" : ""}`);
    }
    kz.push(r.ms);
    kzQemu.push(r.qemuS * 1000);
    kzWait.push(r.waitS * 1000);
    console.log(`  run ${i + 1}/${RUNS}: bare boot ${fmtS(bareMs.at(-1))}, kernelize run ${fmtS(r.ms)} (QEMU ${r.qemuS.toFixed(1)} s, ${r.waitS.toFixed(1)} s of it waiting for the module)`);
  }
  results.kernelizeMs = stats(kz);
  results.kernelizeQemuMs = stats(kzQemu);
  results.kernelizeWaitMs = stats(kzWait);
  results.outsideQemuMs = stats(kz.map((x, i) => x - kzQemu[i]));
  results.bareBootMs = stats(bareMs);
  results.ratioMedian = median(kz) / median(bareMs);
  results.ratioMin = min(kz) / min(bareMs);

  results.loadAverage.end = load(); // the end of the `kernelize run` part, as before check was added

  // 4. `kernelize check`: a warm-up (its test build and program runs on this cache), then interleaved pairs again.
  const c = results.check;
  c.loadAverage.start = load();
  console.log(`kernelize check: ${c.command}`);
  const warm = await kernelizeCheck();
  if (warm.accel !== bare.accel) throw new Error(`kernelize check booted with ${warm.accel} but the bare boot uses ${bare.accel}`);
  c.warmUpMs = warm.ms;
  console.log(`  warm-up: ${fmtS(warm.ms)} (one boot ${warm.bootS.toFixed(1)} s)`);
  const ck = [];
  const ckBoot = [];
  const ckWait = [];
  const ckBare = [];
  for (let i = 0; i < CHECK_RUNS; i++) {
    ckBare.push(await bareBoot(bare));
    const r = await kernelizeCheck();
    if (r.accel !== bare.accel) throw new Error(`kernelize check booted with ${r.accel} but the bare boot uses ${bare.accel}`);
    ck.push(r.ms);
    ckBoot.push(r.bootS * 1000);
    ckWait.push(r.waitS * 1000);
    console.log(`  run ${i + 1}/${CHECK_RUNS}: bare boot ${fmtS(ckBare.at(-1))}, kernelize check ${fmtS(r.ms)} (one boot ${r.bootS.toFixed(1)} s, ${r.waitS.toFixed(1)} s of it waiting for the module)`);
  }
  c.loadAverage.end = load();
  c.checkMs = stats(ck);
  c.oneBootMs = stats(ckBoot);
  c.waitMs = stats(ckWait);
  c.outsideBootMs = stats(ck.map((x, i) => x - ckBoot[i]));
  c.bareBootMs = stats(ckBare);
  c.ratioMedian = median(ck) / median(ckBare);
  c.ratioMin = min(ck) / min(ckBare);
  c.oneBootRatioMedian = median(ckBoot) / median(ckBare);

  // 5. Batches: `kernelize run DIR` on one copy of the seed and on BATCH_SIZE copies, interleaved.
  // What each module beyond the first costs: the wall time's slope, and the guest's own time per module.
  const b = results.batch;
  b.loadAverage.start = load();
  const one = seedCopies(1);
  const many = seedCopies(BATCH_SIZE);
  console.log(`kernelize run DIR: ${BATCH_SIZE} copies of the seed in one boot against one copy`);
  const oneMs = [];
  const manyMs = [];
  const guestMs = [];
  for (let i = 0; i < BATCH_RUNS; i++) {
    oneMs.push((await kernelizeBatch(one, 1)).ms);
    const r = await kernelizeBatch(many, BATCH_SIZE);
    manyMs.push(r.ms);
    guestMs.push(...r.moduleMs);
    console.log(`  run ${i + 1}/${BATCH_RUNS}: 1 program ${fmtS(oneMs.at(-1))}, ${BATCH_SIZE} programs ${fmtS(r.ms)} (${r.boots} boot), guest ${fmtS(median(r.moduleMs))} a module`);
  }
  b.loadAverage.end = load();
  b.oneMs = stats(oneMs);
  b.manyMs = stats(manyMs);
  b.guestModuleMs = stats(guestMs);
  b.extraModuleWallMs = (median(manyMs) - median(oneMs)) / (BATCH_SIZE - 1);
}

/** A directory holding `n` copies of the seed under different names: a batch of n programs. */
function seedCopies(n) {
  const dir = join(work, `batch-${n}`);
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(join(root, SEED_ARG), "utf8");
  for (let i = 1; i <= n; i++) writeFileSync(join(dir, `seed_${String(i).padStart(2, "0")}.c`), text);
  return dir;
}

/** Wall time of `kernelize run DIR --format json`; valid only when every program works in one boot. */
async function kernelizeBatch(dir, n) {
  const start = process.hrtime.bigint();
  const r = await run(process.execPath, [CLI, "run", dir, "--format", "json"], { cwd: root, env });
  const elapsed = ms(process.hrtime.bigint() - start);
  if (r.code !== 0) throw new Error(`kernelize run ${dir} exited ${r.code ?? r.signal}:\n${r.stdout}${r.stderr}`);
  const report = JSON.parse(r.stdout);
  if (report.works !== n || report.vm.boots !== 1) throw new Error(`kernelize run ${dir}: ${report.works} of ${n} worked in ${report.vm.boots} boots`);
  return { ms: elapsed, moduleMs: report.vm.moduleMs, boots: report.vm.boots };
}

/**
 * Wall time of a fresh `kernelize check` on the seed. Valid only when it exits 0 and reports
 * CHECK_SCENARIOS scenarios, every one MATCH, and the one boot they ran in.
 */
async function kernelizeCheck() {
  const start = process.hrtime.bigint();
  const r = await run(process.execPath, [CLI, "check", SEED_ARG], { cwd: root, env });
  const elapsed = ms(process.hrtime.bigint() - start);
  const out = r.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const fail = (why) => new Error(`${results.check.command}: ${why} (exit ${r.code ?? r.signal}${r.timedOut ? ", timed out" : ""}):\n${out}${r.stderr}`);
  if (r.code !== 0) throw fail("did not exit 0");
  // `user_code.c against its port example.ko: 4 scenarios (success and 3 allocation failures)`
  const head = /^\S+ against its port \S+\.ko: (\d+) scenarios /m.exec(out);
  if (!head || Number(head[1]) !== CHECK_SCENARIOS) throw fail(`expected ${CHECK_SCENARIOS} scenarios`);
  const rows = out.split("\n").filter((l) => /^(success|fail #\d+)\s/.test(l));
  if (rows.length !== CHECK_SCENARIOS || !rows.every((l) => /\sMATCH$/.test(l))) throw fail(`expected ${CHECK_SCENARIOS} rows, all MATCH`);
  // `all 4 scenarios match, nothing leaked, one boot 2.3 s (tcg, 0.4 s of it waiting for the module)`
  const tail = /^all (\d+) scenarios match, nothing leaked, one boot ([\d.]+) s \((kvm|tcg)(?:, ([\d.]+) s of it waiting for the module)?\)$/m.exec(out);
  if (!tail || Number(tail[1]) !== CHECK_SCENARIOS) throw fail("cannot read the summary line (all scenarios match, one boot)");
  return { ms: elapsed, bootS: Number(tail[2]), accel: tail[3], waitS: Number(tail[4] ?? 0) };
}

/**
 * Wall time of the whole command, in a fresh process: node, port, Kbuild, boot, load, unload, log,
 * power-off. Fails the benchmark unless the module loaded and unloaded and printed hello and goodbye.
 */
async function kernelizeRun(extraEnv = {}) {
  const start = process.hrtime.bigint();
  const r = await run(process.execPath, [CLI, "run", SEED_ARG], { cwd: root, env: { ...env, ...extraEnv } });
  const elapsed = ms(process.hrtime.bigint() - start);
  const out = r.stdout.replace(/\x1b\[[0-9;]*m/g, "");
  const ok = r.code === 0 && /^load: +ok$/m.test(out) && /^unload: +ok$/m.test(out);
  if (!ok) throw new Error(`${results.command} exited ${r.code ?? r.signal}${r.timedOut ? " (timed out)" : ""}:\n${out}${r.stderr}`);
  // The module loaded and unloaded, so the run did all its work; a log without both lines is
  // kernelize losing the end of the guest's report, which is counted and shown, not hidden.
  const logComplete = /^<6>hello$/m.test(out) && /^<6>goodbye$/m.test(out);
  if (!logComplete) {
    results.incompleteLogs.push(out);
    console.log(`  WARNING: exit 0, load and unload ok, but the log lacks <6>hello and <6>goodbye:\n${out.replace(/^/gm, "    | ")}`);
  }
  // `example on 6.1.0-56-amd64 (tcg, PVH, 1.7 s, 0.3 s of it waiting for the module)`: the
  // accelerator, QEMU's start to exit, and how long the booted guest waited for the build (if at all).
  const head = /^\S+ on (\S+) \((kvm|tcg)(, PVH)?, ([\d.]+) s(?:, ([\d.]+) s of it waiting for the module)?\)$/m.exec(out);
  if (!head) throw new Error(`cannot read the run's summary line:\n${out}`);
  return { ms: elapsed, release: head[1], accel: head[2], pvh: Boolean(head[3]), qemuS: Number(head[4]), waitS: Number(head[5] ?? 0), logComplete };
}

/** One `kernelize run` with a wrapper first on PATH that records QEMU's argv, then execs the real QEMU. */
async function recordQemuLine(qemu) {
  const shim = join(work, "shim");
  const log = join(work, "qemu-argv");
  mkdirSync(shim);
  mkdirSync(log);
  const wrapper = join(shim, "qemu-system-x86_64");
  writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\0' "$@" > '${log}'/$$\nexec '${qemu}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  const r = await kernelizeRun({ PATH: `${shim}${delimiter}${process.env.PATH ?? ""}` });
  // The accelerator is known from the first run, so the only QEMU started is the run's own boot.
  const lines = readdirSync(log).map((f) => readFileSync(join(log, f), "utf8").split("\0").slice(0, -1));
  const line = lines.find((args) => args.includes("-initrd"));
  if (!line) throw new Error("the recording wrapper did not see kernelize start QEMU with an initramfs");
  return { args: line, run: r };
}

/**
 * The bare boot's command: kernelize's recorded QEMU line with only the initramfs and the report
 * socket's path swapped. Kernel file and accelerator are checked against what src/verify's own
 * functions choose (findKernelDir, findGuestKernel, prepareKernel, chooseAccelerator).
 */
async function bareBootSetup(qemu, recorded) {
  const kdir = await findKernelDir(undefined, {});
  const guest = await findGuestKernel(undefined, kdir.release ? { release: kdir.release } : {});
  const prepared = await prepareKernel(guest, { cacheDir });
  const accel = await chooseAccelerator(qemu, prepared, { cacheDir });
  const args = [...recorded.args];
  const value = (flag) => {
    const at = args.indexOf(flag);
    if (at < 0 || at + 1 >= args.length) throw new Error(`kernelize's QEMU line has no ${flag}: ${args.join(" ")}`);
    return at + 1;
  };
  if (args[value("-kernel")] !== prepared.bootPath) {
    throw new Error(`kernelize booted ${args[value("-kernel")]} but prepareKernel() gives ${prepared.bootPath}`);
  }
  if (args[value("-accel")] !== accel) throw new Error(`kernelize used -accel ${args[value("-accel")]} but chooseAccelerator() gives ${accel}`);

  const initrd = join(work, "empty-initramfs.cpio");
  writeFileSync(initrd, await emptyInitramfs());
  args[value("-initrd")] = initrd;
  const socketPath = join(work, "kz.sock");
  const chardev = value("-chardev");
  if (!/^socket,id=kz,path=/.test(args[chardev])) throw new Error(`unexpected -chardev ${args[chardev]}`);
  args[chardev] = `socket,id=kz,path=${socketPath}`;
  // The memory the guest writes its logs into: the run's file is gone with its directory.
  const shared = value("-object");
  if (!/^memory-backend-file,id=kzlog,mem-path=/.test(args[shared])) throw new Error(`unexpected -object ${args[shared]}`);
  args[shared] = args[shared].replace(/mem-path=[^,]*/, `mem-path=${join(work, "kz-log.mem")}`);
  const displayArgs = args.map((a) => a.replaceAll(work, "$TMP"));
  return {
    qemu,
    args,
    socketPath,
    displayArgs,
    accel,
    kernel: { path: prepared.path, release: prepared.release, bootPath: prepared.bootPath.replaceAll(work, "$TMP"), pvh: prepared.pvh },
  };
}

/**
 * An initramfs with nothing but an /init that powers off at once: a static C program making one
 * reboot(RB_POWER_OFF) call, as kernelize's own init is a static C program. An uncompressed newc
 * archive like kernelize's.
 */
async function emptyInitramfs() {
  const gcc = await which("gcc");
  if (!gcc) throw new Error("gcc is not installed");
  const cpio = await which("cpio");
  if (!cpio) throw new Error("cpio is not installed");
  const tree = join(work, "empty-root");
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(work, "poweroff.c"), "#include <sys/reboot.h>\n#include <unistd.h>\nint main(void)\n{\n\treboot(RB_POWER_OFF);\n\treturn 1;\n}\n");
  const cc = spawnSync(gcc, ["-static", "-Os", "-s", "-o", join(tree, "init"), join(work, "poweroff.c")], { encoding: "utf8" });
  if (cc.status !== 0) throw new Error(`compiling the bare boot's init failed: ${cc.stderr}`);
  if (!isStaticElf(readFileSync(join(tree, "init")))) throw new Error("the bare boot's init is not statically linked");
  const r = spawnSync(cpio, ["--quiet", "-o", "-H", "newc", "-R", "0:0"], { cwd: tree, input: ".\ninit\n", maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`cpio failed: ${r.stderr}`);
  return r.stdout;
}

/** A 64-bit little-endian ELF executable with no program interpreter (PT_INTERP): it needs no dynamic loader. */
export function isStaticElf(bytes) {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46 || bytes[4] !== 2 || bytes[5] !== 1) return false;
  const phoff = Number(bytes.readBigUInt64LE(32));
  const phentsize = bytes.readUInt16LE(54);
  const phnum = bytes.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return false;
    if (bytes.readUInt32LE(at) === 3) return false;
  }
  return true;
}

/**
 * QEMU's start to its exit, as runModule() times its own boot. The report socket is listened on as
 * kernelize does (QEMU connects to it at start); the guest must reach init and power off cleanly.
 */
async function bareBoot(bare) {
  rmSync(bare.socketPath, { force: true });
  const server = createServer((socket) => socket.resume());
  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(bare.socketPath, resolveListen);
  });
  try {
    const start = process.hrtime.bigint();
    const r = await run(bare.qemu, bare.args, { env: process.env });
    const elapsed = ms(process.hrtime.bigint() - start);
    // poweroff -f ends in kernel_power_off(), which prints at KERN_EMERG even on a quiet console.
    if (r.code !== 0 || !/reboot: Power down/.test(r.stdout) || /Kernel panic/.test(r.stdout)) {
      throw new Error(`the bare boot did not power off cleanly (exit ${r.code ?? r.signal}${r.timedOut ? ", timed out" : ""}):\n${r.stdout.slice(-3000)}${r.stderr}`);
    }
    return elapsed;
  } finally {
    server.close();
  }
}

function run(command, args, { cwd, env: childEnv }) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, CHILD_TIMEOUT_MS);
    child.stdout.setEncoding("utf8").on("data", (c) => out.push(c));
    child.stderr.setEncoding("utf8").on("data", (c) => err.push(c));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, timedOut, stdout: out.join(""), stderr: err.join("") });
    });
  });
}

/** A Markdown table, the first row its head, each column as wide as its widest cell. */
function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

function report() {
  const k = results.kernelizeMs;
  const b = results.bareBootMs;
  const q = results.kernelizeQemuMs;
  const o = results.outsideQemuMs;
  const w = results.kernelizeWaitMs;
  const active = median(q.samples.map((x, i) => x - w.samples[i]));
  const ratioMet = results.ratioMedian <= TARGET_RATIO;
  const wallMet = k.median <= TARGET_WALL_S * 1000;
  results.targets = {
    ratio: { target: `<= ${TARGET_RATIO}x bare boot (median)`, ratio: results.ratioMedian, met: ratioMet },
    wall: { target: `<= ${TARGET_WALL_S} s wall (median)`, seconds: k.median / 1000, met: wallMet },
  };
  const yes = (met) => (met ? "yes" : "**no**");
  const bareCell = (x) => `${fmtS(x)} (bare boot)`;
  const n = results.runs;
  const rows = [
    ["measurement", "kernelize", "baseline", "ratio", "target", "met?"],
    [`\`kernelize run\` on the seed, whole command, median of ${n}`, fmtS(k.median), bareCell(b.median), fmtRatio(results.ratioMedian), `<= ${TARGET_RATIO}x`, yes(ratioMet)],
    [`the same: port, build, boot, load and log together, wall`, fmtS(k.median), "-", "-", `<= ${TARGET_WALL_S} s`, yes(wallMet)],
    [`\`kernelize run\`, min of ${n}`, fmtS(k.min), bareCell(b.min), fmtRatio(results.ratioMin), "-", "-"],
    [`its QEMU part (start to exit, as kernelize prints it, 0.1 s steps), median`, fmtS(q.median), bareCell(b.median), fmtRatio(q.median / b.median), "-", "-"],
    [`of which the booted guest waited for the module (port and Kbuild still running), median`, fmtS(w.median), "-", "-", "-", "-"],
    [`the QEMU part less that wait (boot, receive, load, unload, log, power-off), median`, fmtS(active), bareCell(b.median), fmtRatio(active / b.median), "-", "-"],
    [`outside QEMU (node and setup before QEMU starts, output after it exits), median`, fmtS(o.median), "-", "-", "-", "-"],
    ["first run (empty cache: unpack vmlinux, initramfs base, accelerator probe)", fmtS(results.firstRunMs), bareCell(b.median), fmtRatio(results.firstRunMs / b.median), "-", "-"],
  ];
  console.log("");
  printTable(rows);
  console.log("");
  console.log(`${results.node}, ${results.platform}, ${results.cpu}; ${results.qemu}; ${results.kernel.release}, -accel ${results.accel}${results.kernel.pvh ? ", PVH" : ""}`);
  console.log(`load average at start ${results.loadAverage.start.join(" ")}, at end ${results.loadAverage.end.join(" ")}`);
  const bad = results.incompleteLogs.length;
  console.log(`kernelize runs whose log lacked hello/goodbye (exit 0, load and unload ok): ${bad} of ${results.runs + 2}`);
  console.log(`ratio target (<= ${TARGET_RATIO}x bare boot): ${ratioMet ? "MET" : "MISSED"} (${fmtRatio(results.ratioMedian)})`);
  console.log(`wall target (<= ${TARGET_WALL_S} s): ${wallMet ? "MET" : "MISSED"} (${fmtS(k.median)})`);

  const c = results.check;
  const checkMet = c.ratioMedian <= CHECK_TARGET_RATIO;
  results.targets.checkRatio = { target: `<= ${CHECK_TARGET_RATIO}x bare boot (median)`, ratio: c.ratioMedian, met: checkMet };
  const cn = c.runs;
  const checkActive = median(c.oneBootMs.samples.map((x, i) => x - c.waitMs.samples[i]));
  const checkRows = [
    ["measurement", "kernelize", "baseline", "ratio", "target", "met?"],
    [`\`kernelize check\` on the seed (${CHECK_SCENARIOS} scenarios, all MATCH), whole command, median of ${cn}`, fmtS(c.checkMs.median), bareCell(c.bareBootMs.median), fmtRatio(c.ratioMedian), `<= ${CHECK_TARGET_RATIO}x`, yes(checkMet)],
    [`\`kernelize check\`, min of ${cn}`, fmtS(c.checkMs.min), bareCell(c.bareBootMs.min), fmtRatio(c.ratioMin), "-", "-"],
    [`its one boot (all module scenarios, as check prints it, 0.1 s steps), median`, fmtS(c.oneBootMs.median), bareCell(c.bareBootMs.median), fmtRatio(c.oneBootRatioMedian), "-", "-"],
    [`of which the booted guest waited for the module (test build, program's count run), median`, fmtS(c.waitMs.median), "-", "-", "-", "-"],
    [`the boot less that wait (boot, receive, ${CHECK_SCENARIOS} scenarios, power-off), median`, fmtS(checkActive), bareCell(c.bareBootMs.median), fmtRatio(checkActive / c.bareBootMs.median), "-", "-"],
    [`outside the boot (node and setup before QEMU starts, the last valgrind runs and the report after it exits), median`, fmtS(c.outsideBootMs.median), "-", "-", "-", "-"],
    ["warm-up check (first on this cache)", fmtS(c.warmUpMs), "-", "-", "-", "-"],
  ];
  console.log("");
  printTable(checkRows);
  console.log("");
  console.log(`check: load average at start ${c.loadAverage.start.join(" ")}, at end ${c.loadAverage.end.join(" ")}`);
  console.log(`check: one boot ${(c.oneBootMs.median / 1000).toFixed(1)} s (median, as check prints it)`);
  console.log(`check ratio target (<= ${CHECK_TARGET_RATIO}x bare boot): ${checkMet ? "MET" : "MISSED"} (${fmtRatio(c.ratioMedian)})`);

  const bt = results.batch;
  const batchMet = bt.guestModuleMs.median <= TARGET_EXTRA_MODULE_S * 1000;
  results.targets.extraModule = { target: `<= ${TARGET_EXTRA_MODULE_S} s of guest time for each module in a batch boot (median)`, seconds: bt.guestModuleMs.median / 1000, met: batchMet };
  const batchRows = [
    ["measurement", "kernelize", "target", "met?"],
    [`\`kernelize run DIR\`, 1 program, median of ${bt.runs}`, fmtS(bt.oneMs.median), "-", "-"],
    [`\`kernelize run DIR\`, ${BATCH_SIZE} programs in one boot, median of ${bt.runs}`, fmtS(bt.manyMs.median), "-", "-"],
    [`guest time for each module (send, load, log, unload, report), median of ${bt.guestModuleMs.samples.length}`, fmtS(bt.guestModuleMs.median), `<= ${TARGET_EXTRA_MODULE_S} s`, yes(batchMet)],
    [`wall time for each program beyond the first (port and Kbuild included, -j cores)`, fmtS(bt.extraModuleWallMs), "-", "-"],
  ];
  console.log("");
  printTable(batchRows);
  console.log("");
  console.log(`batch: load average at start ${bt.loadAverage.start.join(" ")}, at end ${bt.loadAverage.end.join(" ")}`);
  console.log(`batch target (<= ${TARGET_EXTRA_MODULE_S} s of guest time a module): ${batchMet ? "MET" : "MISSED"} (${fmtS(bt.guestModuleMs.median)})`);
}
