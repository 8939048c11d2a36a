// Modules run in a real kernel under QEMU: clean load and unload, a failing init, an oops, a hang; and the report parsing behind them.
import { copyFileSync, mkdtempSync, readdirSync, utimesSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { buildModule, findKernelDir } from "../../src/verify/kbuild.js";
import { findGuestKernel, hasPvhNote, kernelRelease, prepareKernel } from "../../src/verify/kernel.js";
import { crc32, modulePayload } from "../../src/verify/initramfs.js";
import { MissingPartError, VerifyInputError } from "../../src/verify/parts.js";
import { attributeLog, formatParams, interpretRun, type RunResult, runModule, startVm } from "../../src/verify/vm.js";
import { itNeeds, missingParts, runParts } from "../helpers/parts.js";
import { TEST_MODULES } from "../helpers/test-modules.js";
import { seedDir } from "../helpers/paths.js";

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-vm-test-"));

describe("formatParams", () => {
  it("joins NAME=VALUE pairs and quotes values with blanks the way parse_args() reads them", () => {
    expect(formatParams(["count=3", "who=two words", "verbose", "empty="])).toBe('count=3 who="two words" verbose empty=""');
  });
  it("refuses what the kernel's parser cannot take", () => {
    expect(() => formatParams(['who=say "hi"'])).toThrow(VerifyInputError);
    expect(() => formatParams(["=3"])).toThrow(VerifyInputError);
  });
});

describe("attributeLog", () => {
  // Shapes as the guest sends them: /dev/kmsg records from just before the load on, and the printk
  // trace, which holds every task's events but the loader's (the guest filters kzload out).
  const records = [
    "6,880,1253000,-;late: printed before the load",
    "12,881,1254000,-;KZ:LOAD-BEGIN",
    "4,882,1254100,-;demo: loading out-of-tree module taints kernel.",
    "6,883,1254200,-;tsc: Refined TSC clocksource calibration: 2596.093 MHz",
    "6,884,1254300,-;hello",
    "6,885,1254400,c;part one and two",
    "12,886,1254500,-;KZ:LOAD-END",
    "6,887,1260000,-;clocksource: Switched to clocksource tsc",
    "12,888,1270000,-;KZ:UNLOAD-BEGIN",
    "4,889,1270100,-;goodbye",
    "12,890,1270200,-;KZ:UNLOAD-END",
  ];
  const trace = [
    "    kworker/0:2-47      [000] d....     1.252900: console: late: printed before the load",
    "    kworker/0:2-47      [000] d....     1.254150: console: tsc: Refined TSC clocksource calibration: 2596.093 MHz",
    "    kworker/0:2-47      [000] d....     1.259950: console: clocksource: Switched to clocksource tsc",
  ];
  const loaders = { load: { pid: 85 }, unload: { pid: 89 } };

  it("keeps the lines the loading and unloading tasks printed, and sets aside taint notices and other tasks' lines", () => {
    const { log, otherLog } = attributeLog(records, { trace, ...loaders });
    expect(log.map((l) => [l.stage, `<${l.level}>${l.text}`, l.task, l.time])).toEqual([
      ["load", "<6>hello", "kzload-85", 1.2543],
      ["load", "<6>part one and two", "kzload-85", 1.2544],
      ["unload", "<4>goodbye", "kzload-89", 1.2701],
    ]);
    expect(otherLog.map((l) => [l.text.slice(0, 5), l.task])).toEqual([
      ["demo:", "kzload-85"],
      ["tsc: ", "kworker/0:2-47"],
      ["clock", "kworker/0:2-47"],
    ]);
  });

  it("joins another task's KERN_CONT pieces into its record, and passes over events no record took", () => {
    const window = ["12,1,1,-;KZ:LOAD-BEGIN", "6,2,2,c;other one and two", "6,3,3,-;mine", "12,4,4,-;KZ:LOAD-END"];
    const pieces = [
      "   swapper/0-1      [000] d....     0.500000: console: printed before the capture began",
      "   kworker/0:1-9    [000] d....     0.900000: console: other one",
      "   kworker/0:1-9    [000] d....     0.900010: console:  and two",
    ];
    const { log, otherLog } = attributeLog(window, { trace: pieces, load: { pid: 70 } });
    expect(log.map((l) => [l.text, l.task])).toEqual([["mine", "kzload-70"]]);
    expect(otherLog.map((l) => [l.text, l.task])).toEqual([["other one and two", "kworker/0:1-9"]]);
  });

  it("unescapes the kernel's \\xNN escapes as UTF-8 and splits a record printed with newlines into lines", () => {
    const { log } = attributeLog(["12,1,1,-;KZ:LOAD-BEGIN", "6,2,2000,-;tab\\x09caf\\xc3\\xa9 back\\x5cslash\\x0asecond line", "12,3,3,-;KZ:LOAD-END"], { trace: [], load: { pid: 7 } });
    expect(log.map((l) => [l.text, l.time])).toEqual([
      ["tab\tcafé back\\slash", 0.002],
      ["second line", 0.002],
    ]);
  });

  it("keeps a warning's report out of the module's lines, and everything after an oops", () => {
    const window = (lines: string[]) => ["12,1,1,-;KZ:LOAD-BEGIN", ...lines.map((l, i) => `4,${i + 2},2,-;${l}`), "12,99,3,-;KZ:LOAD-END"];
    const warned = attributeLog(window(["in", "------------[ cut here ]------------", "WARNING: CPU: 0 PID: 85 at m.c:2 m_init+0x11/0x1000 [m]", "Call Trace:", "---[ end trace 0000000000000000 ]---", "after"]), {});
    expect(warned.log.map((l) => l.text)).toEqual(["in", "after"]);
    // The kernel repeats RIP and the registers after an oops's end marker: still not the module's.
    const oopsed = attributeLog(window(["in", "BUG: kernel NULL pointer dereference, address: 0", "Call Trace:", "---[ end trace 0000000000000000 ]---", "RIP: 0010:m_init+0x13/0x1000 [m]"]), {});
    expect(oopsed.log.map((l) => l.text)).toEqual(["in"]);
  });

  it("without the trace, falls back to the window less known late-boot messages", () => {
    const { log } = attributeLog(records, {});
    expect(log.map((l) => [l.text, l.task])).toEqual([
      ["hello", undefined],
      ["part one and two", undefined],
      ["goodbye", undefined],
    ]);
  });

  it("takes 100,000 records and 10,000 other tasks' events among them in time proportional to their number", () => {
    const many = ["12,1,1,-;KZ:LOAD-BEGIN"];
    const events: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      many.push(`6,${i + 2},${i + 2},-;${i}`);
      if (i % 10 === 0) {
        many.push(`6,${i + 2},${i + 2},-;kworker line ${i}`);
        events.push(`   kworker/0:1-9    [000] d....     1.000000: console: kworker line ${i}`);
      }
    }
    many.push("12,200000,200000,-;KZ:LOAD-END");
    const started = performance.now();
    const { log, otherLog } = attributeLog(many, { trace: events, load: { pid: 70 } });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(log.length).toBe(100_000);
    expect(log.every((l, i) => l.text === String(i))).toBe(true);
    expect(otherLog.length).toBe(10_000);
    expect(otherLog.every((l) => l.task === "kworker/0:1-9")).toBe(true);
  });
});

describe("interpretRun", () => {
  const base = { qemuErrors: [], timedOut: false, console: [] as string[] };
  it("reads a failed load's errno, its name and message", () => {
    const r = interpretRun({ ...base, kz: ["KZ:BOOT uptime=1.2", "KZ:LOAD-START", "KZ:LOAD rc=-1 errno=12 us=40 msg=Cannot allocate memory", "KZ:DONE"] }, { timeoutMs: 30_000 });
    expect(r.load).toEqual({ attempted: true, ok: false, errno: 12, errnoName: "ENOMEM", message: "Cannot allocate memory", durationMs: 0.04 });
    expect(r.unload).toMatchObject({ attempted: false, ok: false });
    expect(r.ok).toBe(false);
    expect(r.failure).toBeUndefined();
  });
  it("names kernel-internal codes libc does not know", () => {
    const r = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:LOAD-START", "KZ:LOAD rc=-1 errno=524 us=1 msg=Unknown error 524"] }, { timeoutMs: 30_000 });
    expect(r.load.errnoName).toBe("ENOTSUPP");
  });
  it("does not call a run a success when the report lost its last line", () => {
    const kz = ["KZ:BOOT", "KZ:LOAD-START", "KZ:LOAD rc=0 us=10", "KZ:UNLOAD-START", "KZ:UNLOAD rc=0 us=5"];
    const cut = interpretRun({ ...base, kz }, { timeoutMs: 30_000 });
    expect(cut.ok).toBe(false);
    expect(cut.failure).toMatchObject({ kind: "incomplete" });
    expect(interpretRun({ ...base, kz: [...kz, "KZ:DONE"] }, { timeoutMs: 30_000 }).ok).toBe(true);
  });
  it("tells a guest that never came up from one whose init hung", () => {
    const noBoot = interpretRun({ ...base, kz: [], timedOut: true, console: ["SeaBIOS"] }, { timeoutMs: 5000 });
    expect(noBoot.failure).toMatchObject({ kind: "no-boot", message: "the guest did not come up within 5 s" });
    const hung = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:LOAD-START"], timedOut: true }, { timeoutMs: 5000 });
    expect(hung.failure).toMatchObject({ kind: "timeout", message: "the module's init function did not return within the 5 s timeout" });
    expect(hung.load.message).toBe("did not return (timeout)");
  });
  it("says how long the call had run where the time of a series ran out after other scenarios: a long series can end during a call that just began", () => {
    const late = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:LOAD-START", "KZ:HANG stage=load ran=2.5", "KZ:DONE"] }, { timeoutMs: 900_000, scenariosBefore: 3318 });
    expect(late.failure).toMatchObject({ kind: "timeout", message: "the module's init function did not return within the 900 s timeout (it had run 2.5 s, after 3318 scenarios, when the time for the whole series ran out)" });
    // A module alone (or the first of a series): nothing more to say.
    const alone = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:LOAD-START", "KZ:HANG stage=load ran=1.0", "KZ:DONE"] }, { timeoutMs: 7000 });
    expect(alone.failure).toMatchObject({ kind: "timeout", message: "the module's init function did not return within the 7 s timeout" });
  });
  it("says when the module never reached the guest, or arrived damaged", () => {
    const lost = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:TRACE on=1", "KZ:READY"], timedOut: true }, { timeoutMs: 5000 });
    expect(lost.failure).toMatchObject({ kind: "timeout", message: "the module did not reach the guest within the 5 s timeout" });
    const damaged = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:READY", "KZ:PAYLOAD-BAD crc32=0badf00d", "KZ:DONE"] }, { timeoutMs: 5000 });
    expect(damaged.failure).toMatchObject({ kind: "incomplete", message: "the module did not reach the guest intact (crc32=0badf00d)" });
    expect(damaged.ok).toBe(false);
  });
  it("fails a run whose kernel log overflowed, saying how many records were lost", () => {
    const kz = ["KZ:BOOT", "KZ:TRACE on=1", "KZ:LOAD-START pid=80", "KZ:LOAD rc=0 us=10", "KZ:UNLOAD-START pid=81", "KZ:UNLOAD rc=0 us=5"];
    const log = ["KZ:M 12,10,1,-;KZ:LOAD-BEGIN", "KZ:M 6,4107,2,-;4096", "KZ:M 12,4108,3,-;KZ:LOAD-END"];
    const r = interpretRun({ ...base, kz: [...kz, ...log, "KZ:LOG records=3 lost=4096", "KZ:DONE"] }, { timeoutMs: 30_000 });
    expect(r.logLost).toBe(4096);
    expect(r.failure).toMatchObject({ kind: "incomplete", message: "the kernel log overflowed: 4096 records were lost, overwritten before the guest could read them" });
    expect(r.ok).toBe(false);
    expect(r.log.map((l) => [l.text, l.task])).toEqual([["4096", "kzload-80"]]);
    const whole = interpretRun({ ...base, kz: [...kz, ...log, "KZ:LOG records=3 lost=0", "KZ:DONE"] }, { timeoutMs: 30_000 });
    expect([whole.ok, whole.logLost]).toEqual([true, undefined]);
  });
  it("fails a run whose log records did not all arrive", () => {
    const kz = ["KZ:BOOT", "KZ:LOAD-START pid=80", "KZ:LOAD rc=0 us=10", "KZ:UNLOAD-START pid=81", "KZ:UNLOAD rc=0 us=5", "KZ:M 12,10,1,-;KZ:LOAD-BEGIN"];
    const r = interpretRun({ ...base, kz: [...kz, "KZ:LOG records=5 lost=0", "KZ:DONE"] }, { timeoutMs: 30_000 });
    expect(r.failure).toMatchObject({ kind: "incomplete", message: "the guest sent 5 kernel log records but 1 arrived" });
  });
  it("takes a panic over the oops that caused it, with the lines from the oops on", () => {
    const console = ["[ 1.0] ok", "[ 1.1] BUG: kernel NULL pointer dereference, address: 0", "[ 1.2] Call Trace:", "[ 1.3] Kernel panic - not syncing: Fatal exception", "[ 1.4] ---[ end Kernel panic - not syncing: Fatal exception ]---"];
    const r = interpretRun({ ...base, kz: ["KZ:BOOT", "KZ:LOAD-START"], console }, { timeoutMs: 5000 });
    expect(r.failure?.kind).toBe("panic");
    expect(r.failure?.lines).toEqual(console.slice(1));
  });
});

describe("the module's payload", () => {
  it("computes CRC-32 as zlib does", () => {
    expect(crc32(Buffer.from("123456789")).toString(16)).toBe("cbf43926");
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });
  it("is sections of KEY LENGTH and bytes, scenarios one a line, the module last", () => {
    const module = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x0a, 0x00, 0xff]);
    const payload = modulePayload({ module, moduleName: "demo", params: 'who="a b"', budgetSeconds: 28.46, scenarios: ["kz_fail_at=0", "kz_fail_at=1"] });
    const expected = Buffer.concat([
      Buffer.from('name 4\ndemobudget 4\n28.5params 9\nwho="a b"scenarios 26\nkz_fail_at=0\nkz_fail_at=1\nmodule 7\n'),
      module,
    ]);
    expect(payload).toEqual(expected);
  });
  it("refuses a name the guest could not unload by", () => {
    expect(() => modulePayload({ module: Buffer.alloc(1), moduleName: "a b", params: "", budgetSeconds: 1 })).toThrow(VerifyInputError);
  });
});

describe("guest kernel", () => {
  it("reads a bzImage's release from its setup header", () => {
    const image = Buffer.alloc(0x400);
    image.write("HdrS", 0x202, "latin1");
    image.writeUInt16LE(0x100, 0x20e);
    image.write("6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP", 0x300, "latin1");
    expect(kernelRelease(image)).toBe("6.1.0-56-amd64");
  });

  it("names the package when /boot has no kernel, and refuses a --kernel-image that is not there", async () => {
    const empty = scratch();
    const missing = await findGuestKernel(undefined, { bootDir: empty }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(MissingPartError);
    expect((missing as Error).message).toMatch(/no kernel image to boot: .* has no vmlinuz-\*: install linux-image-amd64 \(apt-get install -y linux-image-amd64\)/);
    await expect(findGuestKernel("/nonexistent/vmlinuz")).rejects.toBeInstanceOf(VerifyInputError);
  });

  it("names the package when QEMU is missing", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const e = await runModule({ koPath: "/nonexistent.ko" }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(MissingPartError);
      expect((e as Error).message).toMatch(/qemu-system-x86_64 is not installed: install qemu-system-x86 \(apt-get install -y qemu-system-x86\)/);
    } finally {
      process.env.PATH = path;
    }
  });

  itNeeds(["kernel-image", "xz"])(
    "unpacks the image once into a PVH vmlinux, and a changed image gets a new one",
    async () => {
      const cacheDir = scratch();
      const copy = join(scratch(), "vmlinuz-test");
      copyFileSync((await findGuestKernel()).path, copy);
      const first = await prepareKernel(await findGuestKernel(copy), { cacheDir });
      expect(first).toMatchObject({ pvh: true, cached: false, format: "bzImage" });
      expect(await hasPvhNote(first.bootPath)).toBe(true);
      const again = await prepareKernel(await findGuestKernel(copy), { cacheDir });
      expect(again).toMatchObject({ bootPath: first.bootPath, cached: true });
      // A kernel updated in place (new mtime) is a new cache entry, and the old one goes.
      utimesSync(copy, new Date(), new Date(Date.now() + 60_000));
      const updated = await prepareKernel(await findGuestKernel(copy), { cacheDir });
      expect(updated.cached).toBe(false);
      expect(updated.key).not.toBe(first.key);
      expect(readdirSync(join(cacheDir, "kernels"))).toEqual([updated.key]);
    },
    60_000,
  );
});


describe("runModule in QEMU", () => {
  const needsVm = itNeeds(runParts);
  const ko: Record<string, string> = {};
  const release: { value?: string } = {};

  beforeAll(async () => {
    // Without the parts, the tests below skip or (under CI) fail naming them.
    if (missingParts(runParts).length > 0) return;
    const kdir = await findKernelDir();
    release.value = kdir.release;
    const seed = await translate(await readFile(join(seedDir, "user_code.c"), "utf8"), { name: "kernel_code" });
    const sources: Record<string, string> = { kernel_code: seed.module!, ...TEST_MODULES };
    await Promise.all(
      Object.entries(sources).map(async ([name, source]) => {
        const build = await buildModule({ kdir: kdir.path, source, name, into: scratch() });
        if (build.ok && build.koPath) ko[name] = build.koPath;
        else throw new Error(`${name} did not build:\n${build.log}`);
      }),
    );
  }, 120_000);

  const run = (name: string, options: { params?: string[]; timeoutMs?: number } = {}): Promise<RunResult> =>
    runModule({ koPath: ko[name]!, ...(release.value ? { release: release.value } : {}), ...options });
  const logOf = (r: RunResult) => r.log.map((l) => `<${l.level}>${l.text}`);

  needsVm(
    "the seed loads and unloads cleanly and logs exactly <6>hello, <6>goodbye",
    async () => {
      const r = await run("kernel_code");
      expect(r.failure).toBeUndefined();
      expect(r.load).toMatchObject({ attempted: true, ok: true });
      expect(r.unload).toMatchObject({ attempted: true, ok: true });
      expect(logOf(r)).toEqual(["<6>hello", "<6>goodbye"]);
      expect(r.ok).toBe(true);
      expect(r.module.name).toBe("kernel_code");
    },
    60_000,
  );

  needsVm(
    "a parameter the module does not declare is refused before anything boots (the kernel would only warn and load it)",
    async () => {
      await expect(run("failing", { params: ["cuont=3"] })).rejects.toThrow(/--param cuont=3: failing has no parameter cuont \(its parameters are count, who\)/);
      await expect(run("kernel_code", { params: ["n=1"] })).rejects.toThrow(/kernel_code has no parameter n \(it declares none\)/);
    },
    60_000,
  );

  needsVm(
    "a failing init is reported once with its errno, and its parameters reached it",
    async () => {
      const r = await run("failing", { params: ["count=3", "who=two words"] });
      expect(r.load).toMatchObject({ attempted: true, ok: false, errno: 12, errnoName: "ENOMEM", message: "Cannot allocate memory" });
      expect(r.unload.attempted).toBe(false);
      // One finit_module() call: the init ran once, so its line is there once, at KERN_ERR.
      expect(logOf(r)).toEqual(["<3>failing: count=3 who=two words"]);
      expect(r.failure).toBeUndefined();
      expect(r.ok).toBe(false);
    },
    60_000,
  );

  needsVm(
    "an oops in init is detected with its console lines",
    async () => {
      const started = performance.now();
      const r = await run("oopsing", { timeoutMs: 20_000 });
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(r.failure?.kind).toBe("oops");
      expect(r.failure?.message).toMatch(/BUG: kernel NULL pointer dereference/);
      expect(r.failure?.lines.join("\n")).toMatch(/RIP: 0010:oopsing_init/);
      expect(r.load).toMatchObject({ ok: false, message: "the loader was killed: the kernel oopsed in the module's init" });
      expect(logOf(r)).toEqual(["<6>about to dereference NULL"]);
    },
    60_000,
  );

  needsVm(
    "a module larger than one piece of the payload arrives intact",
    async () => {
      const r = await run("bulky");
      expect(r.failure).toBeUndefined();
      // 1*1 + 2*(49999 % 7 + 1) + 3*(99999 % 7 + 1)
      expect(logOf(r)).toEqual([`<6>bulky: sum=${1 + 2 * ((49999 % 7) + 1) + 3 * ((99999 % 7) + 1)}`]);
      expect(r.ok).toBe(true);
    },
    60_000,
  );

  needsVm(
    "a log that overflows the kernel's ring before the guest can read it fails the run and says how much was lost",
    async () => {
      const r = await run("flooding");
      expect(r.load.ok).toBe(true);
      expect(r.logLost).toBeGreaterThan(0);
      expect(r.failure).toMatchObject({ kind: "incomplete", message: `the kernel log overflowed: ${r.logLost} records were lost, overwritten before the guest could read them` });
      expect(r.ok).toBe(false);
      // What is left is the end of the flood, in order, and the count lost is exactly the rest.
      const first = 60_000 - r.log.length;
      expect(r.log.length).toBeGreaterThan(0);
      expect(r.log.map((l) => l.text)).toEqual(Array.from({ length: r.log.length }, (_, i) => String(first + i)));
      expect(r.logLost).toBe(first);
    },
    60_000,
  );

  needsVm(
    "a guest booted before its module is stopped by cancel(), and a module for another release is refused",
    async () => {
      const waiting = await startVm(release.value ? { release: release.value } : {});
      await waiting.cancel();
      await waiting.cancel(); // a second call is harmless
      const other = await startVm(release.value ? { release: release.value } : {});
      const foreign = join(scratch(), "foreign.ko");
      // A module is an ELF file whose .modinfo names its kernel; readModinfo reads just that.
      copyFileSync(ko.kernel_code!, foreign);
      const patched = (await readFile(foreign)).toString("latin1").replace(/vermagic=\d[^ \0]*/g, (m) => m.replace(/\d/, "9"));
      await writeFile(foreign, Buffer.from(patched, "latin1"));
      const refused = await other.run({ koPath: foreign }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(VerifyInputError);
      expect((refused as Error).message).toMatch(/^the module was built for 9/);
    },
    60_000,
  );

  needsVm(
    "an init that never returns is reported as a timeout within --timeout",
    async () => {
      const started = performance.now();
      const r = await run("hanging", { timeoutMs: 7000 });
      expect(performance.now() - started).toBeLessThan(7000 + 1500);
      expect(r.failure).toMatchObject({ kind: "timeout", message: "the module's init function did not return within the 7 s timeout" });
      expect(r.failure?.lines).toContain("<6>hanging");
      expect(logOf(r)).toEqual(["<6>hanging"]);
      expect(r.load.ok).toBe(false);
    },
    60_000,
  );
});
