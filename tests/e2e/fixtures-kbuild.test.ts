// Every fixture's kernel.c (and the seed's port) builds with Kbuild against real kernel headers, with zero warnings.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished } from "vitest";
import { translate } from "../../src/index.js";
import { exec } from "../../src/verify/exec.js";
import { findKernelDir } from "../../src/verify/kbuild.js";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { repoRoot, seedDir } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures");

describe("Kbuild", () => {
  // One Kbuild directory with every module in it: one make run instead of one per fixture.
  itNeeds(buildParts)(
    "builds the seed's port and every fixture's kernel.c without a warning",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "kernelize-kbuild-"));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const modules: string[] = [];
      const seed = await translate(readFileSync(join(seedDir, "user_code.c"), "utf8"), { name: "kernel_code" });
      writeFileSync(join(dir, "kernel_code.c"), seed.module!);
      modules.push("kernel_code");
      for (const name of readdirSync(fixturesDir).sort()) {
        const kernel = join(fixturesDir, name, "kernel.c");
        if (!existsSync(kernel)) continue;
        const module = `fx_${name.replace(/-/g, "_")}`;
        writeFileSync(join(dir, `${module}.c`), readFileSync(kernel, "utf8"));
        modules.push(module);
      }
      writeFileSync(join(dir, "Kbuild"), `obj-m += ${modules.map((m) => `${m}.o`).join(" ")}\n`);
      const kdir = await findKernelDir();
      const make = await exec("make", ["-C", kdir.path, `M=${dir}`, `-j${availableParallelism()}`, "modules"], { timeoutMs: 300_000 });
      const output = `${make.stdout}\n${make.stderr}`;
      const warnings = output.split("\n").filter((l) => /\b(warning|error):/.test(l));
      expect(warnings).toEqual([]);
      expect(make.code).toBe(0);
      for (const m of modules) expect(existsSync(join(dir, `${m}.ko`)), `${m}.ko`).toBe(true);
    },
    300_000,
  );
});
