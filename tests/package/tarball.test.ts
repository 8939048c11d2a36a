// The package as a user installs it: `npm pack`, installed into an empty project, and the README's tour run from there.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lintParts, runParts, itNeeds } from "../helpers/parts.js";
import { repoRoot, seedDir } from "../helpers/paths.js";
import { withoutProgress } from "../helpers/progress.js";

const home = mkdtempSync(join(tmpdir(), "kernelize-package-"));
const project = join(home, "project");
const installed = join(project, "node_modules", "kernelize");
const greeting = join(installed, "examples", "greeting.c");

/** The installed command, as `npx kernelize …` runs it in the project. */
function kernelize(args: string[]) {
  const r = spawnSync(join(project, "node_modules", ".bin", "kernelize"), args, { cwd: project, encoding: "utf8", input: "", timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // dist/ is built by pretest; packing again would rebuild it (prepare), so scripts are skipped here only.
  const packed = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", home], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n").at(-1)!;
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "uses-kernelize", version: "1.0.0", private: true }));
  // As a user installs it: dependencies from the registry, their install scripts run.
  execFileSync("npm", ["install", "--no-audit", "--no-fund", join(home, packed)], { cwd: project, encoding: "utf8", stdio: "pipe" });
}, 300_000);

describe("the packed package, installed into an empty project", () => {
  it("ships what its README and --help name, a license, and no source maps of sources it does not ship", () => {
    for (const file of ["README.md", "LICENSE", "examples/greeting.c", "docs/cli.md", "docs/explain-schema.md", "dist/cli/kernelize.mjs"]) {
      expect(existsSync(join(installed, file)), file).toBe(true);
    }
    const maps = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? maps(join(dir, e.name)) : e.name.endsWith(".map") ? [e.name] : []));
    expect(maps(join(installed, "dist"))).toEqual([]);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toContain("GNU GENERAL PUBLIC LICENSE\n                       Version 2");
    expect(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).license).toBe("GPL-2.0-only");
  });

  it("the tour: port with a diff, the kernel style, explain", () => {
    const port = kernelize(["port", greeting, "-o", "out", "--diff"]);
    expect(port.status).toBe(0);
    expect(port.stdout).toContain("+#include <linux/module.h>");
    expect(readdirSync(join(project, "out")).sort()).toEqual(["Makefile", "greeting.c"]);
    expect(kernelize(["port", join(seedDir, "user_code.c"), "--style", "kernel", "-o", "out-kernel"]).status).toBe(0);
    expect(readFileSync(join(project, "out-kernel", "example.c"), "utf8")).toContain("// SPDX-License-Identifier: GPL-2.0");
    const explain = kernelize(["explain", greeting, "--format", "md"]);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toContain("module_init");
    expect(kernelize(["--help"]).stdout).toContain("Exit codes:");
    expect(kernelize(["completion", "bash"]).stdout).toContain("complete -F _kernelize_complete kernelize");
  });

  itNeeds(runParts)("the tour: build, run and check in a real kernel", () => {
    const build = kernelize(["build", "out"]);
    expect(build.stderr + build.stdout).toMatch(/greeting\.ko/);
    expect(build.status).toBe(0);
    const run = kernelize(["run", greeting]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/<6>/);
    const check = kernelize(["check", join(seedDir, "user_code.c")]);
    expect(check.stdout).toContain("all 4 scenarios match");
    expect(check.status).toBe(0);
  }, 300_000);

  itNeeds(lintParts)("the tour: lint the kernel-style port", () => {
    const lint = kernelize(["lint", join("out-kernel", "example.c")]);
    expect(withoutProgress(lint.stderr)).toBe("");
    expect(lint.status).toBe(0);
  }, 300_000);
});
