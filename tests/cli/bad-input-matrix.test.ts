// Every command against every kind of bad input: one error line, the right exit code, no stack trace, nothing left in TMPDIR or running, the input as it was.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildParts, missingParts } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";

type Command = "port" | "explain" | "build" | "lint" | "run" | "check";

interface Row {
  what: string;
  /** The commands of the row (run and check only where they refuse before a kernel boots). */
  commands: readonly Command[];
  /** The arguments, given the cell's input directory (also its working directory) and a directory for outputs. */
  args(command: Command, input: string, out: string): string[];
  /** The exit code; 0 where the input is odd but good. */
  status: number;
  /** What the one error line says. */
  message?: RegExp;
}

const NAME = "a".repeat(300);
const WEIRD = "my prog;$(touch pwned) `touch pwned2`.c";

const root = mkdtempSync(join(tmpdir(), "kernelize-matrix-"));
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted) spawnSync("umount", [dir]);
  rmSync(root, { recursive: true, force: true });
});

/** A read-only place to write to: a read-only tmpfs of the test's own where mounting is allowed, else /proc/sys (read-only to new files even for root). */
const readOnly = (() => {
  const dir = join(root, "read-only");
  mkdirSync(dir);
  if (spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=4k", "tmpfs", dir]).status === 0) {
    mounted.push(dir);
    return dir;
  }
  // chmod does not stop root; kept for a run as another user.
  chmodSync(dir, 0o555);
  return process.getuid?.() === 0 ? "/proc/sys" : dir;
})();

const ALL: readonly Command[] = ["port", "explain", "build", "lint", "run", "check"];
const WRITERS: readonly Command[] = ["port", "explain", "build"];
/** Where each command takes -o: a directory, or explain's report file. */
const outArg = (command: Command, dir: string) => (command === "explain" ? join(dir, "prog.c") : dir);

const rows: Row[] = [
  { what: "a missing file", commands: ALL, args: (c, d) => [c, join(d, "nope.c")], status: 2, message: /nope\.c: no such file/ },
  { what: "a directory with no C file", commands: ALL, args: (c, d) => [c, join(d, "empty-dir")], status: 2, message: /empty-dir: (is a directory|no \.c files|no Kbuild)/ },
  { what: "an empty file", commands: ["port", "explain", "build", "lint"], args: (c, d) => [c, join(d, "empty.c")], status: 2, message: /empty\.c: (error\[K0001\]: the input is empty|not a kernel module)/ },
  { what: "binary data", commands: ALL, args: (c, d) => [c, join(d, "bin.c")], status: 2, message: /bin\.c: binary data \(a NUL byte at offset 4\), not C source$/ },
  { what: "a file of 20 MB", commands: ALL, args: (c, d) => [c, join(d, "big.c")], status: 2, message: /big\.c: 20 MB; kernelize reads C files of up to 16 MB$/ },
  {
    what: "blanks and shell characters in the name",
    commands: ["port", "explain", "lint"],
    args: (c, d, o) => [c, join(d, WEIRD), ...(c === "port" ? ["-o", o, "--no-compile-check"] : [])],
    // lint reads the file (the name intact in its message) and finds a program, not a module.
    status: -1,
  },
  { what: "a leading dash", commands: ALL, args: (c) => [c, "-x.c"], status: 2, message: /^kernelize: error: unknown option '-x\.c'$/ },
  { what: "a leading dash after --", commands: ["port", "explain"], args: (c, _d, o) => [c, ...(c === "port" ? ["-o", o, "--no-compile-check"] : []), "--", "-x.c"], status: 0 },
  { what: "a --name of 300 characters", commands: ALL, args: (c, d) => [c, join(d, "prog.c"), "--name", NAME], status: 2, message: /(--name a{20}\.\.\. \(300 characters\): the kernel keeps at most 55|unknown option '--name')/ },
  { what: "-o on a read-only file system", commands: WRITERS, args: (c, d) => [c, join(d, "prog.c"), "-o", join(readOnly, c === "explain" ? "report.md" : "out")], status: 2, message: /(cannot create this directory|cannot write): .* \(E[A-Z]+\)$/ },
  { what: "-o onto the input", commands: WRITERS, args: (c, d) => [c, join(d, "prog.c"), "-o", outArg(c, d), "--name", "prog", ...(c === "build" ? [] : ["--force"])], status: 2, message: /prog\.c: (would overwrite the input|already exists with other content)/ },
  { what: "-o through a symbolic link to the input's directory", commands: WRITERS, args: (c, d) => [c, join(d, "prog.c"), "-o", outArg(c, join(d, "link")), "--name", "prog", ...(c === "build" ? [] : ["--force"])], status: 2, message: /prog\.c: (would overwrite the input|already exists with other content)/ },
  { what: "-o under /proc", commands: WRITERS, args: (c, d) => [c, join(d, "prog.c"), "-o", c === "explain" ? "/proc/kernelize-report.md" : "/proc/kernelize-out"], status: 2, message: /\/proc\/kernelize-\S+: (cannot create this directory|cannot write): .* \(ENOENT\)$/ },
];

/** build finds kernel headers before it reads anything; check refuses early only where valgrind is installed (else: exit 69). */
const skipped = (command: Command): string | undefined => {
  if (command === "build" && missingParts(buildParts).length > 0) return "no kernel headers";
  if (command === "check" && spawnSync("sh", ["-c", "command -v valgrind && command -v addr2line"]).status !== 0) return "no valgrind";
  return undefined;
};

const cells = rows.flatMap((row) => row.commands.map((command) => ({ ...row, command, name: `${row.what}: ${command}`, skip: skipped(command) })));
const runnable = cells.filter((c) => c.skip === undefined);
const notHere = cells.filter((c) => c.skip !== undefined).map((c) => ({ ...c, name: `${c.name} (needs what is missing here: ${c.skip})` }));

/** Every entry of `dir` (which holds files, an empty directory and a link to itself), with a hash of each file's bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const info = lstatSync(path);
    files[entry] = info.isFile() ? `${info.size}:${createHash("sha1").update(readFileSync(path)).digest("hex")}` : info.isSymbolicLink() ? "link" : `dir of ${readdirSync(path).length}`;
  }
  return files;
}

/** A fake QEMU first on PATH: run and check may look for it, and a refused input must never start it. */
const fakeBin = join(root, "bin");
mkdirSync(fakeBin);
writeFileSync(join(fakeBin, "qemu-system-x86_64"), `#!/bin/sh\necho "$@" >> "${join(root, "qemu-started")}"\nexit 1\n`, { mode: 0o755 });

function run(args: string[], cwd: string, tmp: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, TMPDIR: tmp, PATH: `${fakeBin}:${process.env.PATH}` }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe.concurrent("bad input, every command: one line, the right exit code, nothing left behind", () => {
  it.skip.each(notHere)("$name", () => {});
  it.each(runnable)("$name", async (cell) => {
    const base = mkdtempSync(join(root, "cell-"));
    const input = join(base, "in");
    const out = join(base, "out");
    const tmp = join(base, "tmp");
    for (const d of [input, tmp, join(input, "empty-dir")]) mkdirSync(d, { recursive: true });
    copyFileSync(join(seedDir, "user_code.c"), join(input, "prog.c"));
    copyFileSync(join(seedDir, "user_code.c"), join(input, WEIRD));
    copyFileSync(join(seedDir, "user_code.c"), join(input, "-x.c"));
    writeFileSync(join(input, "empty.c"), "");
    writeFileSync(join(input, "bin.c"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    // Only where it is the input: every snapshot reads every file.
    if (cell.message?.source.includes("20 MB")) {
      writeFileSync(join(input, "big.c"), "");
      truncateSync(join(input, "big.c"), 20 * 2 ** 20);
    }
    symlinkSync(input, join(input, "link"));
    const before = snapshot(input);

    const r = await run(cell.args(cell.command, input, out), input, tmp);

    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(r.stderr, "a stack trace").not.toMatch(/\n\s+at \S.*:\d+:\d+\)?$/m);
    if (cell.status === -1) {
      // Odd but good: port and explain work, lint says what the file is, with its name intact.
      expect(r.status).toBe(cell.command === "lint" ? 2 : 0);
      if (cell.command === "lint") expect(lines).toEqual([`kernelize: error: ${join(input, WEIRD)}: not a kernel module (no #include <linux/...> and no module_init); to lint a program, port it first (kernelize port ${join(input, WEIRD)})`]);
      if (cell.command === "port") expect(readdirSync(out).sort()).toEqual(["Makefile", "example.c"]);
      if (cell.command === "explain") expect(r.stdout).toContain("example_init");
    } else if (cell.status === 0) {
      expect(r.status, r.stderr).toBe(0);
      expect(lines.length).toBeLessThanOrEqual(1);
    } else {
      expect(r.status, r.stderr).toBe(cell.status);
      expect(r.stdout).toBe("");
      // One error; a compiler-style diagnostic may add its note.
      expect(lines.filter((l) => !l.startsWith("note: "))).toHaveLength(1);
      expect(lines[0]).toMatch(/^(kernelize: error: |\S.*: error\[K\d{4}\]: )/);
      expect(lines[0]).toMatch(cell.message!);
    }
    expect(existsSync(join(input, "pwned")) || existsSync(join(input, "pwned2"))).toBe(false);
    expect(snapshot(input)).toEqual(before);
    expect(readdirSync(tmp)).toEqual([]);
    expect(spawnSync("pgrep", ["-f", base], { encoding: "utf8" }).stdout).toBe("");
    rmSync(base, { recursive: true, force: true });
  });
});

describe("build and run refuse a bad input before they look for kernel headers or boot", () => {
  it.concurrent.each(["build", "run"] as const)("%s: the input's one line, not the headers'", async (command) => {
    const dir = mkdtempSync(join(root, "order-"));
    writeFileSync(join(dir, "bin.c"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    copyFileSync(join(seedDir, "user_code.c"), join(dir, "prog.c"));
    const tmp = join(dir, "tmp");
    mkdirSync(tmp);
    // Headers that are not there: only what comes before looking for them can be reported.
    const binary = await run([command, join(dir, "bin.c"), "--kdir", join(dir, "no-headers")], dir, tmp);
    expect([binary.status, binary.stderr]).toEqual([2, `kernelize: error: ${join(dir, "bin.c")}: binary data (a NUL byte at offset 4), not C source\n`]);
    const named = await run([command, join(dir, "prog.c"), "--kdir", join(dir, "no-headers"), "--name", NAME], dir, tmp);
    expect([named.status, named.stderr]).toEqual([2, `kernelize: error: --name ${"a".repeat(20)}... (300 characters): the kernel keeps at most 55 characters of a module's name\n`]);
  });
});

describe("after the matrix", () => {
  it("no refused input booted a kernel (the fake QEMU never got a -kernel)", () => {
    const started = existsSync(join(root, "qemu-started")) ? readFileSync(join(root, "qemu-started"), "utf8") : "";
    expect(started.split("\n").filter((l) => l.includes("-kernel"))).toEqual([]);
  });
});
