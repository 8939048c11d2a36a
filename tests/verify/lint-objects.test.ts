// `kernelize lint` on a module of several objects: one Kbuild build of the whole module (NAME-y), checkpatch on every file, each finding at its file.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { itNeeds, lintParts } from "../helpers/parts.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const golden = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "kernel-style");

/** The kernel-style golden of the three-file program, with a checkpatch finding in list.c and a W=1 one in strutil.c. */
function spoiledModule(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "kernelize-lint-objects-")), "shopping_list");
  cpSync(golden, dir, { recursive: true });
  const list = readFileSync(join(dir, "list.c"), "utf8");
  writeFileSync(join(dir, "list.c"), list.replace("void list_init(struct list *l)\n{\n", "void list_init(struct list *l)\n{\n\tint unused_count;\n\n"));
  const strutil = readFileSync(join(dir, "strutil.c"), "utf8");
  writeFileSync(join(dir, "strutil.c"), strutil.replace(/\n\n/, "\n \n"));
  return dir;
}

const kernelize = (args: string[], cwd: string) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd, env: { ...process.env, NO_COLOR: "1" } });

describe("kernelize lint on a module of several objects", () => {
  itNeeds(lintParts)(
    "lints the module's directory as Kbuild builds it: each finding names its file",
    () => {
      const dir = spoiledModule();
      const r = kernelize(["lint", "shopping_list", "--format", "json"], join(dir, ".."));
      expect(r.status, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout) as { findings: Array<{ tool: string; file: string; line: number; code: string }>; ranTools: string[] };
      expect(report.ranTools).toEqual(["checkpatch", "sparse", "W=1"]);
      const where = report.findings.map((f) => `${f.tool} ${f.file} ${f.code}`);
      expect(where).toContain("W=1 shopping_list/list.c -Wunused-variable");
      expect(where.some((w) => /^checkpatch shopping_list\/strutil\.c /.test(w))).toBe(true);
      // No finding about another object's symbols: the objects are linked into one module.
      expect(report.findings.filter((f) => /undefined/.test(JSON.stringify(f)))).toEqual([]);
    },
    240_000,
  );

  itNeeds(lintParts)(
    "lints the .c files given with the headers they include, as text; the golden's files alone",
    () => {
      const r = kernelize(["lint", "list.c", "strutil.c", "main.c", "--only", "w1"], golden);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.stdout).toMatch(/W=1: 0 warnings/);
      expect(r.status).toBe(0);
    },
    240_000,
  );

  it("refuses a program that is not yet a module, pointing at port", () => {
    const program = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "program");
    const r = kernelize(["lint", program], repoRoot);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a kernel module .*port it first \(kernelize port /);
  });
});
