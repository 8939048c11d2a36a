// The configuration file: found up the directory tree, below the command line and above the defaults, and refused in one line when wrong.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findConfig, parseConfig } from "../../src/cli/config.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const greeting = readFileSync(join(repoRoot, "examples", "greeting.c"), "utf8");
const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-config-"));
const kernelize = (args: string[], cwd: string) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", input: "", cwd });

/** A project directory with the example and this configuration; the command runs in `sub` below it. */
function project(files: Record<string, string>): { dir: string; sub: string } {
  const dir = scratch();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const sub = join(dir, "src");
  mkdirSync(sub);
  writeFileSync(join(sub, "greeting.c"), greeting);
  return { dir, sub };
}

const moduleOf = (sub: string, out: string) => readFileSync(join(sub, out, "greeting.c"), "utf8");

describe("configuration file", () => {
  it(".kernelize.json in a parent directory sets the style and author; the command line overrides it", () => {
    const { sub } = project({ ".kernelize.json": JSON.stringify({ style: "kernel", author: "Ada <ada@example.org>", kernel: "6.1" }) });
    const r = kernelize(["port", "greeting.c", "--no-compile-check", "-o", "a"], sub);
    expect(r.status, r.stderr).toBe(0);
    expect(moduleOf(sub, "a")).toContain('MODULE_AUTHOR("Ada <ada@example.org>");');

    const flag = kernelize(["port", "greeting.c", "--no-compile-check", "-o", "b", "--style", "minimal"], sub);
    expect(flag.status, flag.stderr).toBe(0);
    expect(moduleOf(sub, "b")).not.toContain("MODULE_AUTHOR");

    const none = kernelize(["port", "greeting.c", "--no-compile-check", "-o", "c", "--no-config"], sub);
    expect(none.status).toBe(0);
    expect(moduleOf(sub, "c")).toBe(moduleOf(sub, "b"));
  });

  it("a \"kernelize\" key in package.json works the same; a package.json without one is passed over", () => {
    const { dir, sub } = project({ "package.json": JSON.stringify({ name: "p", kernelize: { style: "kernel", author: "Pkg <p@example.org>" } }) });
    writeFileSync(join(sub, "package.json"), JSON.stringify({ name: "inner" }));
    const r = kernelize(["port", "greeting.c", "--no-compile-check", "--kernel", "6.1", "-o", "a", "-v"], sub);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`kernelize: configuration ${join(dir, "package.json")}: style=kernel, author=Pkg <p@example.org>\n`);
    expect(moduleOf(sub, "a")).toContain('MODULE_AUTHOR("Pkg <p@example.org>");');
  });

  it("-v says where the release came from", () => {
    const { dir, sub } = project({ ".kernelize.json": '{"kernel": "6.12"}' });
    const r = kernelize(["port", "greeting.c", "--no-compile-check", "--dry-run", "-v"], sub);
    expect(r.stderr).toContain(`kernelize: porting for Linux 6.12 (from ${join(dir, ".kernelize.json")}), minimal style\n`);
  });

  it("a bad file is one line with its name and the problem, exit 2, whichever command runs", () => {
    const cases: [string, RegExp][] = [
      ['{"stlye": "kernel"}', /: unknown key "stlye" \(known: style, kernel, author, description, kdir, kernelImage, accel\)$/],
      ['{"style": "gnu"}', /: "style" is "minimal" or "kernel", not "gnu"$/],
      ['{"kernel": 6.1}', /: "kernel" is a kernel release as "X.Y", for example "6.12", not 6.1$/],
      ['{"style": "kernel",}', /\.kernelize\.json:1:20: not valid JSON: /],
      ["[]", /: the configuration is a JSON object of options/],
    ];
    for (const [text, message] of cases) {
      const { dir, sub } = project({ ".kernelize.json": text });
      for (const args of [["port", "greeting.c", "--dry-run"], ["explain", "greeting.c"], ["doctor"]]) {
        const r = kernelize(args, sub);
        expect(r.status, `${text} ${args[0]}`).toBe(2);
        const lines = r.stderr.split("\n").filter(Boolean);
        expect(lines, text).toHaveLength(1);
        expect(lines[0]!.startsWith(`kernelize: error: ${join(dir, ".kernelize.json")}`), lines[0]).toBe(true);
        expect(lines[0]).toMatch(message);
      }
    }
  });

  it("--config names the file; one that is not there is an error", () => {
    const { dir, sub } = project({ "team.json": '{"style": "kernel", "author": "Team"}' });
    const r = kernelize(["port", "greeting.c", "--no-compile-check", "--kernel", "6.1", "-o", "a", "--config", join(dir, "team.json")], sub);
    expect(r.status, r.stderr).toBe(0);
    expect(moduleOf(sub, "a")).toContain('MODULE_AUTHOR("Team");');
    const missing = kernelize(["port", "greeting.c", "--dry-run", "--config", "nope.json"], sub);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("kernelize: error: --config nope.json: no such file\n");
  });

  it("paths are read relative to the file's directory", () => {
    const { dir } = project({});
    expect(parseConfig(join(dir, ".kernelize.json"), '{"kdir": "headers", "kernelImage": "/boot/vmlinuz"}', false).values).toEqual({
      kdir: join(dir, "headers"),
      kernelImage: "/boot/vmlinuz",
    });
  });

  it("the nearest directory wins, and its .kernelize.json over its package.json", () => {
    const { dir, sub } = project({ ".kernelize.json": '{"style": "kernel"}' });
    writeFileSync(join(sub, ".kernelize.json"), '{"style": "minimal"}');
    writeFileSync(join(sub, "package.json"), '{"kernelize": {"author": "no"}}');
    expect(findConfig(sub)).toEqual({ file: join(sub, ".kernelize.json"), values: { style: "minimal" } });
    expect(findConfig(dir)).toEqual({ file: join(dir, ".kernelize.json"), values: { style: "kernel" } });
  });
});
