// The package as a user installs it: `npm pack`, installed into an empty project, and the README's tour run from there.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const shipped = files(join(installed, "dist"));
    expect(shipped.filter((f) => f.endsWith(".map"))).toEqual([]);
    // No comment sends a debugger or a bundler after a map that is not there.
    expect(shipped.filter((f) => /\.m?js$/.test(f) && readFileSync(f, "utf8").includes("//# sourceMappingURL="))).toEqual([]);
    // The grammar is the package's own file (with tree-sitter-c's license): installing kernelize runs
    // no install script and builds no native addon (tree-sitter-c's would, for a binding never loaded).
    expect(existsSync(join(installed, "dist", "grammar", "tree-sitter-c.wasm"))).toBe(true);
    expect(readFileSync(join(installed, "dist", "grammar", "LICENSE.tree-sitter-c"), "utf8")).toContain("MIT License");
    expect(existsSync(join(project, "node_modules", "tree-sitter-c"))).toBe(false);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
    expect(Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([name]) => name)).toEqual([]);
    // The command once: the bundle (a script, its V8 code cache, the module that runs them, and the
    // runtime .wasm of the web-tree-sitter bundled in), not also the modules it was bundled from.
    expect(readdirSync(join(installed, "dist", "cli"))).toEqual(["kernelize.cjs", "kernelize.code-cache", "kernelize.mjs", "tree-sitter.wasm"]);
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toContain("GNU GENERAL PUBLIC LICENSE\n                       Version 2");
    expect(JSON.parse(readFileSync(join(installed, "package.json"), "utf8")).license).toBe("GPL-2.0-only");
  });

  it("its types compile with skipLibCheck: false: the Node entry (with @types/node, as a Node project has) and the browser-safe core (without)", () => {
    const consumer = join(home, "types");
    mkdirSync(consumer);
    // The project's own node_modules: kernelize and what npm installed with it, nothing from this repository but @types/node.
    symlinkSync(join(project, "node_modules"), join(consumer, "node_modules"));
    const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
    // No "types": TypeScript then takes every package under the type roots, as a project's default does.
    const compile = (name: string, typeRoots: string[], code: string) => {
      writeFileSync(join(consumer, `${name}.ts`), code);
      const options = { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, skipLibCheck: false, noEmit: true, typeRoots: [join(consumer, "node_modules", "@types"), ...typeRoots] };
      writeFileSync(join(consumer, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: options, files: [`${name}.ts`] }));
      return spawnSync(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: consumer, encoding: "utf8" });
    };
    const core = compile("core", [], 'import { translate, unifiedDiff, toSarif, type TranslateResult } from "kernelize/core";\nexport const used: unknown[] = [translate, unifiedDiff, toSarif];\nexport type R = TranslateResult;\n');
    expect(core.stdout + core.stderr).toBe("");
    expect(core.status).toBe(0);
    // @types/node beside the project, not inside it: the package itself must bring every other type
    // it names (sarif, and the emscripten types web-tree-sitter's declarations use without a dependency).
    for (const types of ["@types/node", "undici-types"]) cpSync(join(repoRoot, "node_modules", types), join(home, "node_modules", types), { recursive: true });
    const entry = compile("entry", [join(home, "node_modules", "@types")], 'import { translate, unifiedDiff, lintModule, lintToSarif, buildModule, findKernelDir, runCheck, runBatch, toSarif, type LintReport } from "kernelize";\nexport const used: unknown[] = [translate, unifiedDiff, lintModule, lintToSarif, buildModule, findKernelDir, runCheck, runBatch, toSarif];\nexport type L = LintReport;\n');
    expect(entry.stdout + entry.stderr).toBe("");
    expect(entry.status).toBe(0);
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
