// `kernelize explain` as a user meets it: four formats, a report file written whole, bad input refused like `port`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";

const seed = join(seedDir, "user_code.c");
const golden = (name: string) => readFileSync(join(repoRoot, "tests", "explain", "goldens", name), "utf8");

function kernelize(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: "utf8",
    input: options.input ?? "",
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-explain-"));
const ANSI = /\u001b\[/;

describe("kernelize explain", () => {
  it("prints the Markdown report with --format md: the seed's golden", () => {
    const r = kernelize(["explain", seed, "--name", "kernel_code", "--format", "md"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden("seed.explain.md"));
  });

  it("prints the JSON report with --format json: the seed's golden", () => {
    const r = kernelize(["explain", seed, "--name", "kernel_code", "--format", "json"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden("seed.explain.json"));
  });

  it("prints plain terminal text when standard output is not a terminal, wrapped to COLUMNS", () => {
    const r = kernelize(["explain", seed, "--name", "kernel_code"], { env: { COLUMNS: "60" } });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toContain("── Hunk 4 of 4");
    expect(r.stdout).toContain("+\tmsg = KERN_ERR \"unable to update\\n\";");
    expect(r.stdout).toContain("▸ Background: Why the kernel's allocators");
    // Prose wraps to 60 columns; diff lines, the Makefile and links are kept whole.
    const prose = r.stdout.split("\n").filter((l) => !/^[-+@\\]/.test(l) && !/^ \S/.test(l) && !l.includes("\t") && !l.includes("https://"));
    expect(prose.length).toBeGreaterThan(100);
    expect(prose.filter((l) => [...l].length > 60)).toEqual([]);
  });

  // util-linux script(1) makes the terminal; skipped where it is missing, failed under CI=true (its Debian image has it).
  const hasScript = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!hasScript && process.env.CI !== "true")("colors the diff and wraps to the terminal's width on a TTY", () => {
    // script(1) gives the command a pseudo-terminal 70 columns wide; a terminal that says what it
    // is (TERM), as every terminal emulator does, outside a CI job: without TERM, or with CI set, Node gives a
    // colour depth of one bit.
    const r = spawnSync("script", ["-q", "-c", `stty cols 70; "${process.execPath}" "${cliPath}" explain "${seed}"`, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", TERM: "xterm-256color", CI: "" },
    });
    const lines = r.stdout.replace(/\r/g, "").split("\n");
    expect(lines.find((l) => l.includes("-#include <err.h>"))).toBe("\u001b[31m-#include <err.h>\u001b[39m");
    const visible = (l: string) => [...l.replace(/\u001b\[[0-9;]*m/g, "")].length;
    const prose = lines.filter((l) => !/^(\u001b\[\d+m)?[-+@\\]/.test(l) && !/^ \S/.test(l) && !l.includes("\t") && !l.includes("https://"));
    expect(prose.length).toBeGreaterThan(20);
    expect(prose.filter((l) => visible(l) > 70)).toEqual([]);
  });

  it("writes -o FILE in the format its extension names, and overwrites it only with --force", () => {
    const dir = scratch();
    const out = join(dir, "report.html");
    const r = kernelize(["explain", seed, "-o", out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`kernelize: wrote ${out} (4 hunks, 8 rules)\n`);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    writeFileSync(out, "mine\n");
    const again = kernelize(["explain", seed, "-o", out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^kernelize: error: .*report\.html: already exists \(use --force to overwrite it\)\n$/);
    expect(readFileSync(out, "utf8")).toBe("mine\n");
    expect(kernelize(["explain", seed, "-o", out, "--force"]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(html);
    expect(readdirSync(dir)).toEqual(["report.html"]);
  });

  it("reads standard input with -, and names it user.c", () => {
    const r = kernelize(["explain", "-", "--format", "md", "--name", "piped"], { input: readFileSync(seed, "utf8") });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("# How `user.c` became the kernel module `piped.c`");
  });
});

describe("kernelize explain with bad input: one line, exit code 2, nothing written", () => {
  const cases: Array<{ what: string; setup: (dir: string) => string[]; message: RegExp }> = [
    { what: "a missing file", setup: (d) => [join(d, "nope.c")], message: /^kernelize: error: .*nope\.c: no such file\n$/ },
    // A directory is a program of several files, as for port: this one has none.
    { what: "a directory without C files", setup: (d) => [d], message: /: no \.c files in this directory\n$/ },
    {
      what: "an empty file",
      setup: (d) => (writeFileSync(join(d, "empty.c"), ""), [join(d, "empty.c")]),
      message: /^.*empty\.c: error\[K0001\]: the input is empty\n/,
    },
    {
      what: "binary data",
      setup: (d) => (writeFileSync(join(d, "bin.c"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1])), [join(d, "bin.c")]),
      message: /^kernelize: error: .*bin\.c: binary data \(a NUL byte at offset 4\), not C source\n$/,
    },
    {
      what: "C with a syntax error",
      setup: (d) => (writeFileSync(join(d, "broken.c"), "int main(void)\n{\n\treturn 0\n}\n"), [join(d, "broken.c")]),
      message: /^.*broken\.c:3:\d+: error\[K0003\]: syntax error/,
    },
    {
      what: "a program the port refuses",
      setup: (d) => (writeFileSync(join(d, "fork.c"), "#include <unistd.h>\n\nint main(void)\n{\n\tfork();\n\treturn 0;\n}\n"), [join(d, "fork.c")]),
      message: /^.*fork\.c:5:2: error\[K\d+\]: .*fork/,
    },
    { what: "an unknown --format", setup: () => [seed, "--format", "pdf"], message: /^kernelize: error: --format pdf: choose terminal, md, html or json\n$/ },
    { what: "a bad --name", setup: () => [seed, "--name", "9lives"], message: /^kernelize: error: --name 9lives: a module name is letters, digits/ },
    {
      what: "-o naming the input",
      setup: (d) => (writeFileSync(join(d, "prog.c"), readFileSync(seed, "utf8")), [join(d, "prog.c"), "-o", join(d, "prog.c"), "--force"]),
      message: /^kernelize: error: .*prog\.c: would overwrite the input/,
    },
  ];

  it.each(cases)("$what", ({ setup, message }) => {
    const dir = scratch();
    const report = join(scratch(), "report.md");
    const args = setup(dir);
    const before = readdirSync(dir).sort();
    const r = kernelize(["explain", ...args, ...(args.includes("-o") ? [] : ["-o", report])]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(existsSync(report)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
