// The configuration file: the options people repeat (style, kernel, author…), from .kernelize.json or a "kernelize" key in package.json.
//
// Looked for in the current directory, then in each parent up to the root: the first directory
// with a .kernelize.json, or a package.json that has a "kernelize" key, is the one read (a
// .kernelize.json beside a package.json wins). Precedence: the command line, then the file, then
// the defaults. The search is a dozen lines of our own rather than a configuration-loading library:
// the file is JSON only (no code to run, no YAML), and each problem is reported as our one-line error
// with the file's name and the line and column, which such a library leaves to its caller anyway.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { parseKernelVersion } from "../core/target.js";
import { UsageError } from "./io.js";

export const CONFIG_FILE = ".kernelize.json";
export const PACKAGE_KEY = "kernelize";

interface ConfigKey {
  /** What the value is, for the reference and for messages. */
  meaning: string;
  /** The value, or a message that says what it should have been. */
  check(value: unknown): string | { problem: string };
  /** A path, read relative to the configuration file's directory. */
  path?: boolean;
}

const text = (what: string, valid?: (s: string) => boolean, expected?: string) => (value: unknown) =>
  typeof value === "string" && value !== "" && (valid?.(value) ?? true) ? value : { problem: `is ${expected ?? `${what}, a string`}` };

/** The keys a configuration may hold, named as the options they stand for (camelCase, as commander names them). */
export const CONFIG_KEYS: Readonly<Record<string, ConfigKey>> = {
  style: { meaning: "--style: minimal or kernel", check: text("the style", (s) => s === "minimal" || s === "kernel", '"minimal" or "kernel"') },
  kernel: { meaning: "--kernel: the kernel release X.Y the module is for", check: text("the release", (s) => parseKernelVersion(s) !== undefined && !s.includes("/"), 'a kernel release as "X.Y", for example "6.12"') },
  author: { meaning: "--author: MODULE_AUTHOR() in the kernel style", check: text("the author") },
  description: { meaning: "--description: MODULE_DESCRIPTION()", check: text("the description") },
  kdir: { meaning: "--kdir: the kernel build tree (relative to the file's directory)", check: text("a directory"), path: true },
  kernelImage: { meaning: "--kernel-image: the kernel image run and check boot (relative to the file's directory)", check: text("a file"), path: true },
  accel: { meaning: "--accel: auto, kvm or tcg", check: text("the accelerator", (s) => ["auto", "kvm", "tcg"].includes(s), '"auto", "kvm" or "tcg"') },
};

export interface LoadedConfig {
  /** The file the values came from, as found. */
  file: string;
  values: Record<string, string>;
}

/** The configuration that applies in `cwd`: the nearest one up the directory tree, or undefined. */
export function findConfig(cwd: string = process.cwd()): LoadedConfig | undefined {
  for (let dir = resolve(cwd); ; ) {
    const own = readIfThere(join(dir, CONFIG_FILE));
    if (own !== undefined) return parseConfig(join(dir, CONFIG_FILE), own, false);
    const pkg = readIfThere(join(dir, "package.json"));
    // A package.json that cannot be read as JSON is not ours to judge unless it is the one named.
    if (pkg !== undefined && hasPackageKey(pkg)) return parseConfig(join(dir, "package.json"), pkg, true);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The configuration in the file --config names: a .kernelize.json-like file, or a package.json with a "kernelize" key. */
export function readConfig(file: string): LoadedConfig {
  const contents = readIfThere(file);
  if (contents === undefined) throw new UsageError(`--config ${file}: no such file`);
  return parseConfig(file, contents, /(^|[\\/])package\.json$/.test(file));
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new UsageError(`${path}: cannot read the configuration (${code === "EACCES" ? "permission denied" : code === "EISDIR" ? "a directory" : (code ?? String(e))})`);
  }
}

function hasPackageKey(contents: string): boolean {
  try {
    const pkg: unknown = JSON.parse(contents);
    return typeof pkg === "object" && pkg !== null && PACKAGE_KEY in pkg;
  } catch {
    return false;
  }
}

/** Checks every key and value, so that a mistake is reported at once, with the file's name, whichever command runs. */
export function parseConfig(file: string, contents: string, fromPackage: boolean): LoadedConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(contents);
  } catch (e) {
    const message = (e as Error).message;
    throw new UsageError(`${file}${jsonErrorPosition(contents, message)}: not valid JSON: ${jsonProblem(message)}`);
  }
  const where = fromPackage ? `${file}: "${PACKAGE_KEY}"` : file;
  const config = fromPackage && typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>)[PACKAGE_KEY] : parsed;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new UsageError(`${where}: the configuration is a JSON object of options, for example {"style": "kernel"}`);
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const known = CONFIG_KEYS[key];
    if (!known) throw new UsageError(`${where}: unknown key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(", ")})`);
    const checked = known.check(value);
    if (typeof checked !== "string") throw new UsageError(`${where}: "${key}" ${checked.problem}, not ${JSON.stringify(value)}`);
    values[key] = known.path ? resolve(dirname(file), checked) : checked;
  }
  return { file, values };
}

/** JSON.parse()'s message on one line, without the position (given as line and column) or the text it quotes. */
function jsonProblem(message: string): string {
  const problem = message
    .replace(/, ".*" is not valid JSON$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .replace(/\s+/g, " ");
  return problem.length > 120 ? `${problem.slice(0, 117)}...` : problem;
}

/** ":line:column" of a JSON.parse() error, from the position its message names. */
function jsonErrorPosition(contents: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  const at = m ? Number(m[1]) : message.includes("end of JSON") ? contents.length : undefined;
  if (at === undefined) return "";
  const before = contents.slice(0, at).split("\n");
  return `:${before.length}:${before.at(-1)!.length + 1}`;
}

/**
 * Gives the command the configuration's values for the options it has and the command line did not
 * set. Returns the keys used, for -v.
 */
export function applyConfig(command: Command, config: LoadedConfig): string[] {
  const used: string[] = [];
  for (const [key, value] of Object.entries(config.values)) {
    if (!command.options.some((o) => o.attributeName() === key)) continue;
    const source = command.getOptionValueSource(key);
    if (source !== undefined && source !== "default") continue;
    command.setOptionValueWithSource(key, value, "config");
    used.push(key);
  }
  return used;
}
