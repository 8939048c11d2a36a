// Kbuild builds against the installed headers: the seed builds clean, gcc's output parses, errors map to the user's lines.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { buildModule, compareVersions, compileCheck, findKernelDir, parseBuildLog, readModinfo } from "../../src/verify/kbuild.js";
import { lineMapFromEdits, lineMapOfPort } from "../../src/verify/line-map.js";
import { VerifyInputError } from "../../src/verify/parts.js";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";

const withHeaders = itNeeds(buildParts);
const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-kbuild-test-"));

/** A program that ports cleanly and then fails to compile: an edit above it moves its lines up. */
const BUILD_ERROR_PROGRAM = [
  "#include <stdio.h>",
  "#include <stdlib.h>",
  "#include <string.h>",
  "#include <errno.h>",
  "",
  "static int words_count(const char *s)",
  "{",
  "\tint *n = s;",
  "\tvolatile int unused;",
  "\treturn *n;",
  "}",
  "",
  "int main(void)",
  "{",
  '\tprintf("%d\\n", words_count("a b"));',
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("parseBuildLog", () => {
  const log = [
    "make: Entering directory '/usr/src/linux-headers-6.1.0-56-amd64'",
    "  CC [M]  /tmp/kzw/bad.o",
    "/tmp/kzw/bad.c: In function 'bad_init':",
    "/tmp/kzw/bad.c:5:19: warning: initialization of 'char *' from 'int' makes pointer from integer without a cast [-Wint-conversion]",
    "    5 |         char *p = 5;",
    "      |                   ^",
    "/tmp/kzw/bad.c:6:9: error: implicit declaration of function 'undefined_fn' [-Werror=implicit-function-declaration]",
    "    6 |         undefined_fn();",
    "      |         ^~~~~~~~~~~~",
    "/tmp/kzw/bad.c:6:9: note: a note about it",
    "cc1: some warnings being treated as errors",
    "  MODPOST /tmp/kzw/Module.symvers",
    'ERROR: modpost: "undefined_fn" [/tmp/kzw/bad.ko] undefined!',
    "make[1]: *** [/usr/src/linux-headers-6.1.0-56-common/scripts/Makefile.build:255: /tmp/kzw/bad.o] Error 1",
  ].join("\n");

  it("reads gcc's warnings and errors with position, flag, function, frame and notes", () => {
    const [warning, error, modpost] = parseBuildLog(log);
    expect(warning).toMatchObject({
      severity: "warning",
      tool: "gcc",
      file: "/tmp/kzw/bad.c",
      line: 5,
      column: 19,
      flag: "-Wint-conversion",
      function: "bad_init",
      message: "initialization of 'char *' from 'int' makes pointer from integer without a cast",
    });
    expect(warning!.frame).toEqual(["    5 |         char *p = 5;", "      |                   ^"]);
    // -Werror=… turns a warning into an error: it is counted as one.
    expect(error).toMatchObject({ severity: "error", line: 6, column: 9, flag: "-Werror=implicit-function-declaration" });
    expect(error!.notes).toEqual(["/tmp/kzw/bad.c:6:9: note: a note about it"]);
    expect(modpost).toMatchObject({ severity: "error", tool: "modpost", message: '"undefined_fn" [/tmp/kzw/bad.ko] undefined!' });
  });

  it("finds nothing in a clean build's output", () => {
    expect(parseBuildLog("  CC [M]  /tmp/x/a.o\n  MODPOST /tmp/x/Module.symvers\n  LD [M]  /tmp/x/a.ko\n")).toEqual([]);
  });
});

describe("lineMapFromEdits", () => {
  it("maps module lines back across edits that remove and rewrite lines", async () => {
    const result = await translate(BUILD_ERROR_PROGRAM, { fileName: "words.c" });
    expect(result.ok).toBe(true);
    const moduleLines = result.module!.split("\n");
    const map = lineMapFromEdits(BUILD_ERROR_PROGRAM, result.module!, result.edits);
    const lineOf = (text: string) => moduleLines.indexOf(text) + 1;
    // Four includes became one: everything below moved up three lines.
    expect(map.line(lineOf("\tint *n = s;"))).toBe(8);
    expect(map.position(lineOf("\tint *n = s;"), 18)).toEqual({ line: 8, column: 18, generated: false });
    // The init function's name was written by an edit: it maps to main's line.
    const initLine = moduleLines.findIndex((l) => /_init\(void\)$/.test(l)) + 1;
    expect(map.position(initLine, 5)).toMatchObject({ line: 13, generated: true });
    expect(map.line(moduleLines.length + 5)).toBeUndefined();
  });

  it("kernel style: lines the layout re-indented, below a comment it re-wrapped, map to their own lines", async () => {
    // The layout breaks the long comment line in two and gives the comment the block shape, and
    // indents with tabs: the module's lines are shorter and more, by no rule's edit.
    const program = [
      "/*",
      `gcc -std=c17 -o ../_build/dup.exe ./dup.c ${"-Wall ".repeat(12)}&& (cd ../_build/;./dup.exe)`,
      "*/",
      "#include <string.h>",
      "#include <stdio.h>",
      "#include <stdlib.h>",
      "int main(void)",
      "{",
      "    const char *word = \"twice\";",
      "    int n = 8;",
      "    char *copy = strdup(word);",
      "    char *more = malloc(n);",
      "    printf(\"%s %p\\n\", copy, (void *)more);",
      "    free(more);",
      "    free(copy);",
      "}",
      "",
    ].join("\n");
    const port = await translate(program, { fileName: "dup.c", style: "kernel" });
    expect(port.ok).toBe(true);
    expect(port.layoutEdits.length).toBeGreaterThan(0);
    const moduleLines = port.module!.split("\n");
    const programLines = program.split("\n");
    const map = lineMapOfPort(program, { module: port.module!, edits: port.edits, layoutEdits: port.layoutEdits });
    const moduleLine = (text: string) => moduleLines.findIndex((l) => l.includes(text)) + 1;
    const programLine = (text: string) => programLines.findIndex((l) => l.includes(text)) + 1;
    expect(map.line(moduleLine("kstrdup("))).toBe(programLine("strdup("));
    expect(map.line(moduleLine("kvmalloc("))).toBe(programLine("malloc("));
    expect(map.line(moduleLine("kvfree(copy)"))).toBe(programLine("free(copy)"));
    // The rules' edits alone count bytes from the last edit over re-indented lines: a line too early.
    expect(lineMapFromEdits(program, port.module!, port.edits).line(moduleLine("kstrdup("))).not.toBe(programLine("strdup("));
  });
});

describe("kernel build trees", () => {
  it("orders releases numerically", () => {
    expect(["6.1.0-9-amd64", "6.10.0-1-amd64", "6.1.0-56-amd64"].sort(compareVersions)).toEqual(["6.1.0-9-amd64", "6.1.0-56-amd64", "6.10.0-1-amd64"]);
  });

  it("refuses a --kdir that is not a build tree", async () => {
    await expect(findKernelDir("/nonexistent/kdir")).rejects.toBeInstanceOf(VerifyInputError);
  });

  withHeaders("finds installed headers and reads their release", async () => {
    const kdir = await findKernelDir();
    expect(existsSync(join(kdir.path, "Makefile"))).toBe(true);
    expect(kdir.release).toMatch(/^\d+\.\d+/);
  });
});

describe("buildModule", () => {
  withHeaders("ports the seed as kernel_code and builds it with zero warnings and zero errors", async () => {
    const program = readFileSync(join(seedDir, "user_code.c"), "utf8");
    const port = await translate(program, { name: "kernel_code", fileName: "user_code.c" });
    expect(port.ok).toBe(true);
    const kdir = await findKernelDir();
    const build = await buildModule({ kdir: kdir.path, source: port.module!, name: "kernel_code", into: scratch() });
    expect(build.errors).toEqual([]);
    expect(build.warnings).toEqual([]);
    expect(build.ok).toBe(true);
    expect(build.koPath).toMatch(/kernel_code\.ko$/);
    expect(existsSync(build.koPath!)).toBe(true);
    const info = await readModinfo(build.koPath!);
    expect(info.name).toBe("kernel_code");
    expect(info.license).toBe("GPL");
    expect(info.vermagic?.split(" ")[0]).toBe(kdir.release);
  });

  withHeaders("reports a compile error at the user's own line and column", async () => {
    const port = await translate(BUILD_ERROR_PROGRAM, { name: "words", fileName: "words.c" });
    const map = lineMapFromEdits(BUILD_ERROR_PROGRAM, port.module!, port.edits);
    const kdir = await findKernelDir();
    const build = await buildModule({ kdir: kdir.path, source: port.module!, name: "words", into: scratch(), mapPosition: map.position, originalFile: "words.c" });
    expect(build.ok).toBe(false);
    expect(build.koPath).toBeUndefined();
    expect(build.errors).toHaveLength(1);
    expect(build.errors[0]).toMatchObject({
      flag: "-Werror=incompatible-pointer-types",
      line: 5,
      original: { file: "words.c", line: 8, column: 18, generated: false },
    });
    expect(build.warnings.map((w) => [w.flag, w.original?.line])).toEqual([["-Wunused-variable", 9]]);
  });

  withHeaders("builds a directory in place and passes make arguments through", async () => {
    const dir = scratch();
    const port = await translate(readFileSync(join(seedDir, "user_code.c"), "utf8"), { name: "seed_w1" });
    await buildModule({ kdir: (await findKernelDir()).path, source: port.module!, name: "seed_w1", into: dir });
    // W=1 adds -Wmissing-prototypes, which the article's non-static init and exit trip (see the seed's README).
    const build = await buildModule({ kdir: (await findKernelDir()).path, dir, makeArgs: ["W=1"] });
    expect(build.ok).toBe(true);
    expect(build.koPath).toBe(join(dir, "seed_w1.ko"));
    expect(build.warnings.map((w) => w.flag)).toContain("-Wmissing-prototypes");
  });
});

describe("kernelize build -o DIR", () => {
  const build = (args: string[]) => spawnSync(process.execPath, [cliPath, "build", ...args], { encoding: "utf8", timeout: 120_000 });
  withHeaders("writes its Makefile only over one that says the same or builds NAME.o, never through a symbolic link", () => {
    const dir = scratch();
    writeFileSync(join(dir, "Makefile"), "obj-m += other.o\n");
    const foreign = build([join(seedDir, "user_code.c"), "-o", dir]);
    expect(foreign.status).toBe(2);
    expect(foreign.stderr).toMatch(/Makefile: already exists with other content/);
    expect(readFileSync(join(dir, "Makefile"), "utf8")).toBe("obj-m += other.o\n");

    // A Kbuild file comes before the Makefile: one that builds something else is refused too.
    const kbuild = scratch();
    writeFileSync(join(kbuild, "Kbuild"), "obj-m += other.o\n");
    const before = build([join(seedDir, "user_code.c"), "-o", kbuild]);
    expect(before.status).toBe(2);
    expect(before.stderr).toMatch(/Kbuild: does not build example\.o/);

    const linked = scratch();
    const victim = join(scratch(), "victim");
    symlinkSync(victim, join(linked, "Makefile"));
    const through = build([join(seedDir, "user_code.c"), "-o", linked]);
    expect(through.status).toBe(2);
    expect(through.stderr).toMatch(/Makefile: not a plain file/);
    expect(existsSync(victim)).toBe(false);

    // Its own files from an earlier build are fine: building again is the point of -o.
    const again = scratch();
    expect(build([join(seedDir, "user_code.c"), "-o", again]).status).toBe(0);
    expect(build([join(seedDir, "user_code.c"), "-o", again]).status).toBe(0);
  }, 240_000);
});

describe("the compile check reads the object's symbols as modpost does", () => {
  withHeaders("a symbol no part of the kernel exports is an error, named as modpost names it, a libgcc helper with why", async () => {
    const kdir = await findKernelDir();
    const source = '#include <linux/module.h>\n\nextern int not_in_the_kernel(int v);\n\nstatic volatile unsigned __int128 wide = 12345, by = 7;\n\nstatic int __init m_init(void)\n{\n\tpr_info("%d %llu\\n", not_in_the_kernel(3), (unsigned long long)(wide % by));\n\treturn 0;\n}\n\nstatic void __exit m_exit(void)\n{\n}\n\nmodule_init(m_init);\nmodule_exit(m_exit);\nMODULE_LICENSE("GPL");\n';
    const r = await compileCheck({ kdir: kdir.path, source, name: "symbols" });
    expect(r.ok).toBe(false);
    const messages = r.errors.map((e) => `${e.tool}: ${e.message}`);
    expect(messages).toContain('modpost: "not_in_the_kernel" [symbols.ko] undefined!');
    expect(messages).toContain('modpost: "__umodti3" [symbols.ko] undefined!');
    expect(r.errors.find((e) => e.message.startsWith('"__umodti3"'))!.notes[0]).toMatch(/is a helper of libgcc/);
    // The seed's port needs nothing the kernel does not export.
    const seed = await translate(readFileSync(join(seedDir, "user_code.c"), "utf8"), { fileName: "user_code.c" });
    expect((await compileCheck({ kdir: kdir.path, source: seed.module!, name: "seed" })).ok).toBe(true);
  }, 120_000);
});
