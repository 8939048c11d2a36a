// The Makefile that builds, cleans, loads and unloads the module: the article's in the minimal
// style, the form Documentation/kbuild/modules.rst documents in the kernel style.
import type { PortStyle } from "../core/target.js";

/**
 * Both forms name the module for Kbuild (`obj-m += NAME.o`) and have the same four targets, the
 * first (`build`) being what a bare `make` runs; recipe lines start with a tab, as make requires.
 *
 * - "minimal" (the default) is the article's Makefile, line for line: every target spells out
 *   `make -C /lib/modules/$(shell uname -r)/build … M=$(shell pwd)`, so it builds for the running
 *   kernel and nothing else. The seed's port must reproduce the article, so this one stays.
 * - "kernel" is the shared Makefile of modules.rst: the Kbuild half (`obj-m`) read when Kbuild
 *   includes the file (KERNELRELEASE is set), the rest when a person runs make; the tree is
 *   `KDIR ?= /lib/modules/$(shell uname -r)/build`, so `make KDIR=/path/to/headers` builds where
 *   the running kernel has no headers (a container, CI, another release), and the recipes call
 *   `$(MAKE)` (make's flags such as -j pass on) with `M=$(CURDIR)` (no shell started).
 */
export function kbuildMakefile(moduleName: string, style: PortStyle = "minimal", objects?: readonly string[], ccflags: readonly string[] = []): string {
  return (style === "kernel" ? kernelForm(moduleName, objects, ccflags) : articleForm(moduleName, objects, ccflags)).join("\n");
}

/**
 * A module of several objects: Kbuild links NAME.o from them (NAME.c must then not exist); the
 * program's own -D and -U, where its build had some, go to every object through ccflags-y.
 */
function objectsLine(name: string, objects: readonly string[] | undefined, ccflags: readonly string[]): string[] {
  return [...(objects ? [`${name}-y := ${objects.join(" ")}`] : []), ...(ccflags.length > 0 ? [`ccflags-y += ${ccflags.join(" ")}`] : [])];
}

function articleForm(name: string, objects: readonly string[] | undefined, ccflags: readonly string[]): string[] {
  const kdir = "/lib/modules/$(shell uname -r)/build";
  return [
    `obj-m += ${name}.o`,
    ...objectsLine(name, objects, ccflags),
    "",
    ".PHONY: build clean load unload",
    "",
    "build:",
    `\tmake -C ${kdir} modules M=$(shell pwd)`,
    "",
    "clean:",
    `\tmake -C ${kdir} clean M=$(shell pwd)`,
    "",
    ...loadTargets(name),
  ];
}

function kernelForm(name: string, objects: readonly string[] | undefined, ccflags: readonly string[]): string[] {
  return [
    "# SPDX-License-Identifier: GPL-2.0",
    "ifneq ($(KERNELRELEASE),)",
    `obj-m += ${name}.o`,
    ...objectsLine(name, objects, ccflags),
    "else",
    "KDIR ?= /lib/modules/$(shell uname -r)/build",
    "",
    ".PHONY: build clean load unload",
    "",
    "build:",
    "\t$(MAKE) -C $(KDIR) M=$(CURDIR) modules",
    "",
    "clean:",
    "\t$(MAKE) -C $(KDIR) M=$(CURDIR) clean",
    "",
    ...loadTargets(name),
    "endif",
    "",
  ];
}

function loadTargets(name: string): string[] {
  return [
    "load:",
    `\tsudo insmod ${name}.ko`,
    "",
    "unload:",
    `\t-sudo rmmod ${name}`,
    "",
  ];
}
