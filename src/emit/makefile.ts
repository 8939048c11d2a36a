// The Kbuild Makefile that builds, cleans, loads and unloads the module, as the article writes it.

/**
 * `obj-m` tells Kbuild which object becomes a module; the targets call the kernel's own build
 * system for the running kernel (`make -C /lib/modules/$(uname -r)/build M=$PWD`). Recipe lines
 * start with a tab, as make requires.
 */
export function kbuildMakefile(moduleName: string, objects?: readonly string[]): string {
  const kdir = "/lib/modules/$(shell uname -r)/build";
  return [
    `obj-m += ${moduleName}.o`,
    // A module of several objects: Kbuild links NAME.o from them (NAME.c must then not exist).
    ...(objects ? [`${moduleName}-y := ${objects.join(" ")}`] : []),
    "",
    ".PHONY: build clean load unload",
    "",
    "build:",
    `\tmake -C ${kdir} modules M=$(shell pwd)`,
    "",
    "clean:",
    `\tmake -C ${kdir} clean M=$(shell pwd)`,
    "",
    "load:",
    `\tsudo insmod ${moduleName}.ko`,
    "",
    "unload:",
    `\t-sudo rmmod ${moduleName}`,
    "",
  ].join("\n");
}
