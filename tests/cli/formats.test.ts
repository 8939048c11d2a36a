// Diagnostics as JSON and SARIF 2.1.0 on standard output, for editors and code-scanning services.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/cli/version.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const run = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", input: "" });
const vla = join(repoRoot, "tests", "fixtures", "refuse-vla", "user.c");

describe("--format", () => {
  it("json: the diagnostics with their ranges, exit code 2 for a refused program", () => {
    const r = run(["port", vla, "--format", "json", "--dry-run"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ code: "K3009", severity: "error", range: { line: 8, column: 8 } });
  });

  it("sarif: a 2.1.0 log with the rule described once and the result located", () => {
    const r = run(["port", vla, "--format", "sarif", "--dry-run"]);
    expect(r.status).toBe(2);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    const runEntry = log.runs[0];
    expect(runEntry.tool.driver).toMatchObject({ name: "kernelize", version: VERSION });
    expect(runEntry.tool.driver.rules.map((d: { id: string }) => d.id)).toEqual(["K3009"]);
    expect(runEntry.results[0]).toMatchObject({
      ruleId: "K3009",
      ruleIndex: 0,
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: vla }, region: { startLine: 8, startColumn: 8 } } }],
    });
  });

  it("sarif for a clean port: no results, exit code 0", () => {
    const r = run(["port", join(repoRoot, "examples", "greeting.c"), "--format", "sarif", "--dry-run"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).runs[0].results).toEqual([]);
  });

  it("refuses --diff with a machine-readable format, and an unknown format", () => {
    expect(run(["port", vla, "--format", "json", "--diff"]).status).toBe(2);
    const r = run(["port", vla, "--format", "xml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--format xml: choose text, json or sarif/);
  });

  it("reports the version package.json declares", () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version);
    expect(run(["--version"]).stdout.trim()).toBe(VERSION);
  });
});

describe("colors", () => {
  const fork = (env: NodeJS.ProcessEnv) => {
    const dir = mkdtempSync(join(tmpdir(), "kernelize-colors-"));
    writeFileSync(join(dir, "f.c"), "int main(void) { fork(); return 0; }\n");
    return spawnSync(process.execPath, [cliPath, "port", join(dir, "f.c")], { encoding: "utf8", env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", ...env } }).stderr;
  };
  it("none through a pipe; FORCE_COLOR turns them on, NO_COLOR off whatever else is set", () => {
    expect(fork({})).not.toMatch(/\x1b\[/);
    expect(fork({ FORCE_COLOR: "1" })).toMatch(/\x1b\[31m/);
    expect(fork({ FORCE_COLOR: "1", NO_COLOR: "1" })).not.toMatch(/\x1b\[/);
    expect(fork({ FORCE_COLOR: "0" })).not.toMatch(/\x1b\[/);
  });
});
