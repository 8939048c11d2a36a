// Many modules through one boot: each gets its own report, and one that oopses or hangs costs a reboot, not the batch.
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { translate } from "../../src/index.js";
import { startBatchVm } from "../../src/verify/batch-vm.js";
import { buildModule, findKernelDir } from "../../src/verify/kbuild.js";
import type { RunResult } from "../../src/verify/vm.js";
import { itNeeds, missingParts, runParts } from "../helpers/parts.js";
import { seedDir } from "../helpers/paths.js";
import { TEST_MODULES } from "../helpers/test-modules.js";


describe("startBatchVm", () => {
  const needsVm = itNeeds(runParts);
  const ko: Record<string, string> = {};
  const work = mkdtempSync(join(tmpdir(), "kz-batch-vm-test-"));
  const release: { value?: string } = {};

  beforeAll(async () => {
    if (missingParts(runParts).length > 0) return;
    const kdir = await findKernelDir();
    release.value = kdir.release;
    const seed = await translate(await readFile(join(seedDir, "user_code.c"), "utf8"), { name: "kernel_code" });
    const sources: Record<string, string> = { kernel_code: seed.module!, ...TEST_MODULES };
    await Promise.all(
      Object.entries(sources).map(async ([name, source]) => {
        const build = await buildModule({ kdir: kdir.path, source, name, into: mkdtempSync(join(work, `${name}-`)) });
        if (!build.ok || !build.koPath) throw new Error(`${name} did not build:\n${build.log}`);
        ko[name] = build.koPath;
      }),
    );
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  needsVm(
    "runs each module in turn with its own log; an oops, a hang and a panic are reported and a new guest takes the rest",
    async () => {
      const vm = await startBatchVm({ ...(release.value ? { release: release.value } : {}), moduleTimeoutMs: 8000 });
      const order = ["kernel_code", "failing", "oopsing", "kernel_code", "spinning", "failing", "panicking", "kernel_code"];
      let results: RunResult[];
      try {
        // Turns are taken in the order asked for, whatever order the modules finish building in.
        results = await Promise.all(order.map((name) => vm.slot().run({ koPath: ko[name]! })));
      } finally {
        await vm.close();
      }
      const summary = results.map((r) => ({
        module: r.module.name,
        ok: r.ok,
        load: r.load.ok ? "ok" : (r.load.errnoName ?? r.load.message),
        failure: r.failure?.kind,
        log: r.log.map((l) => `<${l.level}>${l.text}`),
      }));
      const seedRow = { module: "kernel_code", ok: true, load: "ok", failure: undefined, log: ["<6>hello", "<6>goodbye"] };
      const failingRow = { module: "failing", ok: false, load: "ENOMEM", failure: undefined, log: ["<3>failing: count=1 who=nobody"] };
      expect(summary[0]).toEqual(seedRow);
      expect(summary[1]).toEqual(failingRow);
      expect(summary[2]).toMatchObject({ module: "oopsing", ok: false, failure: "oops", log: ["<6>about to dereference NULL"] });
      expect(results[2]!.failure!.lines.join("\n")).toMatch(/RIP: 0010:oopsing_init/);
      expect(summary[3]).toEqual(seedRow);
      expect(summary[4]).toMatchObject({ module: "spinning", ok: false, failure: "timeout" });
      expect(summary[5]).toEqual(failingRow);
      expect(summary[6]).toMatchObject({ module: "panicking", ok: false, failure: "panic" });
      expect(results[6]!.failure!.message).toMatch(/Kernel panic - not syncing: kernelize test: a module that panics/);
      expect(summary[7]).toEqual(seedRow);
      // One boot, and one more after each module that took the guest down.
      expect(vm.stats.boots).toBe(4);
      expect(vm.stats.reboots).toBe(3);
      expect(vm.stats.moduleMs).toHaveLength(order.length);
    },
    180_000,
  );

  needsVm(
    "a slot given up (a build that failed) does not hold up the modules after it",
    async () => {
      const vm = await startBatchVm({ ...(release.value ? { release: release.value } : {}) });
      try {
        const abandoned = vm.slot();
        await abandoned.cancel();
        const r = await vm.slot().run({ koPath: ko.kernel_code! });
        expect(r.ok).toBe(true);
        expect(vm.stats.boots).toBe(1);
      } finally {
        await vm.close();
      }
    },
    120_000,
  );
});
