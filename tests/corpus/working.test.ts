// The regression guard: every corpus program that worked when the golden was accepted still ports, builds clean, and matches its recorded run on every checked path, in one batch.
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { type BatchProgram, runBatch } from "../../src/verify/batch.js";
import { which } from "../../src/verify/exec.js";
import { findKernelDir } from "../../src/verify/kbuild.js";
import { itNeeds, runParts } from "../helpers/parts.js";
import { repoRoot } from "../helpers/paths.js";

const corpusDir = resolve(repoRoot, "..", "shared", "corpus");
const golden = readFileSync(join(repoRoot, "tests", "corpus", "working.txt"), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"));

interface ManifestEntry {
  id: string;
  path: string;
  file: string;
  expected: { exit: number; stdout: string; stderr: string; stdout_base64: boolean; stderr_base64: boolean };
}

const missingTools = (await Promise.all(["valgrind", "addr2line"].map(async (t) => ((await which(t)) ? undefined : t)))).filter(Boolean);
const haveCorpus = existsSync(join(corpusDir, "manifest.json"));
const needsVm = (missingTools.length === 0 && haveCorpus) || process.env.CI === "true" ? itNeeds(runParts) : (name: string) => it.skip(`${name} (needs ${[...missingTools, ...(haveCorpus ? [] : ["../shared/corpus"])].join(", ")})`, () => {});

describe("the corpus programs that work", () => {
  it("the golden lists programs, each once, in order", () => {
    expect(golden.length).toBeGreaterThan(0);
    expect([...golden].sort()).toEqual(golden);
    expect(new Set(golden).size).toBe(golden.length);
  });

  needsVm(
    "still work: ported, built without a warning, every checked scenario matching, nothing leaked",
    async () => {
      if (missingTools.length > 0 || !haveCorpus) throw new Error(`missing on this CI machine: ${[...missingTools, ...(haveCorpus ? [] : [corpusDir])].join(", ")}`);
      const manifest = JSON.parse(readFileSync(join(corpusDir, "manifest.json"), "utf8")) as ManifestEntry[];
      const byId = new Map(manifest.map((e) => [e.id, e]));
      const decode = (text: string, base64: boolean) => (base64 ? Buffer.from(text, "base64").toString("utf8") : text);
      const programs: BatchProgram[] = golden.map((id) => {
        const e = byId.get(id);
        if (!e) throw new Error(`${id}: not in the corpus manifest`);
        return {
          name: id,
          fileName: basename(e.path),
          text: readFileSync(join(corpusDir, e.file), "utf8"),
          expected: { exit: e.expected.exit, stdout: decode(e.expected.stdout, e.expected.stdout_base64), stderr: decode(e.expected.stderr, e.expected.stderr_base64) },
        };
      });
      const kdir = await findKernelDir();
      // The settings bench:corpus uses, so the golden means the same thing here.
      const report = await runBatch(programs, { mode: "check", kdir, moduleTimeoutMs: 20_000, maxFailures: 64 });
      const broken = report.rows.filter((r) => !r.works).map((r) => `${r.name}: ${r.status}: ${r.why ?? ""}`);
      expect(broken).toEqual([]);
      expect(report.works).toBe(golden.length);
    },
    900_000,
  );
});
