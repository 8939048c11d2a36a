// The Makefile beside the module: the article's in the minimal style, Documentation/kbuild/modules.rst's
// (KDIR ?=, $(MAKE) -C $(KDIR) M=$(CURDIR)) in the kernel style; `build -o` writes what `port -o` writes.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kbuildMakefile } from "../../src/emit/makefile.js";
import { findKernelDir } from "../../src/verify/kbuild.js";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { cliPath, repoRoot } from "../helpers/paths.js";

function kernelize(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { encoding: "utf8", cwd, input: "", timeout: 180_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = () => mkdtempSync(join(tmpdir(), "kernelize-makefile-"));
const fixture = join(repoRoot, "tests", "fixtures", "hello", "user.c");
const needsBuild = itNeeds(buildParts);

/** make's recipe lines, tab removed. */
const recipes = (makefile: string) => makefile.split("\n").filter((l) => l.startsWith("\t")).map((l) => l.slice(1));
/** The targets a person runs (`name:` at the start of a line). */
const targets = (makefile: string) => makefile.split("\n").flatMap((l) => /^([a-z]+):/.exec(l)?.[1] ?? []);

describe("the module's Makefile", () => {
  it("kernel style: modules.rst's form, with the article's four targets, build first", () => {
    const kernel = kbuildMakefile("demo", "kernel");
    expect(kernel).toContain("KDIR ?= /lib/modules/$(shell uname -r)/build\n");
    expect(kernel).toContain("obj-m += demo.o\n");
    expect(targets(kernel)).toEqual(["build", "clean", "load", "unload"]);
    expect(recipes(kernel)).toEqual([
      "$(MAKE) -C $(KDIR) M=$(CURDIR) modules",
      "$(MAKE) -C $(KDIR) M=$(CURDIR) clean",
      "sudo insmod demo.ko",
      "-sudo rmmod demo",
    ]);
    // Kbuild reads only the obj-m half (KERNELRELEASE is set when it includes the file).
    expect(kernel.indexOf("ifneq ($(KERNELRELEASE),)")).toBeLessThan(kernel.indexOf("obj-m"));
    expect(kernel.indexOf("obj-m")).toBeLessThan(kernel.indexOf("else\nKDIR ?="));
  });

  it("minimal style: the article's form, the running kernel's tree named in each target", () => {
    const minimal = kbuildMakefile("demo");
    expect(minimal).toBe(kbuildMakefile("demo", "minimal"));
    expect(minimal).not.toContain("KDIR");
    expect(targets(minimal)).toEqual(["build", "clean", "load", "unload"]);
    expect(recipes(minimal).slice(0, 2)).toEqual([
      "make -C /lib/modules/$(shell uname -r)/build modules M=$(shell pwd)",
      "make -C /lib/modules/$(shell uname -r)/build clean M=$(shell pwd)",
    ]);
  });

  it("port writes the style's Makefile, and explain says which form it is and why", () => {
    const dir = scratch();
    expect(kernelize(["port", fixture, "-o", join(dir, "min")]).status).toBe(0);
    expect(kernelize(["port", fixture, "--style", "kernel", "-o", join(dir, "ker")]).status).toBe(0);
    expect(readFileSync(join(dir, "min", "Makefile"), "utf8")).toBe(kbuildMakefile("hello"));
    expect(readFileSync(join(dir, "ker", "Makefile"), "utf8")).toBe(kbuildMakefile("hello", "kernel"));

    const minimal = kernelize(["explain", fixture, "--format", "md"]);
    expect(minimal.status).toBe(0);
    expect(minimal.stdout).toContain("This is the article's Makefile");
    expect(minimal.stdout).toContain("`--style kernel` writes that form");
    expect(minimal.stdout).not.toContain("This is the Makefile `Documentation/kbuild/modules.rst` shows");
    const kernel = kernelize(["explain", fixture, "--style", "kernel", "--format", "md"]);
    expect(kernel.status).toBe(0);
    expect(kernel.stdout).toContain("This is the Makefile `Documentation/kbuild/modules.rst` shows");
    expect(kernel.stdout).toContain("`make KDIR=/usr/src/linux-headers-RELEASE`");
    expect(kernel.stdout).not.toContain("This is the article's Makefile");
    expect(kernel.stdout).toContain("KDIR ?= /lib/modules/$(shell uname -r)/build");
  });

  it("--help of build and run says -o writes the files port -o writes", () => {
    for (const command of ["build", "run"]) expect(kernelize([command, "--help"]).stdout).toContain("the Makefile (the files port -o");
  });

  needsBuild("the kernel-style Makefile builds a fixture with make KDIR=/lib/modules/<headers' release>/build, and cleans it", async () => {
    const kdir = await findKernelDir();
    expect(kdir.release, `release of ${kdir.path}`).toBeTruthy();
    const tree = `/lib/modules/${kdir.release}/build`;
    expect(existsSync(join(tree, "Makefile")), tree).toBe(true);
    const dir = join(scratch(), "hello");
    expect(kernelize(["port", fixture, "--style", "kernel", "-o", dir]).status).toBe(0);

    // Without KDIR the tree is the running kernel's, whatever that is: make -n shows the command.
    const dry = spawnSync("make", ["-n", "-C", dir], { encoding: "utf8" });
    expect(dry.stdout).toContain(`-C /lib/modules/${spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim()}/build M=${dir} modules`);

    const build = spawnSync("make", ["-C", dir, `KDIR=${tree}`], { encoding: "utf8", timeout: 240_000 });
    expect(build.stderr).not.toMatch(/\b(warning|error):/);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(readdirSync(dir)).toContain("hello.ko");
    const clean = spawnSync("make", ["-C", dir, `KDIR=${tree}`, "clean"], { encoding: "utf8", timeout: 120_000 });
    expect(clean.status, clean.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["Makefile", "hello.c"]);
  }, 300_000);

  needsBuild("build -o writes the files port -o writes (NAME.c and Makefile, the same Makefile for the same style) and keeps a Makefile that builds NAME.o", () => {
    const dir = scratch();
    for (const style of ["minimal", "kernel"]) {
      const ported = join(dir, `port-${style}`);
      const built = join(dir, `build-${style}`);
      expect(kernelize(["port", fixture, "--style", style, "-o", ported]).status).toBe(0);
      const build = kernelize(["build", fixture, "--style", style, "-o", built, "-q"]);
      expect(build.status, build.stderr).toBe(0);
      const sources = (d: string) => readdirSync(d).filter((f) => f === "Makefile" || f.endsWith(".c")).filter((f) => !f.endsWith(".mod.c")).sort();
      expect(sources(built)).toEqual(sources(ported));
      expect(readdirSync(built)).not.toContain("Kbuild");
      expect(readFileSync(join(built, "Makefile"), "utf8")).toBe(readFileSync(join(ported, "Makefile"), "utf8"));
    }
    // The port's kernel-style directory built as a module .c with the default style: its Makefile stays.
    const kernelDir = join(dir, "port-kernel");
    const again = kernelize(["build", join(kernelDir, "hello.c"), "-o", kernelDir, "-q"]);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(kernelDir, "Makefile"), "utf8")).toBe(kbuildMakefile("hello", "kernel"));
  }, 300_000);
});
