// What keeps `kernelize port` quick to start (issue 17): the bundle compiled from its code cache, and
// nothing evaluated that only other commands need. Timing is bench/run.mjs's; these check the causes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers/paths.js";

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-cold-"));

describe("kernelize port's start", () => {
  it("loads neither node:crypto (verify's cache keys) nor node:http (the playground)", () => {
    const dir = scratch();
    const loaded = join(dir, "loaded.json");
    // Node's own record of the built-in modules the process loaded, written as it exits.
    writeFileSync(join(dir, "record.mjs"), `import { writeFileSync } from "node:fs";\nprocess.on("exit", () => writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));\n`);
    const r = spawnSync(process.execPath, ["--import", join(dir, "record.mjs"), cliPath, "port", join(repoRoot, "examples", "greeting.c"), "--dry-run", "-q"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const modules = JSON.parse(readFileSync(loaded, "utf8")) as string[];
    // The record is right where it matters: the process did load built-ins by that name.
    expect(modules).toContain("NativeModule fs");
    expect(modules.filter((m) => /^NativeModule (crypto|http)$/.test(m))).toEqual([]);
  });

  it("compiles the bundle from its code cache: V8 takes the cache the build wrote", () => {
    const cli = dirname(cliPath);
    // As src/cli/launch.ts does it: the same flags first, then the cache after its first line.
    const probe = [
      'const { setFlagsFromString } = require("node:v8"); setFlagsFromString("--liftoff-only");',
      'const { readFileSync } = require("node:fs"); const { Script } = require("node:vm");',
      `const source = readFileSync(${JSON.stringify(join(cli, "kernelize.cjs"))}, "latin1");`,
      `const cache = readFileSync(${JSON.stringify(join(cli, "kernelize.code-cache"))});`,
      'const script = new Script(source, { filename: "kernelize.cjs", cachedData: cache.subarray(cache.indexOf(10) + 1) });',
      "process.stdout.write(String(script.cachedDataRejected));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("false");
  });
});
