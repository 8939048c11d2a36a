// The `kernelize port` command as a user meets it: files written, diffs shown, bad input refused cleanly.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { cliPath, repoRoot, seedDir } from "../helpers/paths.js";

function kernelize(args: string[], options: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd: options.cwd, input: options.input ?? "" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-cli-"));

describe("kernelize port", () => {
  it("writes NAME.c and the Makefile into -o DIR", () => {
    const out = join(scratch(), "mod");
    const r = kernelize(["port", join(seedDir, "user_code.c"), "-o", out, "--name", "kernel_code"]);
    expect(r.stderr).toMatch(/wrote .*kernel_code\.c and .*Makefile/);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["Makefile", "kernel_code.c"]);
    expect(readFileSync(join(out, "Makefile"), "utf8")).toContain("obj-m += kernel_code.o");
  });

  it("names the module after the program's function prefix by default", () => {
    const out = scratch();
    expect(kernelize(["port", join(seedDir, "user_code.c"), "-o", out]).status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["Makefile", "example.c"]);
  });

  it("without -o writes into a directory named after the module, so a module named after its file never lands on the input", () => {
    const dir = scratch();
    const program = "#include <stdio.h>\n\nint main(void)\n{\n\tprintf(\"a list\\n\");\n\treturn 0;\n}\n";
    writeFileSync(join(dir, "list.c"), program);
    const r = kernelize(["port", "list.c"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/wrote list\/list\.c and list\/Makefile/);
    expect(readdirSync(join(dir, "list")).sort()).toEqual(["Makefile", "list.c"]);
    expect(readFileSync(join(dir, "list.c"), "utf8")).toBe(program);
  });

  it("prints the unified diff with --diff, and --dry-run writes nothing", () => {
    const out = scratch();
    const r = kernelize(["port", join(seedDir, "user_code.c"), "-o", out, "--diff", "--dry-run"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("-int main(void)\n+int example_init(void)\n");
    expect(r.stdout.split("\n").filter((l) => l.startsWith("@@"))).toHaveLength(4);
    expect(readdirSync(out)).toEqual([]);
  });

  it("reads standard input with -", () => {
    const out = scratch();
    const r = kernelize(["port", "-", "-o", out, "--name", "piped"], { input: readFileSync(join(seedDir, "user_code.c"), "utf8") });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, "piped.c"), "utf8")).toContain("int example_init(void)");
  });

  it("overwrites existing outputs only with --force", () => {
    const out = scratch();
    const args = ["port", join(seedDir, "user_code.c"), "-o", out];
    expect(kernelize(args).status).toBe(0);
    writeFileSync(join(out, "example.c"), "mine\n");
    const again = kernelize(args);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^kernelize: error: .*example\.c: already exists \(use --force to overwrite it\)\n$/);
    expect(readFileSync(join(out, "example.c"), "utf8")).toBe("mine\n");
    expect(kernelize([...args, "--force"]).status).toBe(0);
    expect(readFileSync(join(out, "example.c"), "utf8")).toContain("example_init");
  });
});

describe("bad input: one line naming the file, exit code 2, nothing written", () => {
  const cases: Array<{ what: string; setup: (dir: string) => string[]; message: RegExp }> = [
    { what: "a missing file", setup: (d) => [join(d, "nope.c")], message: /^kernelize: error: .*nope\.c: no such file$/ },
    // A directory is a program of several files now: one with no C file in it is refused.
    { what: "a directory with no C file", setup: (d) => [d], message: /: no \.c files in this directory$/ },
    {
      what: "an empty file",
      setup: (d) => (writeFileSync(join(d, "empty.c"), ""), [join(d, "empty.c")]),
      message: /^.*empty\.c: error\[K0001\]: the input is empty$/,
    },
    {
      what: "binary data",
      setup: (d) => (writeFileSync(join(d, "bin.c"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])), [join(d, "bin.c")]),
      message: /bin\.c: binary data \(a NUL byte at offset 4\), not C source$/,
    },
    {
      what: "C with a syntax error",
      setup: (d) => (writeFileSync(join(d, "broken.c"), "int main(void)\n{\n\treturn 0\n}\n"), [join(d, "broken.c")]),
      message: /^.*broken\.c:3:\d+: error\[K0003\]: syntax error/,
    },
    {
      what: "a program with no main",
      setup: (d) => (writeFileSync(join(d, "lib.c"), "int twice(int x)\n{\n\treturn 2 * x;\n}\n"), [join(d, "lib.c")]),
      message: /^.*lib\.c: error\[K1001\]: no main\(\) function/,
    },
    {
      what: "an output that would overwrite the input",
      setup: (d) => (copyFileSync(join(seedDir, "user_code.c"), join(d, "user_code.c")), [join(d, "user_code.c"), "--name", "user_code"]),
      message: /user_code\.c: would overwrite the input/,
    },
    {
      what: "an existing output without --force",
      setup: (d) => (writeFileSync(join(d, "Makefile"), "all:\n"), [join(seedDir, "user_code.c")]),
      message: /Makefile: already exists \(use --force to overwrite it\)$/,
    },
    { what: "an invalid --name", setup: () => [join(seedDir, "user_code.c"), "--name", "9 lives"], message: /--name 9 lives: a module name is/ },
  ];

  it.each(cases)("$what", ({ setup, message }) => {
    const dir = scratch();
    const before = () => readdirSync(dir).map((f) => [f, existsSync(join(dir, f)) ? readFileSync(join(dir, f)).toString("hex") : ""]);
    const args = setup(dir);
    const snapshot = JSON.stringify(before());
    const r = kernelize(["port", ...args, "-o", dir]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
    expect(JSON.stringify(before())).toBe(snapshot);
  });

  it("-o where nothing can be created (a virtual file system) is one line and exit 2, at once", () => {
    for (const out of ["/proc/kernelize-out", "/sys/kernelize-out/deeper"]) {
      const r = spawnSync(process.execPath, [cliPath, "port", join(seedDir, "user_code.c"), "-o", out], { encoding: "utf8", timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^kernelize: error: ${out}: cannot create this directory: [^\n]+ \\(E[A-Z]+\\)\n$`));
    }
  });

  it("a file too large to be a program is refused by every command before it is read", () => {
    const big = join(scratch(), "big.c");
    writeFileSync(big, "");
    truncateSync(big, 20 * 2 ** 20);
    for (const command of ["port", "explain", "lint", "build", "check", "run"]) {
      const r = kernelize([command, big]);
      expect([command, r.status]).toEqual([command, 2]);
      expect(r.stderr).toBe(`kernelize: error: ${big}: 20 MB; kernelize reads C files of up to 16 MB\n`);
    }
  });

  it("a --name longer than the kernel keeps is refused before anything is written", () => {
    const dir = scratch();
    const r = kernelize(["port", join(seedDir, "user_code.c"), "--name", "a".repeat(300), "-o", join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("kernelize: error: --name aaaaaaaaaaaaaaaaaaaa... (300 characters): the kernel keeps at most 55 characters of a module's name\n");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  it("-o through a symbolic link to the input's own directory never overwrites the input, --force or not", () => {
    const dir = scratch();
    mkdirSync(join(dir, "in"));
    copyFileSync(join(seedDir, "user_code.c"), join(dir, "in", "user_code.c"));
    symlinkSync(join(dir, "in"), join(dir, "link"));
    const r = kernelize(["port", join(dir, "in", "user_code.c"), "-o", join(dir, "link"), "--name", "user_code", "--force"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/link\/user_code\.c: would overwrite the input/);
    expect(readFileSync(join(dir, "in", "user_code.c"))).toEqual(readFileSync(join(seedDir, "user_code.c")));
    expect(readdirSync(join(dir, "in"))).toEqual(["user_code.c"]);
  });

  it("a program outside the portable subset: every problem with line:column and a note", () => {
    const dir = scratch();
    mkdirSync(join(dir, "in"));
    writeFileSync(join(dir, "in", "fork.c"), "#include <sys/utsname.h>\nint main(void)\n{\n\tfork();\n\treturn 0;\n}\n");
    const r = kernelize(["port", join(dir, "in", "fork.c"), "-o", join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fork\.c:1:1: error\[K1002\]: <sys\/utsname\.h> has no kernel counterpart/);
    expect(r.stderr).toMatch(/fork\.c:4:2: error\[K3004\]: fork\(\): processes cannot be ported into a module/);
    expect(r.stderr).toMatch(/\n +\| +\^~~~\n/);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("refused fixtures through the command", () => {
  const fixtures = join(repoRoot, "tests", "fixtures");
  const refused = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, "diagnostics.txt")) && !existsSync(join(fixtures, d, "kernel.c")));

  it.each(refused)("%s: exit code 2, its diagnostics on stderr, nothing written", (name) => {
    const out = join(scratch(), "out");
    const r = kernelize(["port", join(fixtures, name, "user.c"), "-o", out]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const firstCode = /error\[(K\d+)\]/.exec(readFileSync(join(fixtures, name, "diagnostics.txt"), "utf8"))![1];
    expect(r.stderr).toMatch(new RegExp(`user\\.c:\\d+:\\d+: error\\[${firstCode}\\]`));
    expect(existsSync(out)).toBe(false);
  });

  it("--style kernel writes the kernel's style, with the author given; --kernel picks the API", () => {
    const out = scratch();
    const r = kernelize(["port", join(seedDir, "user_code.c"), "-o", out, "--style", "kernel", "--author", "A. Author <a@example.org>", "--description", "Greets twice"]);
    expect(r.status).toBe(0);
    const module = readFileSync(join(out, "example.c"), "utf8");
    expect(module.split("\n")[0]).toBe("// SPDX-License-Identifier: GPL-2.0");
    expect(module).toContain("static int __init example_init(void)\n{\n");
    expect(module).toContain('MODULE_DESCRIPTION("Greets twice");\nMODULE_AUTHOR("A. Author <a@example.org>");\n');
    const newer = scratch();
    expect(kernelize(["port", join(seedDir, "user_code.c"), "-o", newer, "--kernel", "6.12"]).status).toBe(0);
    expect(readFileSync(join(newer, "example.c"), "utf8")).toContain("static int example_init(void)\n");
  });

  it("refuses an unknown --style or a --kernel that is not X.Y, before reading anything", () => {
    for (const [flag, value, message] of [
      ["--style", "gnu", /--style gnu: choose minimal or kernel/],
      ["--kernel", "latest", /--kernel latest: give a kernel release as X\.Y/],
    ] as const) {
      const out = scratch();
      const r = kernelize(["port", "does-not-exist.c", "-o", out, flag, value]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js/);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});

describe("--kernel means a release everywhere", () => {
  it("run and check take the image with --kernel-image, and say so to a --kernel given a path", () => {
    for (const command of ["run", "check"]) {
      const r = kernelize([command, join(seedDir, "user_code.c"), "--kernel", "/boot/vmlinuz"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe("kernelize: error: --kernel /boot/vmlinuz: give a kernel release as X.Y, for example 6.1; an image to boot goes with --kernel-image PATH\n");
    }
  });
});

describe("port compiles the module before calling it done", () => {
  const withHeaders = itNeeds(buildParts);
  // A 4 KiB array on the stack with an initialiser, which the port does not move to the heap: it
  // keeps it (K3012), and the kernel's -Wframe-larger-than=2048 warns.
  const FRAME = "#include <stdio.h>\n#include <string.h>\n\nstatic void show(const char *word)\n{\n\tchar line[4096] = \"> \";\n\n\tstrcat(line, word);\n\tprintf(\"%s\\n\", line);\n}\n\nint main(void)\n{\n\tshow(\"hello\");\n\treturn 0;\n}\n";

  withHeaders("exits 1 when the kernel's compiler warns, with the warning at the user's line, and writes the module all the same", () => {
    const dir = scratch();
    writeFileSync(join(dir, "frame.c"), FRAME);
    const r = kernelize(["port", join(dir, "frame.c"), "-o", join(dir, "out")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/frame\.c:10:1: warning: the frame size of \d+ bytes is larger than 2048 bytes \[-Wframe-larger-than=\] \(line \d+ of .*out\/frame\.c\)/);
    expect(r.stderr).toMatch(/kernelize: error: the module does not compile cleanly against \S+: 0 errors, 1 warning/);
    expect(existsSync(join(dir, "out", "frame.c"))).toBe(true);
    // --no-compile-check writes it and says nothing of the compiler.
    const unchecked = kernelize(["port", join(dir, "frame.c"), "-o", join(dir, "out"), "--force", "--no-compile-check"]);
    expect(unchecked.status).toBe(0);
  }, 120_000);

  withHeaders("exits 0 on a 128-bit remainder: the module defines libgcc's __umodti3(), which modpost would otherwise find missing", () => {
    const dir = scratch();
    const program = "#include <stdio.h>\n\nint main(void)\n{\n\tunsigned __int128 big = 1;\n\tint i;\n\n\tfor (i = 0; i < 100; i++)\n\t\tbig *= 3;\n\tprintf(\"%llu\\n\", (unsigned long long)(big % 1000000007u));\n\treturn 0;\n}\n";
    writeFileSync(join(dir, "wide.c"), program);
    const r = kernelize(["port", join(dir, "wide.c"), "-o", join(dir, "out")]);
    expect(r.stderr).not.toMatch(/undefined!/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "out", "wide.c"), "utf8")).toContain("static __used unsigned __int128 __umodti3(unsigned __int128 n, unsigned __int128 d)\n{");
  }, 120_000);

  withHeaders("exits 0 on the seed, which compiles cleanly", () => {
    const r = kernelize(["port", join(seedDir, "user_code.c"), "-o", join(scratch(), "out")]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/warning|error/);
  }, 120_000);
});

describe("one error style", () => {
  it("commander's own errors read like the others: kernelize: error: …, exit 2", () => {
    const unknown = kernelize(["port", "--bogus", "x.c"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("kernelize: error: unknown option '--bogus'\n");
    const missing = kernelize(["check"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("kernelize: error: missing required argument 'files'\n");
  });

  it("--help lists the exit codes", () => {
    expect(kernelize(["--help"]).stdout).toMatch(/Exit codes:\n  0       done\n  1       the check.*\n  2       bad input or usage\n  69      a part kernelize needs is missing/);
  });
});
