// --style, --kernel, --author and --description: what the port is for, shared by every command that ports.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { release } from "node:os";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { compareVersions, formatKernelVersion, parseKernelVersion, type PortStyle } from "../core/target.js";
import { UsageError } from "./io.js";

export interface TargetFlags {
  style?: string;
  kernel?: string;
  /** Where --kernel's value came from, when not the command line (the configuration file). */
  kernelSource?: string;
  author?: string;
  description?: string;
  /** --w1: the module is built with W=1. */
  w1?: boolean;
}

export interface TargetOptions {
  style: PortStyle;
  kernel: string;
  /** Where the release came from, for -v: the command line, the headers found, or the default. */
  kernelSource?: string;
  author?: string;
  description?: string;
  w1?: boolean;
}

export function addTargetOptions(command: Command): Command {
  return addStyleOptions(command.option("--kernel <X.Y>", "the kernel release the module is for; it decides which API is used (default: the release of the kernel headers found, else 6.1)"));
}

/**
 * An option whose values are listed for --help's reader, docs/cli.md and shell completion, and
 * checked by the command itself: the same check then covers a value from the configuration file,
 * and says what to choose in kernelize's words.
 */
export function listed(option: Option, values: readonly string[]): Option {
  return option.choices(values).argParser((value: string) => value);
}

/** --style, --author, --description: for build, run and check, whose target release is that of the headers they build against. */
export function addStyleOptions(command: Command): Command {
  return command
    .addOption(listed(new Option("--style <style>", "minimal (the article's small diff, in the program's layout) or kernel (the kernel's coding style, clean for checkpatch, sparse and W=1)").default("minimal"), ["minimal", "kernel"]))
    .option("--author <text>", "MODULE_AUTHOR() in the kernel style (default: git's user.name and user.email, when set)")
    .option("--description <text>", "MODULE_DESCRIPTION() (default: the first sentence of the program's leading comment)")
    .option("--w1", "the module is built with W=1, the kernel's extra warnings: the port adds nothing that draws one (init and exit get static linkage)");
}

/** The translate() options for a port built against headers of `release` (a `uname -r` string). */
export function styleOptions(flags: Omit<TargetFlags, "kernel">, release: string | undefined): TargetOptions {
  const v = release ? parseKernelVersion(release) : undefined;
  // Only the style flags: run's and check's --kernel is the image to boot, not a release.
  const { style, author, description, w1 } = flags;
  return targetOptions({
    ...(w1 ? { w1 } : {}),
    ...(style !== undefined ? { style } : {}),
    ...(author !== undefined ? { author } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(v ? { kernel: formatKernelVersion(v), kernelSource: `the headers built against, ${release}` } : {}),
  });
}

/** The translate() options the flags ask for, with the defaults that need looking around the machine. */
export function targetOptions(flags: TargetFlags): TargetOptions {
  const style = flags.style ?? "minimal";
  if (style !== "minimal" && style !== "kernel") throw new UsageError(`--style ${style}: choose minimal or kernel`);
  let kernel: string;
  let kernelSource: string;
  if (flags.kernel !== undefined) {
    const v = parseKernelVersion(flags.kernel);
    if (!v) throw new UsageError(`--kernel ${flags.kernel}: give a kernel release as X.Y, for example 6.12`);
    kernel = formatKernelVersion(v);
    kernelSource = flags.kernelSource ?? "--kernel";
  } else {
    ({ kernel, source: kernelSource } = foundHeadersRelease());
  }
  const author = flags.author ?? (style === "kernel" ? gitAuthor() : undefined);
  return {
    style,
    kernel,
    kernelSource,
    ...(author ? { author } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.w1 ? { w1: true } : {}),
  };
}

/** Whether make's arguments ask for W=1 (`W=1`, or a level list that includes 1: `W=12`, `W=123`). */
export function makeArgsAskW1(makeArgs: readonly string[]): boolean {
  return makeArgs.some((a) => /^W=\d*1\d*$/.test(a));
}

/**
 * The release series of the kernel headers a build would use (the running kernel's build tree,
 * else the newest /usr/src/linux-headers-*), by name only: porting must stay fast. 6.1 when
 * there are none.
 */
function foundHeadersRelease(): { kernel: string; source: string } {
  const running = release();
  if (existsSync(join("/lib/modules", running, "build", "Makefile"))) {
    const v = parseKernelVersion(running);
    if (v) return { kernel: formatKernelVersion(v), source: `the running kernel's headers, ${running}` };
  }
  let entries: string[] = [];
  try {
    entries = readdirSync("/usr/src");
  } catch {
    // No /usr/src: no headers.
  }
  const releases = entries
    .filter((e) => e.startsWith("linux-headers-") && !e.endsWith("-common"))
    .map((e) => e.slice("linux-headers-".length))
    .sort(compareVersions);
  const newest = releases.length > 0 ? parseKernelVersion(releases.at(-1)!) : undefined;
  return newest ? { kernel: formatKernelVersion(newest), source: `the newest headers, /usr/src/linux-headers-${releases.at(-1)!}` } : { kernel: "6.1", source: "the default: no kernel headers found" };
}

function gitAuthor(): string | undefined {
  const read = (key: string) => {
    try {
      return execFileSync("git", ["config", "--get", key], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 2000 }).trim();
    } catch {
      return "";
    }
  };
  const name = read("user.name");
  if (!name) return undefined;
  const email = read("user.email");
  return email ? `${name} <${email}>` : name;
}
