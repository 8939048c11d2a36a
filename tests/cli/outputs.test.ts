// What kernelize writes: only its own files, in the output directory, whole or not at all; a disk that is full or read-only is one line and exit 2.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildParts, missingParts } from "../helpers/parts.js";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";

function kernelize(args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", input: "", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratches: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "kernelize-outputs-"));
  scratches.push(dir);
  return dir;
};
const mounted: string[] = [];
afterAll(() => {
  for (const dir of mounted.reverse()) spawnSync("umount", [dir]);
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

const program = join(seedDir, "user_code.c");
const noStack = /\n\s+at .*:\d+:\d+\)?\n/;

describe("a symbolic link among the outputs is replaced, never written through", () => {
  it("port --force: DIR/Makefile linking to a file outside DIR leaves that file as it was", () => {
    const dir = scratch();
    mkdirSync(join(dir, "out"));
    writeFileSync(join(dir, "victim"), "not kernelize's\n");
    symlinkSync(join(dir, "victim"), join(dir, "out", "Makefile"));
    const r = kernelize(["port", program, "-o", join(dir, "out"), "--force", "--no-compile-check"]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe("not kernelize's\n");
    expect(lstatSync(join(dir, "out", "Makefile")).isFile()).toBe(true);
    expect(readFileSync(join(dir, "out", "Makefile"), "utf8")).toContain("obj-m += example.o");
  });

  it("explain --force -o LINK: the report replaces the link, and the file it named is untouched", () => {
    const dir = scratch();
    writeFileSync(join(dir, "victim"), "not kernelize's\n");
    symlinkSync(join(dir, "victim"), join(dir, "report.md"));
    const r = kernelize(["explain", program, "-o", join(dir, "report.md"), "--force"]);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "victim"), "utf8")).toBe("not kernelize's\n");
    expect(readFileSync(join(dir, "report.md"), "utf8")).toMatch(/^# How `user_code\.c` became/);
  });

  it("a hard link to the input is the input, and a FIFO is not a file of kernelize's: refused, --force or not", () => {
    const dir = scratch();
    copyFileSync(program, join(dir, "user_code.c"));
    linkSync(join(dir, "user_code.c"), join(dir, "report.md"));
    const hard = kernelize(["explain", join(dir, "user_code.c"), "-o", join(dir, "report.md"), "--force"]);
    expect(hard.status).toBe(2);
    expect(hard.stderr).toBe(`kernelize: error: ${join(dir, "report.md")}: would overwrite the input; choose another -o directory or --name\n`);
    expect(lstatSync(join(dir, "report.md")).nlink).toBe(2);

    expect(spawnSync("mkfifo", [join(dir, "pipe.md")]).status).toBe(0);
    const fifo = kernelize(["explain", program, "-o", join(dir, "pipe.md"), "--force"]);
    expect(fifo.status).toBe(2);
    expect(fifo.stderr).toBe(`kernelize: error: ${join(dir, "pipe.md")}: not a regular file; kernelize writes only files of its own\n`);
    expect(lstatSync(join(dir, "pipe.md")).isFIFO()).toBe(true);
  });
});

describe("a program of several files: none of its files is written, --force or not", () => {
  const multi = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "program");
  const copy = () => {
    const dir = join(scratch(), "shop");
    cpSync(multi, dir, { recursive: true });
    return dir;
  };
  const texts = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));

  it("port DIR -o a link to DIR --force: refused in one line, every file of the program as it was", () => {
    const dir = copy();
    const before = texts(dir);
    symlinkSync(dir, join(dir, "..", "link"));
    const r = kernelize(["port", dir, "-o", join(dir, "..", "link"), "--force", "--no-compile-check"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kernelize: error: .*link\/\w+\.[ch]: would overwrite the input; choose another -o directory or --name\n$/);
    expect(texts(dir)).toEqual(before);
  });

  it("port a.c b.c c.c -o their own directory --force: refused, nothing written", () => {
    const dir = copy();
    const before = texts(dir);
    const r = kernelize(["port", ...["main.c", "list.c", "strutil.c"].map((f) => join(dir, f)), "-o", `${dir}/`, "--force", "--no-compile-check"]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(texts(dir)).toEqual(before);
  });

  it.runIf(missingParts(buildParts).length === 0 || process.env.CI === "true")("build DIR -o OUT: a link among OUT's files is refused, and the program's own directory is never written", () => {
    const dir = copy();
    const before = texts(dir);
    const out = join(dir, "..", "out");
    mkdirSync(out);
    writeFileSync(join(dir, "..", "victim"), "not kernelize's\n");
    symlinkSync(join(dir, "..", "victim"), join(out, "list.h"));
    const linked = kernelize(["build", dir, "-o", out]);
    expect(linked.status).toBe(2);
    expect(linked.stderr).toMatch(/list\.h: not a plain file; choose another -o directory\n$/);
    expect(readFileSync(join(dir, "..", "victim"), "utf8")).toBe("not kernelize's\n");
    const other = join(dir, "..", "other");
    mkdirSync(other);
    writeFileSync(join(other, "Kbuild"), "obj-m += someone_else.o\n");
    const kbuild = kernelize(["build", dir, "-o", other, "--name", "shop"]);
    expect(kbuild.status).toBe(2);
    expect(kbuild.stderr).toMatch(/Kbuild: does not build shop\.o, and Kbuild reads it before the Makefile; choose another -o directory\n$/);
    const own = kernelize(["build", dir, "-o", dir]);
    expect(own.status).toBe(2);
    expect(own.stderr).toMatch(/: already exists with other content; choose another -o directory\n$/);
    expect(texts(dir)).toEqual(before);
  });
});

/** A small tmpfs of our own, mounted with `options` (root only; the test says so and is skipped elsewhere). */
function mountTmpfs(options: string): string | undefined {
  const dir = scratch();
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  mounted.push(dir);
  return dir;
}
const probe = mountTmpfs("size=4k");
const itMounts = probe !== undefined ? it : it.skip;
const buildHere = missingParts(buildParts).length === 0;

describe("a file system that is full or read-only: one line naming the file, exit 2, nothing half-written", () => {
  itMounts("a full disk leaves no file and no temporary file, for port, explain and build", () => {
    const disk = mountTmpfs("size=8k")!;
    mkdirSync(join(disk, "out"));
    // Fills what is left: a block or two remain for directory entries, not for the module.
    spawnSync("dd", ["if=/dev/zero", `of=${join(disk, "fill")}`, "bs=1k", "count=64"]);
    const out = join(disk, "out");
    const cases: Array<[string[], string]> = [
      [["port", program, "-o", out, "--no-compile-check"], join(out, "example.c")],
      [["explain", program, "-o", join(out, "report.md")], join(out, "report.md")],
      ...(buildHere ? [[["build", program, "-o", out], join(out, "example.c")] as [string[], string]] : []),
    ];
    for (const [args, file] of cases) {
      const r = kernelize(args);
      expect([args[0], r.status]).toEqual([args[0], 2]);
      expect(r.stderr).toBe(`kernelize: error: ${file}: cannot write: no space left on the device (ENOSPC)\n`);
      expect(readdirSync(out)).toEqual([]);
    }
  });

  itMounts("a read-only file system: one line and exit 2 for port, explain and build", () => {
    const disk = mountTmpfs("ro,size=8k")!;
    const cases: Array<[string[], string]> = [
      [["port", program, "-o", join(disk, "out"), "--no-compile-check"], `${join(disk, "out")}: cannot create this directory: read-only file system (EROFS)`],
      [["port", program, "-o", disk, "--no-compile-check"], `${join(disk, "example.c")}: cannot write: read-only file system (EROFS)`],
      [["explain", program, "-o", join(disk, "report.md")], `${join(disk, "report.md")}: cannot write: read-only file system (EROFS)`],
      ...(buildHere ? [[["build", program, "-o", disk], `${join(disk, "example.c")}: cannot write: read-only file system (EROFS)`] as [string[], string]] : []),
    ];
    for (const [args, message] of cases) {
      const r = kernelize(args);
      expect([args[0], r.status]).toEqual([args[0], 2]);
      expect(r.stderr).toBe(`kernelize: error: ${message}\n`);
      expect(r.stderr).not.toMatch(noStack);
    }
  });
});
