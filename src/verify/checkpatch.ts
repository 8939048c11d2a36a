// checkpatch.pl: found in the kernel source tarball, unpacked once into the cache, run on one file or several, its report parsed.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, exists, fileIdentity, placeDirectory } from "./cache.js";
import { exec, which } from "./exec.js";
import { compareVersions } from "./kbuild.js";
import { kernelSourcePackage, MissingPartError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";

/** The files checkpatch.pl reads when it starts with --no-tree: its word lists sit beside it. */
const CHECKPATCH_FILES = ["checkpatch.pl", "spelling.txt", "const_structs.checkpatch"] as const;

export interface KernelSourceTarball {
  path: string;
  /** `6.1` from linux-source-6.1.tar.xz (Ubuntu: `6.8.0`). */
  series: string;
  /** The tarball's top directory (linux-source-6.1/). */
  topDir: string;
}

/**
 * The kernel source tarballs Debian (`/usr/src/linux-source-6.1.tar.xz`) and Ubuntu
 * (`/usr/src/linux-source-6.8.0/linux-source-6.8.0.tar.bz2`) install, the one whose series matches
 * `release` first, then the newest.
 */
export async function findKernelSource(release?: string, root = "/usr/src"): Promise<KernelSourceTarball | undefined> {
  const found: KernelSourceTarball[] = [];
  const consider = (dir: string, entry: string) => {
    const m = /^(linux-source-(\d+\.\d+(?:\.\d+)?))\.tar\.(xz|bz2|gz)$/.exec(entry);
    if (m) found.push({ path: join(dir, entry), series: m[2]!, topDir: m[1]! });
  };
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    consider(root, entry);
    if (/^linux-source-\d/.test(entry) && !entry.includes(".tar")) {
      for (const inner of await readdir(join(root, entry)).catch(() => [] as string[])) consider(join(root, entry), inner);
    }
  }
  found.sort((a, b) => compareVersions(b.series, a.series));
  const wanted = release === undefined ? undefined : /^\d+\.\d+/.exec(release)?.[0];
  return found.find((t) => wanted !== undefined && (t.series === wanted || t.series.startsWith(`${wanted}.`))) ?? found[0];
}

export interface Checkpatch {
  /** The cached checkpatch.pl, with spelling.txt and const_structs.checkpatch beside it. */
  script: string;
  tarball: KernelSourceTarball;
  /** True when it was already in the cache. */
  cached: boolean;
}

/**
 * checkpatch.pl and the word lists it reads, unpacked from the tarball once into
 * `<cache>/checkpatch/<key>/`, keyed by the tarball's path, size and time. Unpacking reads the whole
 * tarball (about 7 s for 6.1's 138 MB), so it happens in a temporary directory renamed into place:
 * two processes starting cold both unpack, and the second rename leaves the first one's copy alone.
 */
export async function ensureCheckpatch(options: { release?: string; tarball?: string; cacheDir?: string } = {}): Promise<Checkpatch> {
  const tarball = options.tarball !== undefined ? tarballAt(options.tarball) : await findKernelSource(options.release);
  if (!tarball) {
    throw new MissingPartError("checkpatch", "no kernel source tarball (/usr/src/linux-source-*.tar.xz) to take checkpatch.pl from", kernelSourcePackage(options.release));
  }
  const identity = await fileIdentity(tarball.path);
  const root = join(options.cacheDir ?? defaultCacheDir(), "checkpatch");
  const dir = join(root, cacheKey("checkpatch", identity));
  const script = join(dir, "checkpatch.pl");
  if (await exists(script)) return { script, tarball, cached: true };

  const tar = await which("tar");
  if (!tar) throw new Error("tar is not on PATH: cannot unpack checkpatch.pl from the kernel source");
  await mkdir(root, { recursive: true });
  const temp = await temporaryDirectory(".unpack-", root);
  try {
    const members = CHECKPATCH_FILES.map((f) => `${tarball.topDir}/scripts/${f}`);
    // GNU tar recognizes xz, bzip2 and gzip by the file's first bytes; --strip-components drops linux-source-X/scripts/.
    const r = await exec(tar, ["-xf", tarball.path, "-C", temp, "--strip-components=2", ...members], { timeoutMs: 300_000 });
    for (const f of CHECKPATCH_FILES) {
      if (!(await exists(join(temp, f)))) {
        const why = r.stderr.trim().split("\n")[0] ?? "";
        throw new Error(`${tarball.path}: no ${tarball.topDir}/scripts/${f} in it${why ? ` (${why})` : ""}`);
      }
    }
    await writeFile(join(temp, "source.json"), `${JSON.stringify({ identity, tarball: resolve(tarball.path), series: tarball.series }, null, 2)}\n`);
    await placeDirectory(temp, dir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  await pruneOtherVersions(root, dir, resolve(tarball.path));
  return { script, tarball, cached: false };
}

function tarballAt(path: string): KernelSourceTarball {
  const name = path.split("/").pop() ?? path;
  const m = /^(linux-source-(\d+(?:\.\d+)*))\.tar\.\w+$/.exec(name);
  if (!m) throw new Error(`${path}: not a linux-source-X.Y.tar.* file`);
  return { path, series: m[2]!, topDir: m[1]! };
}

/** A tarball upgraded in place (a new Debian revision) leaves its old copy behind: remove it. */
async function pruneOtherVersions(root: string, keep: string, tarball: string): Promise<void> {
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, entry);
    if (dir === keep || entry.startsWith(".")) continue;
    const source = await readFile(join(dir, "source.json"), "utf8").then((t) => JSON.parse(t) as { tarball?: string }, () => undefined);
    if (source?.tarball === tarball) await rm(dir, { recursive: true, force: true });
  }
}

export type CheckpatchLevel = "ERROR" | "WARNING" | "CHECK";

export interface CheckpatchFinding {
  level: CheckpatchLevel;
  /** checkpatch's type (`SPDX_LICENSE_TAG`, `SPACING`): what --ignore takes. */
  type: string;
  message: string;
  /** The file as checkpatch printed it. */
  file: string;
  /** 0 for a finding about the whole file. */
  line: number;
  /** From checkpatch's caret line, counting a tab to the next multiple of 8 as gcc and sparse do; 1 when it shows none. */
  column: number;
}

export interface CheckpatchReport {
  findings: CheckpatchFinding[];
  /** checkpatch's own `total:` line, to compare with what was read. */
  totals: { errors: number; warnings: number; checks: number; lines: number } | undefined;
}

const FINDING_HEAD = /^(?:(.*?):(\d+): )?(ERROR|WARNING|CHECK):([A-Z0-9_]+): (.*)$/;
const WHERE_LINE = /^#\d+: FILE: /;
const TOTALS = /^total: (\d+) errors, (\d+) warnings, (?:(\d+) checks, )?(\d+) lines checked$/;

/**
 * Reads `checkpatch.pl --emacs --show-types --color=never -f` output: a block per finding, the
 * first line `FILE:LINE: LEVEL:TYPE: message`, then `#N: FILE: …`, the `+`-prefixed code lines
 * and, for some findings, a line with a caret under the column; a blank line ends the block.
 */
export function parseCheckpatchOutput(output: string): CheckpatchReport {
  const findings: CheckpatchFinding[] = [];
  let totals: CheckpatchReport["totals"];
  let current: CheckpatchFinding | undefined;
  let inCode = false;
  let lastCode: string | undefined;
  for (const raw of output.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const head = FINDING_HEAD.exec(line);
    if (head) {
      current = { level: head[3] as CheckpatchLevel, type: head[4]!, message: head[5]!, file: head[1] ?? "", line: head[2] ? Number(head[2]) : 0, column: 1 };
      findings.push(current);
      inCode = false;
      lastCode = undefined;
      continue;
    }
    const t = TOTALS.exec(line);
    if (t) {
      totals = { errors: Number(t[1]), warnings: Number(t[2]), checks: Number(t[3] ?? 0), lines: Number(t[4]) };
      current = undefined;
      continue;
    }
    if (!current) continue;
    if (line === "") {
      current = undefined;
      continue;
    }
    if (WHERE_LINE.test(line)) {
      inCode = true;
      continue;
    }
    if (!inCode) {
      // A message longer than one line goes on until the `#N: FILE:` line.
      current.message += ` ${line.trim()}`;
      continue;
    }
    if (line.startsWith("+")) {
      lastCode = line.slice(1);
      continue;
    }
    const caret = line.indexOf("^");
    if (lastCode !== undefined && caret > 0 && /^[ \t]*\^[ \t]*$/.test(line)) {
      // The caret line copies the code line's tabs, so its index counts the code's characters (after the `+`).
      current.column = displayColumn(lastCode, caret - 1);
    }
  }
  return { findings, totals };
}

/** The 1-based column of the character at `index`, with tabs stopping at multiples of 8 (gcc's and sparse's convention). */
export function displayColumn(text: string, index: number): number {
  let column = 0;
  for (const ch of text.slice(0, index)) column = ch === "\t" ? column + 8 - (column % 8) : column + 1;
  return column + 1;
}

/**
 * Runs checkpatch on one C file, as the kernel's maintainers would on a new driver (`--strict`,
 * every finding with its type). It runs in a directory of its own with HOME pointing there, so no
 * `.checkpatch.conf` of the user's changes what it reports from one machine to the next.
 */
export async function runCheckpatch(options: { source: string; fileName: string; script: string; timeoutMs?: number }): Promise<CheckpatchReport> {
  const [report] = await runCheckpatchFiles({ files: [{ source: options.source, fileName: options.fileName }], script: options.script, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
  return report!;
}

/**
 * checkpatch on several files in one perl process (its start, reading the word lists, costs more
 * than checking a short module): a report per file, in the order given. With more than one file,
 * checkpatch opens each file's part of its output with a `---` / name / `---` header
 * (as many dashes as the name has characters, three at least).
 */
export async function runCheckpatchFiles(options: { files: readonly { source: string; fileName: string }[]; script: string; timeoutMs?: number }): Promise<CheckpatchReport[]> {
  if (options.files.length === 0) return [];
  const perl = await which("perl");
  if (!perl) throw new MissingPartError("perl", "perl is not installed (checkpatch.pl is a perl program)");
  if (!(await which("diff"))) throw new MissingPartError("checkpatch", "diff is not installed (checkpatch.pl -f runs it)", "diffutils");
  const dir = await temporaryDirectory("kernelize-checkpatch-");
  try {
    const names: string[] = [];
    for (const [i, file] of options.files.entries()) {
      // checkpatch hands the name to a shell, and reads one that starts with `-` as an option: a plain
      // one keeps the extension, which decides some checks. Each file has a directory of its own, so
      // two files of one name stay apart.
      const base = basename(file.fileName);
      const plain = /^[A-Za-z0-9_.+][A-Za-z0-9_.+-]*$/.test(base) ? base : `module${/\.[ch]$/.exec(base)?.[0] ?? ".c"}`;
      const name = options.files.length === 1 ? plain : `${i}/${plain}`;
      if (options.files.length > 1) await mkdir(join(dir, String(i)));
      await writeFile(join(dir, name), file.source);
      names.push(name);
    }
    const args = [options.script, "--strict", "--no-tree", "--show-types", "--emacs", "--color=never", "--file", ...names];
    const r = await exec(perl, args, { cwd: dir, env: { ...process.env, HOME: dir, LC_ALL: "C", LANG: "C", LANGUAGE: "" }, timeoutMs: options.timeoutMs ?? 120_000 * options.files.length });
    if (/^Can't locate \S+\.pm in @INC/m.test(r.stderr)) {
      throw new MissingPartError("perl", `perl cannot load what checkpatch.pl needs (${r.stderr.split("\n")[0]})`);
    }
    // 0: clean, 1: findings; anything else is checkpatch itself failing.
    if (r.code !== 0 && r.code !== 1) {
      throw new Error(`checkpatch.pl exited with ${r.code ?? r.signal}${r.timedOut ? " (timed out)" : ""}: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
    }
    const parts = options.files.length === 1 ? [r.stdout] : splitPerFile(r.stdout, names);
    return parts.map((part, i) => {
      const report = parseCheckpatchOutput(part);
      for (const f of report.findings) if (f.file === names[i]) f.file = options.files[i]!.fileName;
      checkTotals(report);
      return report;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** checkpatch's output for several files, cut at each file's dashes / name / dashes header. */
function splitPerFile(output: string, names: readonly string[]): string[] {
  const lines = output.split("\n");
  const parts = names.map(() => [] as string[]);
  let at = -1;
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    if (next < names.length && /^-{3,}$/.test(lines[i]!) && lines[i + 1] === names[next] && lines[i + 2] === lines[i]) {
      at = next++;
      i += 2;
      continue;
    }
    if (at >= 0) parts[at]!.push(lines[i]!);
  }
  if (next !== names.length) throw new Error(`checkpatch.pl reported on ${next} of ${names.length} files`);
  return parts.map((p) => p.join("\n"));
}

/** Every finding checkpatch counted must have been read: a format kernelize does not know would otherwise hide some. */
function checkTotals(report: CheckpatchReport): void {
  if (!report.totals) {
    if (report.findings.length === 0) return;
    throw new Error("checkpatch.pl printed findings but no total: line");
  }
  const count = (level: CheckpatchLevel) => report.findings.filter((f) => f.level === level).length;
  const read = { errors: count("ERROR"), warnings: count("WARNING"), checks: count("CHECK") };
  if (read.errors !== report.totals.errors || read.warnings !== report.totals.warnings || read.checks !== report.totals.checks) {
    throw new Error(
      `checkpatch.pl counted ${report.totals.errors} errors, ${report.totals.warnings} warnings, ${report.totals.checks} checks, but kernelize read ${read.errors}, ${read.warnings}, ${read.checks}`,
    );
  }
}
