// Programs of several files end to end: each golden module (both styles) builds with Kbuild from its
// objects with zero warnings, and `kernelize check` on each program matches on success and on every
// allocation failure, leak-free.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { exec, which } from "../../src/verify/exec.js";
import { findKernelDir } from "../../src/verify/kbuild.js";
import { buildParts, itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures-multi");
/** A helper with a 4 KiB stack array, which the port moves to the heap (large-stack-frames-to-heap). */
const SUM_C = '#include <string.h>\n#include "sum.h"\n\nint checksum(const char *text)\n{\n\tchar copy[4096];\n\tint total = 0;\n\tsize_t i;\n\n\tstrncpy(copy, text, sizeof(copy) - 1);\n\tcopy[sizeof(copy) - 1] = \'\\0\';\n\tfor (i = 0; copy[i]; i++)\n\t\ttotal += copy[i];\n\treturn total;\n}\n';
const cases = readdirSync(fixturesDir).sort();
const moduleName = (name: string) => (existsSync(join(fixturesDir, name, "module-name")) ? readFileSync(join(fixturesDir, name, "module-name"), "utf8").trim() : name.replace(/-/g, "_"));

const missingTools = (await Promise.all(["valgrind", "addr2line"].map(async (t) => ((await which(t)) ? undefined : t)))).filter(Boolean);
const needsVm = missingTools.length === 0 || process.env.CI === "true" ? itNeeds(runParts) : (name: string) => it.skip(`${name} (needs ${missingTools.join(", ")})`, () => {});

describe("Kbuild builds every multi-file golden from its objects", () => {
  itNeeds(buildParts)(
    "kernel/ and kernel-style/ of every case: a .ko, zero warnings",
    async () => {
      const kdir = await findKernelDir();
      // Each golden is a subdirectory of one external module tree, as it stands (its own Makefile,
      // its own module name), so one `make -jN` builds many of them. Kbuild refuses two modules of
      // one name in a tree, so goldens sharing a name (a case's two styles, two cases of one
      // program) go to different trees: a few makes instead of one per golden.
      const goldens = cases.flatMap((name) => ["kernel", "kernel-style"].map((golden) => ({ name, golden, module: moduleName(name) })));
      const trees: Array<typeof goldens> = [];
      for (const g of goldens) {
        const tree = trees.find((t) => t.every((other) => other.module !== g.module));
        if (tree) tree.push(g);
        else trees.push([g]);
      }
      for (const tree of trees) {
        const dir = mkdtempSync(join(tmpdir(), "kernelize-multi-kbuild-"));
        onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
        tree.forEach((g, i) => cpSync(join(fixturesDir, g.name, g.golden), join(dir, `case${i}`), { recursive: true }));
        writeFileSync(join(dir, "Kbuild"), `obj-m += ${tree.map((_, i) => `case${i}/`).join(" ")}\n`);
        const make = await exec("make", ["-C", kdir.path, `M=${dir}`, `-j${availableParallelism()}`, "modules"], { timeoutMs: 300_000 });
        const output = `${make.stdout}\n${make.stderr}`;
        const where = tree.map((g) => `${g.name}/${g.golden}`).join(", ");
        expect(output.split("\n").filter((l) => /\b(warning|error):/.test(l)), where).toEqual([]);
        expect(make.code, where).toBe(0);
        tree.forEach((g, i) => expect(existsSync(join(dir, `case${i}`, `${g.module}.ko`)), `${g.name}/${g.golden}: ${g.module}.ko`).toBe(true));
      }
    },
    300_000,
  );
});

describe("kernelize check on every multi-file program", () => {
  for (const name of cases) {
    // Every case in the minimal style; the kernel style (the same objects laid out again, each file
    // built and checked by the goldens' Kbuild test above) on the three-file program of the issue.
    for (const style of name === "shopping-list" ? ["minimal", "kernel"] : ["minimal"]) {
      needsVm(
        `${name} (${style} style): every scenario matches, nothing leaks`,
        async () => {
          if (missingTools.length > 0) throw new Error(`missing on this CI machine: ${missingTools.join(", ")}`);
          const database = join(fixturesDir, name, "compile_commands.json");
          const what = existsSync(database) ? ["--compile-commands", database] : [join(fixturesDir, name, "program")];
          // Not spawnSync: a check takes seconds, and the test worker must keep answering meanwhile.
          const r = await exec(process.execPath, [cliPath, "check", ...what, "--name", moduleName(name), "--style", style, "--format", "json"], { timeoutMs: 170_000 });
          expect(r.code, r.stderr).toBe(0);
          const result = JSON.parse(r.stdout) as { ok: boolean; rows: Array<{ name: string; verdict: string; differences: string[] }>; allocations: { program: number; module: number } };
          expect(result.rows.filter((row) => row.verdict !== "MATCH").map((row) => `${row.name}: ${row.verdict} ${row.differences.join("; ")}`)).toEqual([]);
          expect(result.rows.length).toBe(result.allocations.program + 1);
          expect(result.ok).toBe(true);
        },
        180_000,
      );
    }
  }
});

describe("kernelize check on a program whose port allocates where it did not", () => {
  needsVm(
    "a stack array another file's helper moved to the heap is the port's own site: counted apart and failed in a scenario of its own, as for one file",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "kernelize-multi-port-site-"));
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, "sum.h"), "int checksum(const char *text);\n");
      writeFileSync(join(dir, "sum.c"), SUM_C);
      writeFileSync(join(dir, "main.c"), '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include "sum.h"\n\nint main(void)\n{\n\tchar *word = strdup("kernel");\n\n\tif (!word)\n\t\treturn 1;\n\tprintf("%d\\n", checksum(word));\n\tfree(word);\n\treturn 0;\n}\n');
      const r = await exec(process.execPath, [cliPath, "check", dir, "--name", "checksum", "--format", "json"], { timeoutMs: 170_000 });
      const result = JSON.parse(r.stdout) as { rows: Array<{ name: string; verdict: string }>; allocations: { program: number; module: number; portOnly?: number }; portSites?: Array<{ site: string; moduleSite: string; fn: string }> };
      expect(result.allocations).toEqual({ program: 1, module: 1, portOnly: 1 });
      expect(result.portSites?.map((s) => `${s.fn} ${s.site} ${s.moduleSite}`)).toEqual(["kcalloc sum.c:6 sum.c:13"]);
      // Success and the program's one failure match; the port's own site is failed in a row of its own,
      // and matches too: checksum()'s call inside printf()'s arguments is made, and its failure checked,
      // before pr_info() logs a value it never computed (before: KERN_INFO "0" where the program printed nothing).
      expect(result.rows.map((row) => `${row.name}: ${row.verdict}`)).toEqual(["success: MATCH", "fail #1: MATCH", "fail port #1: MATCH"]);
    },
    180_000,
  );
});

describe("kernelize run on a program's directory", () => {
  itNeeds(runParts)(
    "ports, builds from the objects, loads the module in QEMU: the program's output in the kernel log",
    async () => {
      const r = await exec(process.execPath, [cliPath, "run", join(fixturesDir, "shopping-list", "program"), "--name", "shopping_list"], { timeoutMs: 170_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/load: +ok/);
      expect(r.stdout).toContain("SHOPPING: 3 items, 9 in all");
      expect(r.stdout).toContain("  cheese x4");
    },
    180_000,
  );

  itNeeds(runParts)(
    "run a.c b.c c.c: the .c files of one program (exactly one main()) are one module, not three programs",
    async () => {
      const program = join(fixturesDir, "shopping-list", "program");
      const r = await exec(process.execPath, [cliPath, "run", ...["list.c", "strutil.c", "main.c"].map((f) => join(program, f)), "--name", "shopping_list"], { timeoutMs: 170_000 });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("SHOPPING: 3 items, 9 in all");
    },
    180_000,
  );
});
