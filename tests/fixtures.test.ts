// Whole-program goldens: each tests/fixtures/<case>/user.c ports to kernel.c, or is refused as in diagnostics.txt.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadC, translate } from "../src/index.js";
import { LineIndex } from "../src/core/diagnostics.js";
import { grammarView, syntaxDiagnostics } from "../src/core/parse.js";
import { repoRoot } from "./helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures");
const cases = readdirSync(fixturesDir).sort();

describe.each(cases)("fixture %s", (name) => {
  const dir = join(fixturesDir, name);
  const user = readFileSync(join(dir, "user.c"), "utf8");
  const port = () => translate(user, { name: name.replace(/-/g, "_"), fileName: "user.c" });

  // A fixture about a warning of the program's own (one the port removes) lists it in user-warnings.txt.
  const ownWarnings = existsSync(join(dir, "user-warnings.txt")) ? readFileSync(join(dir, "user-warnings.txt"), "utf8") : "";
  it(ownWarnings ? "user.c compiles with gcc -Wall -Wextra with only the warnings user-warnings.txt lists, and runs" : "user.c compiles with gcc -Wall -Wextra without a warning, and runs", () => {
    const out = join(mkdtempSync(join(tmpdir(), "kernelize-cc-")), "prog");
    const cc = spawnSync("gcc", ["-std=gnu11", "-Wall", "-Wextra", "-fdiagnostics-plain-output", "-o", out, "user.c"], { encoding: "utf8", cwd: dir });
    const warnings = cc.stderr.split("\n").filter((l) => /^user\.c:\d+:\d+: warning:/.test(l));
    expect(warnings.map((w) => `${w}\n`).join("")).toBe(ownWarnings);
    expect(cc.stderr.split("\n").filter((l) => /^user\.c:\d+:\d+: (error|warning):/.test(l) && !warnings.includes(l))).toEqual([]);
    expect(cc.status).toBe(0);
    // It runs to an end of its own: an exit status, not a signal or a hang. With the stack a user
    // gives a program that keeps big arrays on it (ulimit -s unlimited), as the 40 MB fixture does.
    const run = spawnSync("sh", ["-c", 'ulimit -s unlimited 2>/dev/null; exec "$0"', out], { encoding: "utf8", timeout: 5000, input: "" });
    expect(run.signal).toBeNull();
    expect(run.status).not.toBeNull();
  });

  if (existsSync(join(dir, "kernel.c"))) {
    it("ports to kernel.c (accept changes with npm run goldens:accept)", async () => {
      const result = await port();
      expect(result.module).toBe(readFileSync(join(dir, "kernel.c"), "utf8"));
    });

    it(existsSync(join(dir, "diagnostics.txt")) ? "warns as diagnostics.txt says" : "is ported without a diagnostic", async () => {
      const result = await port();
      const expected = existsSync(join(dir, "diagnostics.txt")) ? readFileSync(join(dir, "diagnostics.txt"), "utf8") : "";
      const printed = result.diagnostics.map((d) => formatDiagnostic(d, "user.c", user)).join("\n");
      expect(printed ? `${printed}\n` : "").toBe(expected);
      expect(result.diagnostics.every((d) => d.severity !== "error")).toBe(true);
    });

    it("ports with --style kernel to kernel-style.c (accept changes with npm run goldens:accept)", async () => {
      const result = await translate(user, { name: name.replace(/-/g, "_"), fileName: "user.c", style: "kernel" });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(result.module).toBe(readFileSync(join(dir, "kernel-style.c"), "utf8"));
    });

    it("the output parses without a syntax error (the kernel's attribute macros, __printf(), blank to the grammar)", async () => {
      const tree = (await loadC()).parse(grammarView(readFileSync(join(dir, "kernel.c"), "utf8")));
      try {
        expect(tree.rootNode.hasError).toBe(false);
      } finally {
        tree.delete();
      }
    });

    it("porting the output again changes nothing", async () => {
      const kernel = readFileSync(join(dir, "kernel.c"), "utf8");
      const again = await translate(kernel, { name: name.replace(/-/g, "_") });
      expect(again.diagnostics).toEqual([]);
      expect(again.module).toBe(kernel);
    });

    it("the kernel-style output parses without a syntax error (the kernel's attribute macros blank to the grammar)", async () => {
      const tree = (await loadC()).parse(grammarView(readFileSync(join(dir, "kernel-style.c"), "utf8")));
      try {
        expect(syntaxDiagnostics(tree, new LineIndex(tree.rootNode.text))).toEqual([]);
      } finally {
        tree.delete();
      }
    });

    it("porting the kernel-style output again (with --style kernel) changes nothing", async () => {
      const kernel = readFileSync(join(dir, "kernel-style.c"), "utf8");
      const again = await translate(kernel, { name: name.replace(/-/g, "_"), style: "kernel" });
      expect(again.diagnostics).toEqual([]);
      expect(again.module).toBe(kernel);
    });

    it("keeps every line no rule touched", async () => {
      const result = await port();
      const touched = new Set<number>();
      const lineOf = (offset: number) => user.slice(0, offset).split("\n").length;
      for (const e of result.edits) for (let l = lineOf(e.source.start); l <= lineOf(Math.max(e.source.start, e.source.end - 1)); l++) touched.add(l);
      const kernelLines = new Set(result.module!.split("\n"));
      user.split("\n").forEach((line, i) => {
        if (!touched.has(i + 1)) expect(kernelLines.has(line), `line ${i + 1} kept: ${line}`).toBe(true);
      });
    });
  } else {
    it("is refused as diagnostics.txt says", async () => {
      const result = await port();
      expect(result.ok).toBe(false);
      const printed = result.diagnostics.map((d) => formatDiagnostic(d, "user.c", user)).join("\n") + "\n";
      expect(printed).toBe(readFileSync(join(dir, "diagnostics.txt"), "utf8"));
    });
  }
});
