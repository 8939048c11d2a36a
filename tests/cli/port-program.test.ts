// `kernelize port` on a program of several files: a directory, its .c files, a compile_commands.json.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

function kernelize(args: string[], options: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd: options.cwd, input: "" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const program = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "program");
const golden = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "kernel");
/** A copy of the shopping list program in a scratch directory of its own. */
function copyProgram(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "kernelize-multi-")), "shop");
  cpSync(program, dir, { recursive: true });
  return dir;
}

describe("kernelize port on a program of several files", () => {
  it("port DIR writes every ported file, its headers and a Makefile that links the objects into one module", () => {
    const dir = copyProgram();
    const out = join(dir, "..", "out");
    const r = kernelize(["port", dir, "-o", out, "--name", "shopping_list", "--no-compile-check"]);
    expect(r.stderr).toMatch(/wrote 5 files and .*Makefile .*\(module shopping_list: list\.o strutil\.o main\.o\)/);
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(readdirSync(golden).sort());
    for (const f of readdirSync(golden)) expect(readFileSync(join(out, f), "utf8"), f).toBe(readFileSync(join(golden, f), "utf8"));
  });

  it("port a.c b.c … finds the headers the files include, names the module after their directory and never writes into it", () => {
    const dir = copyProgram();
    const r = kernelize(["port", "shop/main.c", "shop/list.c", "shop/strutil.c", "--no-compile-check"], { cwd: join(dir, "..") });
    expect(r.status).toBe(0);
    // ./shop is the program's own directory: the module goes to ./shop-module.
    expect(readdirSync(join(dir, "..", "shop-module")).sort()).toEqual(["Makefile", "list.c", "list.h", "main.c", "strutil.c", "strutil.h"]);
    expect(readFileSync(join(dir, "..", "shop-module", "Makefile"), "utf8")).toMatch(/^obj-m \+= shop\.o\nshop-y := list\.o strutil\.o main\.o\n/);
    // From inside it, ./shop is a directory of its own, which porting the directory again leaves out (a module's directory).
    expect(kernelize(["port", ".", "--no-compile-check"], { cwd: dir }).status).toBe(0);
    expect(readdirSync(join(dir, "shop")).sort()).toEqual(["Makefile", "list.c", "list.h", "main.c", "strutil.c", "strutil.h"]);
    const again = kernelize(["port", ".", "--dry-run", "-v"], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/program of 5 files/);
  });

  it("port --compile-commands reads the files and -I directories of a compilation database", () => {
    const root = mkdtempSync(join(tmpdir(), "kernelize-multi-"));
    cpSync(program, join(root, "src"), { recursive: true });
    // The headers in include/, found only through -I.
    cpSync(join(root, "src", "list.h"), join(root, "include", "list.h"));
    cpSync(join(root, "src", "strutil.h"), join(root, "include", "strutil.h"));
    for (const h of ["list.h", "strutil.h"]) rmSync(join(root, "src", h));
    const entries = ["main.c", "list.c", "strutil.c"].map((file) => ({ directory: join(root, "src"), file, arguments: ["cc", "-I../include", "-c", file] }));
    writeFileSync(join(root, "compile_commands.json"), JSON.stringify(entries));
    const r = kernelize(["port", "--compile-commands", join(root, "compile_commands.json"), "-o", join(root, "out"), "--name", "shopping_list", "--no-compile-check"]);
    expect(r.stderr).not.toMatch(/error|warning/);
    expect(r.status).toBe(0);
    expect(readFileSync(join(root, "out", "include", "list.h"), "utf8")).toBe(readFileSync(join(golden, "list.h"), "utf8"));
    expect(readFileSync(join(root, "out", "src", "main.c"), "utf8")).toBe(readFileSync(join(golden, "main.c"), "utf8"));
    expect(readFileSync(join(root, "out", "Makefile"), "utf8")).toContain("shopping_list-y := src/list.o src/strutil.o src/main.o\n");
  });

  it("a directory holding compile_commands.json is read through it", () => {
    const r = kernelize(["port", join(repoRoot, "tests", "fixtures-multi", "shopping-list-compile-commands"), "--dry-run", "--name", "shopping_list"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("a .c file named like the module is renamed: Kbuild links NAME.o from the objects", () => {
    const dir = copyProgram();
    const r = kernelize(["port", dir, "-o", join(dir, "..", "out"), "--name", "main", "--no-compile-check"]);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, "..", "out", "main.c"))).toBe(false);
    expect(readFileSync(join(dir, "..", "out", "Makefile"), "utf8")).toMatch(/^obj-m \+= main\.o\nmain-y := list\.o strutil\.o main_main\.o\n/);
  });

  it("--diff shows a unified diff for each file the port changed", () => {
    const r = kernelize(["port", program, "--dry-run", "--diff", "--name", "shopping_list"]);
    expect(r.status).toBe(0);
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("--- "));
    expect(headers.map((h) => h.replace(/^--- .*\//, ""))).toEqual(["list.h", "list.c", "strutil.c", "main.c"]);
  });
});

describe("kernelize build on a program's directory", () => {
  itNeeds(buildParts)(
    "ports the program and builds the module from its objects with Kbuild, zero warnings; a directory of several programs is still several",
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), "kernelize-multi-")), "out");
      const r = spawnSync(process.execPath, [cliPath, "build", program, "--name", "shopping_list", "-o", out], { encoding: "utf8" });
      expect(r.stderr).toMatch(/built shopping_list\.ko .* 0 errors, 0 warnings\n$/);
      expect(r.status).toBe(0);
      expect(existsSync(join(out, "shopping_list.ko"))).toBe(true);
      expect(readFileSync(join(out, "main.c"), "utf8")).toBe(readFileSync(join(golden, "main.c"), "utf8"));
    },
    120_000,
  );
});

describe("kernelize build on a program's .c files, or its compile_commands.json", () => {
  itNeeds(buildParts)(
    "build a.c b.c c.c builds one module from the three objects (make's arguments after --); --compile-commands the same",
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), "kernelize-multi-")), "out");
      const r = spawnSync(process.execPath, [cliPath, "build", "list.c", "strutil.c", "main.c", "--name", "shopping_list", "-o", out, "--", "V=0"], { encoding: "utf8", cwd: program });
      expect(r.stderr).toMatch(/built shopping_list\.ko .* 0 errors, 0 warnings\n$/);
      expect(r.status).toBe(0);
      expect(readFileSync(join(out, "Makefile"), "utf8")).toBe(readFileSync(join(golden, "Makefile"), "utf8"));
      const database = join(repoRoot, "tests", "fixtures-multi", "shopping-list-compile-commands", "compile_commands.json");
      const viaDatabase = join(mkdtempSync(join(tmpdir(), "kernelize-multi-")), "out");
      const d = spawnSync(process.execPath, [cliPath, "build", "--compile-commands", database, "--name", "shopping_list", "-o", viaDatabase], { encoding: "utf8" });
      expect(d.stderr).toMatch(/built shopping_list\.ko .* 0 errors, 0 warnings\n$/);
      expect(existsSync(join(viaDatabase, "shopping_list.ko"))).toBe(true);
    },
    180_000,
  );
});

describe("bad input in a program of several files: one line per problem, naming its file", () => {
  it("a refused call is reported at its own file's line", () => {
    const dir = copyProgram();
    writeFileSync(join(dir, "list.c"), `${readFileSync(join(dir, "list.c"), "utf8")}\nint list_fork(void)\n{\n\treturn fork();\n}\n`);
    const r = kernelize(["port", "."], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^list\.c:56:9: error\[K3004\]: fork\(\)/m);
    expect(existsSync(join(dir, "shop-module"))).toBe(false);
  });

  it("a header that is not among the files: K1010 at the include line, in each file that includes it", () => {
    const dir = copyProgram();
    writeFileSync(join(dir, "main.c"), readFileSync(join(dir, "main.c"), "utf8").replace('"strutil.h"', '"nowhere.h"'));
    const r2 = kernelize(["port", "."], { cwd: dir });
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/^main\.c:5:1: error\[K1010\]: "nowhere\.h" is not one of the program's files$/m);
  });

  it("two files that define main()", () => {
    const dir = copyProgram();
    writeFileSync(join(dir, "other.c"), "int main(void)\n{\n\treturn 0;\n}\n");
    const r = kernelize(["port", "."], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error\[K1001\]: main\(\) is defined in .*main\.c and .*other\.c: a program has one/);
  });

  it("a directory with no .c file, and a header given as a file", () => {
    const empty = mkdtempSync(join(tmpdir(), "kernelize-multi-"));
    expect(kernelize(["port", empty]).stderr).toMatch(/: no \.c files in this directory\n$/);
    expect(kernelize(["port", join(program, "main.c"), join(program, "list.h")]).stderr).toMatch(/list\.h: not a \.c file/);
    const broken = join(empty, "cc.json");
    writeFileSync(broken, "{");
    const r = kernelize(["port", "--compile-commands", broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kernelize: error: .*cc\.json: not JSON/);
  });
});
