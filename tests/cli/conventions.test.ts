// What users of compilers, spatch, checkpatch and ESLint take for granted: NO_COLOR/FORCE_COLOR, a line on Ctrl-C, exit codes in every help, only formats it writes.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useColor } from "../../src/cli/report.js";
import { buildProgram } from "../../src/cli/program.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

const greeting = join(repoRoot, "examples", "greeting.c");
const warned = join(repoRoot, "tests", "fixtures", "warn-recursion", "user.c");
const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-conv-"));
const ESC = "\x1b[";

function kernelize(args: string[], env: Record<string, string | undefined> = {}) {
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", input: "", env: { ...base, ...env } });
}

/** The command on a pseudo-terminal (util-linux script), its output as the terminal shows it. */
function onTerminal(args: string[], env: Record<string, string>): string {
  const command = [process.execPath, cliPath, ...args].map((a) => `'${a}'`).join(" ");
  const base = { ...process.env, TERM: "xterm-256color" };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  // A user's terminal, not a CI job's: with CI set (and no CI vendor Node knows), Node gives a 1-bit colour depth.
  delete base.CI;
  return spawnSync("script", ["-q", "-c", command, "/dev/null"], { encoding: "utf8", env: { ...base, ...env } }).stdout;
}

describe("colours", () => {
  it("on a terminal by default; NO_COLOR turns them off there; FORCE_COLOR turns them on through a pipe, FORCE_COLOR=0 off", () => {
    expect(onTerminal(["port", warned, "--dry-run"], {})).toContain(ESC);
    expect(onTerminal(["port", warned, "--dry-run"], { NO_COLOR: "1" })).not.toContain(ESC);
    expect(onTerminal(["port", warned, "--dry-run"], { FORCE_COLOR: "0" })).not.toContain(ESC);
    expect(kernelize(["port", warned, "--dry-run"]).stderr).not.toContain(ESC);
    expect(kernelize(["port", warned, "--dry-run"], { FORCE_COLOR: "1" }).stderr).toContain(ESC);
    expect(kernelize(["port", greeting, "--dry-run", "--diff", "--kernel", "6.1"], { FORCE_COLOR: "1" }).stdout).toContain(ESC);
  });

  it("useColor(): NO_COLOR over FORCE_COLOR, empty values ignored, then the terminal's colour depth (TERM=dumb)", () => {
    const terminal = (depth: number) => ({ isTTY: true, getColorDepth: () => depth }) as unknown as NodeJS.WriteStream;
    const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;
    expect(useColor(terminal(8), {})).toBe(true);
    expect(useColor(terminal(1), {})).toBe(false);
    expect(useColor(terminal(8), { FORCE_COLOR: "0" })).toBe(false);
    expect(useColor(terminal(1), { FORCE_COLOR: "1" })).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: "" })).toBe(false);
    expect(useColor(terminal(8), { NO_COLOR: "" })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(useColor(pipe, { FORCE_COLOR: "false" })).toBe(false);
  });
});

describe("Ctrl-C", () => {
  it("says so in one line and exits 130, leaving nothing written", async () => {
    const dir = scratch();
    // Reading standard input that never ends: the command waits until it is interrupted.
    const child = spawn(process.execPath, [cliPath, "port", "-", "-o", join(dir, "out")], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise((r) => setTimeout(r, 3000));
    child.kill("SIGINT");
    const status = await new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    expect(stderr).toBe("kernelize: interrupted (SIGINT); stopping\n");
    expect(status).toBe(130);
    expect(existsSync(join(dir, "out"))).toBe(false);
  }, 20_000);
});

describe("--help", () => {
  it("every command's help lists the exit codes", async () => {
    const program = await buildProgram();
    for (const command of program.commands) {
      const r = kernelize([command.name(), "--help"]);
      expect(r.status, command.name()).toBe(0);
      expect(r.stdout, command.name()).toMatch(/\nExit codes:\n {2}0 {7}done\n[^]* {2}2 {7}bad input or usage\n/);
    }
  }, 60_000);
});

describe("explain -o", () => {
  it("refuses a file named for a format it does not write, and one whose extension contradicts --format; writes nothing", () => {
    const dir = scratch();
    const pdf = kernelize(["explain", greeting, "-o", join(dir, "x.pdf")]);
    expect(pdf.status).toBe(2);
    expect(pdf.stderr).toBe(`kernelize: error: ${join(dir, "x.pdf")}: explain writes Markdown (.md), HTML (.html), JSON (.json) or text (.txt), not .pdf\n`);
    expect(existsSync(join(dir, "x.pdf"))).toBe(false);
    const mixed = kernelize(["explain", greeting, "-o", join(dir, "x.html"), "--format", "md"]);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toBe(`kernelize: error: ${join(dir, "x.html")}: --format md writes Markdown, not the HTML that .html names\n`);
    const text = kernelize(["explain", greeting, "-o", join(dir, "x.txt"), "--kernel", "6.1"]);
    expect(text.status, text.stderr).toBe(0);
    expect(existsSync(join(dir, "x.txt"))).toBe(true);
  });
});
