// A plain Makefile's source list: read where it is simple (a link rule of objects, SRCS or OBJS), refused with a reason where it is not.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makefileSources } from "../../src/cli/makefile-sources.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

describe("makefileSources", () => {
  it("reads the link rule's objects, through $(OBJS) and $(SRCS:.c=.o)", () => {
    expect(makefileSources("CC = gcc\nOBJS = main.o list.o \\\n\tstrutil.o\n\nall: shop\n\nshop: $(OBJS)\n\t$(CC) -o $@ $^\n\n%.o: %.c list.h\n\t$(CC) -c $<\n\nclean:\n\trm -f shop $(OBJS)\n")).toEqual({ sources: ["main.c", "list.c", "strutil.c"] });
    expect(makefileSources("SRCS := main.c list.c\nprog: ${SRCS:.c=.o}\n\tcc -o prog $^\n")).toEqual({ sources: ["main.c", "list.c"] });
    expect(makefileSources("prog: main.o util.o # the program\n\tcc -o $@ $^\n")).toEqual({ sources: ["main.c", "util.c"] });
  });

  it("reads SRCS or OBJS where no rule names the objects", () => {
    expect(makefileSources("SRCS = a.c b.c\nSRCS += c.c\nprog:\n\tcc -o prog $(SRCS)\n")).toEqual({ sources: ["a.c", "b.c", "c.c"] });
    expect(makefileSources("OBJS ?= x.o y.o\n")).toEqual({ sources: ["x.c", "y.c"] });
  });

  it("says why it cannot read one: an include, a make function, a variable it does not know", () => {
    expect(makefileSources("include config.mk\nprog: $(OBJS)\n")).toEqual({ unreadable: "it includes another makefile" });
    expect(makefileSources("SRCS = $(wildcard *.c)\nprog: $(SRCS:.c=.o)\n")).toEqual({ unreadable: "it computes a list with $(wildcard …)" });
    expect(makefileSources("prog: $(OBJECTS)\n")).toEqual({ unreadable: "$(OBJECTS) is not set in it" });
    expect(makefileSources("all:\n\techo hi\n")).toEqual({ unreadable: "it names no link rule of objects and no SRCS or OBJS list" });
  });
});

describe("kernelize port DIR with a plain Makefile", () => {
  const program = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "program");
  /** The three-file program with a test program of its own beside it (a second main()). */
  const withStrayTest = (makefile: string) => {
    const dir = join(mkdtempSync(join(tmpdir(), "kernelize-makefile-")), "shop");
    cpSync(program, dir, { recursive: true });
    writeFileSync(join(dir, "test_list.c"), '#include "list.h"\n\nint main(void)\n{\n\tstruct list l;\n\n\tlist_init(&l);\n\treturn list_total(&l);\n}\n');
    writeFileSync(join(dir, "Makefile"), makefile);
    return dir;
  };
  const kernelize = (args: string[]) => spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8" });

  it("takes exactly the files its link rule names: the stray test program is not joined", () => {
    const dir = withStrayTest("OBJS = list.o strutil.o main.o\n\nshop: $(OBJS)\n\t$(CC) -o $@ $(OBJS)\n\ntest_list: test_list.o list.o\n\t$(CC) -o $@ $^\n");
    const r = kernelize(["port", dir, "--dry-run", "--name", "shopping_list", "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { files: string[]; ok: boolean };
    expect(report.files.map((f) => f.replace(/^.*\/shop\//, "")).sort()).toEqual(["list.c", "list.h", "main.c", "strutil.c", "strutil.h"]);
  });

  it("falls back to the files found where the Makefile is not simple, saying so in one line", () => {
    const dir = withStrayTest("SRCS = $(wildcard *.c)\nshop: $(SRCS:.c=.o)\n\t$(CC) -o $@ $^\n");
    const r = kernelize(["port", dir, "--dry-run", "--name", "shopping_list"]);
    expect(r.stderr.split("\n")[0]).toMatch(/^kernelize: note: .*shop\/Makefile: its source list cannot be read \(it computes a list with \$\(wildcard …\)\); taking every \.c file found$/);
    // Every .c file found: two main()s, the stray test's and the program's.
    expect(r.stderr).toMatch(/K1001.*main\(\) is defined in/);
    expect(r.status).toBe(2);
  });
});
