// Whole-program goldens for programs of several files: tests/fixtures-multi/<case>/program/ (or its
// compile_commands.json) ports to kernel/ and, in the kernel style, kernel-style/: every file and the Makefile.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadC, translateProgram } from "../src/index.js";
import { readProgramInput } from "../src/cli/program-input.js";
import { defineFlags } from "../src/core/translate-program.js";
import { repoRoot } from "./helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures-multi");
const cases = readdirSync(fixturesDir).sort();

/** Every file under a directory, relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(relative(dir, join(d, e.name)));
    }
  };
  walk(dir);
  return out.sort();
}

describe.each(cases)("multi-file fixture %s", (name) => {
  const dir = join(fixturesDir, name);
  const database = join(dir, "compile_commands.json");
  const input = existsSync(database) ? readProgramInput([], database) : readProgramInput([join(dir, "program")], undefined);
  const moduleName = existsSync(join(dir, "module-name")) ? readFileSync(join(dir, "module-name"), "utf8").trim() : name.replace(/-/g, "_");

  it("the program compiles from all its files with gcc -Wall -Wextra without a warning, and runs", () => {
    const out = join(mkdtempSync(join(tmpdir(), "kernelize-cc-")), "prog");
    const sources = input.files.filter((f) => f.path.endsWith(".c")).map((f) => f.path);
    const cc = spawnSync("gcc", ["-std=gnu11", "-Wall", "-Wextra", ...input.includeDirs.map((d) => `-I${d}`), ...defineFlags(input.defines), "-o", out, ...sources], { encoding: "utf8", cwd: input.root });
    expect(cc.stderr).toBe("");
    expect(cc.status).toBe(0);
    const run = spawnSync(out, [], { encoding: "utf8", timeout: 5000 });
    expect(run.status).toBe(0);
  });

  for (const [style, golden] of [["minimal", "kernel"], ["kernel", "kernel-style"]] as const) {
    it(`ports to ${golden}/, every file and the Makefile (accept changes with node scripts/accept-goldens.mjs)`, async () => {
      const result = await translateProgram(input.files, { name: moduleName, includeDirs: input.includeDirs, defines: input.defines, style });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const written = new Map([...result.files.map((f) => [f.path, f.text] as const), ["Makefile", result.makefile!]]);
      expect([...written.keys()].sort()).toEqual(filesUnder(join(dir, golden)));
      for (const [path, text] of written) expect(text, path).toBe(readFileSync(join(dir, golden, path), "utf8"));
    });
  }

  it("every ported file parses without a syntax error", async () => {
    const language = await loadC();
    for (const path of filesUnder(join(dir, "kernel"))) {
      if (path === "Makefile") continue;
      const tree = language.parse(readFileSync(join(dir, "kernel", path), "utf8"));
      try {
        expect(tree.rootNode.hasError, path).toBe(false);
      } finally {
        tree.delete();
      }
    }
  });
});

describe("a compile_commands.json's -D selects the code the port judges (greeting-level-defined)", () => {
  const dir = join(fixturesDir, "greeting-level-defined");
  it("reads -DNAME=VALUE and -D NAME=VALUE of every entry once", () => {
    expect(readProgramInput([], join(dir, "compile_commands.json")).defines).toEqual([{ name: "GREETING_LEVEL", value: "2" }]);
  });

  it("without the definition both branches may be built: the fork() of the other one is refused", async () => {
    const input = readProgramInput([join(dir, "program")], undefined);
    const result = await translateProgram(input.files, { name: "greeting_level_defined" });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.file}:${d.range?.line} ${d.code}`)).toContain("greet.c:24 K3004");
  });

  it("with -UGREETING_LEVEL after it, the branch with fork() is the build's again, and refused", async () => {
    const input = readProgramInput([], join(dir, "compile_commands.json"));
    const result = await translateProgram(input.files, { name: "greeting_level_defined", defines: [...input.defines, { name: "GREETING_LEVEL", value: null }] });
    expect(result.diagnostics.some((d) => d.code === "K3004")).toBe(true);
  });

  it("the module's Makefile passes the definition to Kbuild", () => {
    for (const golden of ["kernel", "kernel-style"]) expect(readFileSync(join(dir, golden, "Makefile"), "utf8")).toContain("ccflags-y += -DGREETING_LEVEL=2\n");
  });
});

describe("the same program from its compile_commands.json", () => {
  it("ports to exactly what its directory ports to", () => {
    for (const golden of ["kernel", "kernel-style"]) {
      const a = join(fixturesDir, "shopping-list", golden);
      const b = join(fixturesDir, "shopping-list-compile-commands", golden);
      expect(filesUnder(b)).toEqual(filesUnder(a));
      for (const f of filesUnder(a)) expect(readFileSync(join(b, f), "utf8"), f).toBe(readFileSync(join(a, f), "utf8"));
    }
  });
});
