// `kernelize build`, `run`, `check`, `lint` and `doctor`: their arguments, options and help. What
// they do (verify-commands.ts, with Kbuild, QEMU and the rest of src/verify) is loaded when one runs,
// so that `kernelize port` does not evaluate it, nor the Node modules it needs (node:crypto, node:net).
import { Option, type Command } from "commander";
import { addStyleOptions } from "./target-flags.js";
import type { CheckFlags, CommonFlags, LintFlags, RunFlags } from "./verify-commands.js";

const actions = () => import("./verify-commands.js");

export function registerVerifyCommands(program: Command): void {
  const build = program
    .command("build")
    .description("build FILE.c (ported first when it is a program) or DIR with the kernel's build system (Kbuild)")
    .argument("[target]", "a C program, a module's .c file, or a directory with a Kbuild file or Makefile; or a program's directory")
    .argument("[make-args...]", "arguments for make, after -- (W=1, V=1, -j4); before --, the other .c files of a program of several files")
    .option("--compile-commands <file>", "build one program of several files, named by a compile_commands.json")
    .option("--kdir <path>", "kernel build tree (default: /lib/modules/$(uname -r)/build, else the newest /usr/src/linux-headers-*)")
    .option("--kernel <X.Y>", "the kernel release: headers of that series, and the API the port uses (default: the headers found)")
    .option("--name <name>", "module name when porting a program")
    .option("-o, --output <dir>", "keep NAME.c, the Makefile (the files port -o writes) and NAME.ko in DIR (default: a temporary directory)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"));
  addStyleOptions(build).action(async (target: string | undefined, operands: string[], flags: CommonFlags & { compileCommands?: string }) => (await actions()).buildAction(target, operands, flags));

  const run = program
    .command("run")
    .description("build the module, boot a kernel in QEMU, load it once, unload it, and print what the kernel said")
    .argument("<targets...>", "a C program, a module's .c file, or a directory with a Kbuild file or Makefile; several programs, or a directory of them, run in one boot")
    .option("--param <name=value>", "module parameter, passed to finit_module() (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--kernel <X.Y>", "the kernel release: headers and image of that series, and the API the port uses (default: the headers found)")
    .option("--kernel-image <path>", "kernel image to boot (default: /boot/vmlinuz-<headers' release>, else the newest)")
    .option("--kdir <path>", "kernel build tree (default: the headers of the kernel booted)")
    .option("--timeout <seconds>", "limit for boot, load, unload and power-off together (several programs: for each module)", "30")
    .option("-j, --jobs <n>", "several programs: ports and builds at once (default: the number of cores)")
    .addOption(new Option("--accel <accel>", "QEMU accelerator").choices(["auto", "kvm", "tcg"]).default("auto"))
    .option("--name <name>", "module name when porting a program")
    .option("-o, --output <dir>", "keep NAME.c, the Makefile (the files port -o writes) and NAME.ko in DIR (default: a temporary directory)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"));
  addStyleOptions(run).action(async (targets: string[], flags: RunFlags) => (await actions()).runAction(targets, flags));

  const check = program
    .command("check")
    .description("run the program and its port side by side, on success and on every allocation failure, and compare; leaks on both sides")
    .argument("[files...]", "a C program (ported first); several, or a directory of them, are checked in one boot; one program's several .c files (exactly one with main()), or its directory, are checked as one program; after --: arguments for one program (the module gets the parameters its port made of them)")
    .option("--kernel <X.Y>", "the kernel release: headers and image of that series, and the API the port uses (default: the headers found)")
    .option("--kernel-image <path>", "kernel image to boot (default: /boot/vmlinuz-<headers' release>, else the newest)")
    .option("--kdir <path>", "kernel build tree (default: the headers of the kernel booted)")
    .option("--timeout <seconds>", "limit for the one boot that runs every module scenario (several programs: for each module)", "60")
    .option("-j, --jobs <n>", "several programs: ports, builds and program runs at once (default: the number of cores)")
    .option("--max-failures <n>", "inject at most N allocation failures per program, spread evenly from the first allocation to the last (default: all)")
    .addOption(new Option("--accel <accel>", "QEMU accelerator").choices(["auto", "kvm", "tcg"]).default("auto"))
    .option("--name <name>", "module name")
    .option("--compile-commands <file>", "check one program of several files, named by a compile_commands.json")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"));
  addStyleOptions(check).action(async (operands: string[], flags: CheckFlags) => (await actions()).checkAction(operands, flags));

  program
    .command("lint")
    .description("run checkpatch.pl, sparse (C=2) and a W=1 build on a kernel module's source and report their findings; a module of several objects (its directory, as port DIR writes it, or its .c files) is linted whole, each finding at its file")
    .argument("<files...>", "a kernel module's .c file; or the directory of a module of several objects, or its .c files")
    .option("--kdir <path>", "kernel build tree for sparse and W=1 (default: /lib/modules/$(uname -r)/build, else the newest /usr/src/linux-headers-*)")
    .option("--only <tools>", "comma-separated: checkpatch, sparse, w1 (default: all three)")
    .addOption(new Option("--format <format>", "output format (sarif: SARIF 2.1.0, a run per tool)").choices(["text", "json", "sarif"]).default("text"))
    .action(async (files: string[], flags: LintFlags) => (await actions()).lintAction(files, flags));

  program
    .command("doctor")
    .description("list the external parts build and run need, found or missing, and the command that installs the rest")
    .option("--install", "install what is missing with apt-get (Debian/Ubuntu, as root)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action(async (flags: { install?: boolean; format?: string }) => (await actions()).doctorAction(flags));
}
