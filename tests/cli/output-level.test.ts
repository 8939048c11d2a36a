// -q and -v: on every command, with one meaning; standard output never changes with them.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const greeting = join(repoRoot, "examples", "greeting.c");
const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-level-"));
const kernelize = (args: string[], cwd = scratch()) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", input: "", cwd });

describe("-q and -v", () => {
  it("every command takes both, with the same help text", async () => {
    const program = await buildProgram();
    const helps = new Set<string>();
    for (const command of program.commands) {
      const flags = command.options.map((o) => o.flags);
      expect(flags, command.name()).toContain("-q, --quiet");
      expect(flags, command.name()).toContain("-v, --verbose");
      for (const o of command.options) if (o.long === "--quiet" || o.long === "--verbose") helps.add(o.description);
    }
    expect(helps.size).toBe(2);
  });

  it("port: the summary line by default, nothing with -q, the decisions and each rule with -v", () => {
    const normal = kernelize(["port", greeting, "--no-compile-check", "--kernel", "6.1", "-o", join(scratch(), "a")]);
    expect(normal.status).toBe(0);
    expect(normal.stderr).toMatch(/^kernelize: wrote .*greeting\.c and .*Makefile \(\d+ edits by \d+ rules\)\n$/);

    const quiet = kernelize(["port", greeting, "--no-compile-check", "-q", "-o", join(scratch(), "b")]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");

    const verbose = kernelize(["port", greeting, "--no-compile-check", "--kernel", "6.1", "-v", "-o", join(scratch(), "c")]);
    expect(verbose.status).toBe(0);
    expect(verbose.stderr).toContain("kernelize: porting for Linux 6.1 (--kernel), minimal style\n");
    expect(verbose.stderr).toMatch(/^kernelize: rule malloc-to-kmalloc: 2 edits$/m);
    expect(verbose.stderr).toMatch(/^kernelize: wrote /m);
  });

  it("-q keeps errors and drops warnings; standard output is the same at every level", () => {
    const dir = scratch();
    const texts = ["-q", undefined, "-v"].map((level) => kernelize(["port", greeting, "--diff", "--dry-run", "--kernel", "6.1", ...(level ? [level] : [])], dir).stdout);
    expect(texts[0]).toBe(texts[1]);
    expect(texts[2]).toBe(texts[1]);
    expect(texts[1]).toMatch(/^--- /);
    // A warning is dropped with -q, the exit code unchanged.
    const warned = join(repoRoot, "tests", "fixtures", "warn-recursion", "user.c");
    expect(kernelize(["port", warned, "--dry-run"]).stderr).toMatch(/warning\[K3013\]/);
    const quietWarned = kernelize(["port", warned, "--dry-run", "-q"]);
    expect(quietWarned.status).toBe(0);
    expect(quietWarned.stderr).toBe("");
    // Refused: the error is printed even with -q.
    const refused = kernelize(["port", join(repoRoot, "tests", "fixtures", "refuse-vla", "user.c"), "-q", "--dry-run"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/error\[K3009\]/);
  });

  it("-q and -v together are refused in the one error style", () => {
    const r = kernelize(["explain", greeting, "-q", "-v"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("kernelize: error: option '-q, --quiet' cannot be used with option '-v, --verbose'\n");
  });

  it("explain -o: the line that names the file, not with -q", () => {
    const dir = scratch();
    const said = kernelize(["explain", greeting, "-o", join(dir, "r.md")]);
    expect(said.status).toBe(0);
    expect(said.stderr).toMatch(/^kernelize: wrote .*r\.md \(/);
    const quiet = kernelize(["explain", greeting, "-q", "-o", join(dir, "s.md")]);
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe("");
  });
});
