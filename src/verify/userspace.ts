// The user's program on the host: compiled with counted, failable allocations, run plain and under valgrind.
import { mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { constants as osConstants } from "node:os";
import { basename, delimiter, dirname, join } from "node:path";
import { exec, which } from "./exec.js";
import { MissingPartError, VerifyInputError } from "./parts.js";
import { temporaryDirectory } from "./temp.js";
import { guestSource } from "./guest-source.js";

/** The allocation functions whose calls in the user's own code are counted and can be failed. */
export const WRAPPED_ALLOCATORS = ["malloc", "calloc", "realloc", "reallocarray", "strdup", "strndup"] as const;

/**
 * The __wrap_* functions the linker's --wrap points the program's own calls at. Only the
 * program's references are rewritten, so glibc's internal allocations (stdio buffers, the malloc
 * inside strdup) are neither counted nor failed: the counts are the program's, the same calls the
 * port turns into kmalloc and kstrdup. Each call is reported on KZ_SITES_FD (one line: its number,
 * the function, its return address) with write(2), which allocates nothing. KZ_FAIL_AT=k makes
 * the k-th call return NULL with errno ENOMEM; 0 or unset only counts.
 */
export const wrapSource = (): string => guestSource("kz_wrap.c");

/** -O0 inlines nothing, so valgrind need not read inlining information (a sixth of its start-up). */
// --vgdb=no: no debugger FIFOs in $TMPDIR, which a valgrind that is killed would leave behind.
// A 256 MiB main stack, and frames as large, whatever the shell's ulimit: a program that keeps a 40 MB
// array on its stack runs as its user runs it (ulimit -s unlimited), and valgrind does not take the
// frame for a switch to another stack. Only what the program touches is ever mapped.
const VALGRIND_ARGS = ["-q", "--vgdb=no", "--main-stacksize=268435456", "--max-stackframe=268435456", "--leak-check=full", "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect", "--read-inline-info=no"];

/** The file descriptor the wrapped program reports its allocations on (opened by the runner). */
const SITES_FD = 3;

export interface CompiledProgram {
  /** The executable, named after the user's file so err() prints the same program name. */
  path: string;
  /** The name err() and warn() put before their messages. */
  programName: string;
  sourceFile: string;
  /** A program of several files: each .c file's name as gcc was given it (leaks are placed in any of them). */
  sourceFiles?: string[];
}

/**
 * Compiles the user's program with -g -O0 -no-pie: the return addresses the wrappers report are then
 * fixed addresses that addr2line turns into the user's file:line exactly (no inlining, no
 * relocation). -fno-builtin keeps gcc from turning a malloc+memset into calloc or dropping calls.
 */
export async function compileProgram(options: { source: string; fileName: string; dir: string; files?: ReadonlyArray<{ path: string; text: string }>; programName?: string; cflags?: readonly string[] }): Promise<CompiledProgram> {
  const gcc = await which("gcc");
  if (!gcc) throw new MissingPartError("gcc", "gcc is not installed");
  await mkdir(options.dir, { recursive: true });
  if (options.files) return compileFiles(gcc, { ...options, files: options.files });
  const sourceFile = join(options.dir, basename(options.fileName));
  const programName = basename(options.fileName).replace(/\.c$/, "") || "program";
  await writeFile(sourceFile, options.source);
  await writeFile(join(options.dir, "kz_wrap.c"), wrapSource());
  const path = join(options.dir, programName);
  const wrap = `-Wl,${[...WRAPPED_ALLOCATORS, "free"].map((f) => `--wrap=${f}`).join(",")}`;
  // The bare name keeps __FILE__ what `gcc NAME.c` gives; a name starting with `-` goes as `./-x.c`, a path rather than an option.
  const sourceArg = basename(sourceFile).startsWith("-") ? `./${basename(sourceFile)}` : basename(sourceFile);
  const cc = await exec(gcc, ["-g", "-O0", "-no-pie", "-fno-builtin", "-o", path, sourceArg, "kz_wrap.c", wrap], {
    cwd: options.dir,
    env: { ...process.env, LC_ALL: "C" },
  });
  if (cc.code !== 0) throw new VerifyInputError(`${options.fileName} does not compile with gcc:\n${cc.stderr.trim()}`);
  return { path, programName, sourceFile: basename(sourceFile) };
}

/**
 * A program of several files, compiled and linked as its user would (`gcc main.c list.c util.c`),
 * each file where it sits relative to the others so that its `#include "x.h"` finds its header,
 * and every file's allocation calls wrapped alike.
 */
async function compileFiles(gcc: string, options: { dir: string; fileName: string; files: ReadonlyArray<{ path: string; text: string }>; programName?: string; cflags?: readonly string[] }): Promise<CompiledProgram> {
  for (const f of options.files) {
    await mkdir(dirname(join(options.dir, f.path)), { recursive: true });
    await writeFile(join(options.dir, f.path), f.text);
  }
  await writeFile(join(options.dir, "kz_wrap.c"), wrapSource());
  const programName = options.programName ?? (basename(options.fileName).replace(/\.c$/, "") || "program");
  const path = join(options.dir, `${programName}.bin`);
  const sources = options.files.filter((f) => f.path.endsWith(".c")).map((f) => (f.path.startsWith("-") ? `./${f.path}` : f.path));
  const wrap = `-Wl,${[...WRAPPED_ALLOCATORS, "free"].map((f) => `--wrap=${f}`).join(",")}`;
  const cc = await exec(gcc, ["-g", "-O0", "-no-pie", "-fno-builtin", ...(options.cflags ?? []), "-o", path, ...sources, "kz_wrap.c", wrap], { cwd: options.dir, env: { ...process.env, LC_ALL: "C" } });
  if (cc.code !== 0) throw new VerifyInputError(`the program does not compile with gcc:\n${cc.stderr.trim()}`);
  // err() names the program by its executable's name: the one its user would build.
  const named = join(options.dir, "bin", programName);
  await mkdir(dirname(named), { recursive: true });
  await rename(path, named);
  return { path: named, programName, sourceFile: basename(options.fileName), sourceFiles: sources.map((s) => basename(s)) };
}

export interface AllocationCall {
  /** 1-based: the k of "fail #k". */
  index: number;
  fn: string;
  /** The call's place in the user's file (`user_code.c:17`), or the raw address when addr2line cannot say. */
  site: string;
  line?: number;
  failed: boolean;
}

export interface Leak {
  /** definite: no pointer to the block is left; indirect: only lost blocks point to it. */
  kind: "definite" | "indirect";
  bytes: number;
  blocks: number;
  /** Where the lost memory was allocated, in the user's code, when the stack shows it. */
  site?: string;
  line?: number;
  /** The allocation stack's frames as valgrind printed them. */
  stack: string[];
}

export interface ProgramRun {
  failAt: number;
  stdout: string;
  stderr: string;
  /** Exit status, or undefined when a signal ended it. */
  status?: number;
  signal?: string;
  allocations: AllocationCall[];
  /** valgrind's definitely and indirectly lost blocks; empty when valgrind was not used or found none. */
  leaks: Leak[];
  /** Invalid reads, writes and frees valgrind saw (their first lines). */
  memoryErrors: string[];
  valgrind: boolean;
}

/**
 * Runs the program once with KZ_FAIL_AT=failAt (0: count only). Under valgrind, valgrind's report goes
 * to a file of its own, so the program's stdout, stderr and exit status are exactly its own: leaks are
 * read from the report ("definitely lost" records) rather than from --error-exitcode, which would
 * overwrite the exit status being compared.
 */
export async function runProgram(program: CompiledProgram, options: { failAt: number; valgrind: boolean; timeoutMs?: number; args?: readonly string[] }): Promise<ProgramRun> {
  const dir = join(program.path, "..");
  const sites = join(dir, `sites-${options.failAt}.txt`);
  const vlog = join(dir, `valgrind-${options.failAt}.txt`);
  await writeFile(sites, "");
  // The sites file is handed to the program as fd 3, so its reports never mix with its own output.
  const sitesHandle = await open(sites, "a");
  try {
    // Started by its bare name from PATH, as a shell starts an installed command: argv[0] is then
    // the program's name (the module's name on the kernel side), not a temporary directory.
    const name = commandName(program);
    let command = name;
    let args: string[] = [];
    if (options.valgrind) {
      const valgrind = await which("valgrind");
      if (!valgrind) throw new Error("valgrind is not installed (apt-get install -y valgrind): it finds the program's leaks");
      command = valgrind;
      args = [...VALGRIND_ARGS, `--log-file=${vlog}`, name];
    }
    args.push(...(options.args ?? []));
    const result = await exec(command, args, {
      cwd: dir,
      env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ""}`, KZ_FAIL_AT: String(options.failAt), KZ_SITES_FD: String(SITES_FD), LC_ALL: "C" },
      timeoutMs: options.timeoutMs ?? 30_000,
      fds: [sitesHandle.fd],
    });
    const allocations = await resolveSites(program, await readFile(sites, "utf8"));
    const report = options.valgrind ? await readFile(vlog, "utf8").catch(() => "") : "";
    return {
      failAt: options.failAt,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(result.code !== null ? { status: result.code } : {}),
      ...(result.signal ? { signal: result.signal } : {}),
      allocations,
      leaks: parseValgrindLeaks(report, program.sourceFiles ?? program.sourceFile),
      memoryErrors: memoryErrors(report),
      valgrind: options.valgrind,
    };
  } finally {
    await sitesHandle.close();
    await rm(sites, { force: true });
    await rm(vlog, { force: true });
  }
}

/** What the program is started as: its bare name, found in PATH (a name that starts with '-' would read as an option: that one goes by its path). */
function commandName(program: CompiledProgram): string {
  return basename(program.path).startsWith("-") ? program.path : basename(program.path);
}

/**
 * fail #k for every k in `failAts`, under valgrind, in ONE valgrind process: the program's
 * wrappers fork a child per k (KZ_FAIL_EACH in guest/kz_wrap.c), one after the other, and valgrind
 * writes each child's report to a file named after its pid. The results are those runProgram()
 * gives, one per k, in order; valgrind starts once instead of once per k.
 */
export async function runProgramEach(program: CompiledProgram, failAts: readonly number[], options: { timeoutMs?: number; args?: readonly string[] } = {}): Promise<ProgramRun[]> {
  if (failAts.length === 0) return [];
  const valgrind = await which("valgrind");
  if (!valgrind) throw new Error("valgrind is not installed (apt-get install -y valgrind): it finds the program's leaks");
  const dir = await temporaryDirectory("each-", join(program.path, ".."));
  const perRunMs = options.timeoutMs ?? 30_000;
  try {
    // By its bare name from PATH, as runProgram() starts it: argv[0] is the program's name in these runs too.
    const args = [...VALGRIND_ARGS, `--log-file=${join(dir, "valgrind-%p.txt")}`, commandName(program), ...(options.args ?? [])];
    await exec(valgrind, args, {
      cwd: join(program.path, ".."),
      env: { ...process.env, PATH: `${join(program.path, "..")}${delimiter}${process.env.PATH ?? ""}`, KZ_FAIL_EACH: failAts.join(" "), KZ_RUN_DIR: dir, KZ_RUN_TIMEOUT: String(perRunMs), LC_ALL: "C" },
      timeoutMs: perRunMs * failAts.length + 10_000,
    });
    const statuses = new Map<number, { pid: number; code: number; signal: number }>();
    for (const line of (await readFile(join(dir, "status"), "utf8").catch(() => "")).split("\n")) {
      const m = /^(\d+) (\d+) (-?\d+) (\d+)$/.exec(line);
      if (m) statuses.set(Number(m[1]), { pid: Number(m[2]), code: Number(m[3]), signal: Number(m[4]) });
    }
    const read = (name: string) => readFile(join(dir, name), "utf8").catch(() => "");
    return await Promise.all(
      failAts.map(async (k): Promise<ProgramRun> => {
        const status = statuses.get(k);
        const report = status ? await read(`valgrind-${status.pid}.txt`) : "";
        // No status line: the whole run was stopped before this one ended.
        const signal = !status ? "SIGKILL" : status.signal > 0 ? signalName(status.signal) : undefined;
        return {
          failAt: k,
          stdout: await read(`out-${k}`),
          stderr: await read(`err-${k}`),
          ...(status && status.code >= 0 && status.signal === 0 ? { status: status.code } : {}),
          ...(signal ? { signal } : {}),
          allocations: await resolveSites(program, await read(`sites-${k}`)),
          leaks: parseValgrindLeaks(report, program.sourceFiles ?? program.sourceFile),
          memoryErrors: memoryErrors(report),
          valgrind: true,
        };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function signalName(n: number): string {
  return Object.entries(osConstants.signals).find(([, v]) => v === n)?.[0] ?? `signal ${n}`;
}

function memoryErrors(report: string): string[] {
  return report
    .split("\n")
    .filter((l) => /^==\d+== (Invalid (read|write|free)|Mismatched free|Conditional jump)/.test(l))
    .map((l) => l.replace(/^==\d+== /, ""));
}


/** The wrappers' lines, with each return address turned into file:line by addr2line (one call for all). */
async function resolveSites(program: CompiledProgram, text: string): Promise<AllocationCall[]> {
  const rows = text
    .split("\n")
    .map((l) => /^(\d+) (\w+) (0x[0-9a-f]+|\(nil\)) ([01])$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  if (rows.length === 0) return [];
  const addr2line = await which("addr2line");
  // A return address points after the call; one byte back is inside the call instruction.
  const addresses = rows.map((m) => (m[3] === "(nil)" ? "0x0" : `0x${(BigInt(m[3]!) - 1n).toString(16)}`));
  const resolved = addr2line ? (await exec(addr2line, ["-e", program.path, ...addresses])).stdout.split("\n") : [];
  return rows.map((m, i) => {
    // `/dir/my prog.c:16 (discriminator 1)`: the file's name may hold blanks; the site is its base name.
    const where = /^(.*):(\d+)(?: \(discriminator \d+\))?$/.exec(resolved[i] ?? "");
    const site = where && where[2] !== "0" ? `${basename(where[1]!)}:${where[2]}` : m[3]!;
    return { index: Number(m[1]), fn: m[2]!, site, ...(where && where[2] !== "0" ? { line: Number(where[2]) } : {}), failed: m[4] === "1" };
  });
}

/**
 * valgrind's "definitely lost" and "indirectly lost" records (`N bytes in M blocks are definitely lost
 * in loss record …`, then the allocation stack). Indirect ones are kept because each names its own
 * allocation site: a lost struct's members are what the port's ledger also reports one by one. The
 * site is the first frame in the user's file (below __wrap_malloc).
 */
export function parseValgrindLeaks(report: string, sourceFile: string | readonly string[]): Leak[] {
  const own = (file: string) => (typeof sourceFile === "string" ? file === sourceFile : sourceFile.includes(file));
  const leaks: Leak[] = [];
  const lines = report.split("\n").map((l) => l.replace(/^==\d+== ?/, ""));
  for (let i = 0; i < lines.length; i++) {
    // "16 (8 direct, 8 indirect) bytes …": the indirect part has a record of its own, so count the direct bytes.
    const m = /^([\d,]+) (?:\(([\d,]+) direct, [\d,]+ indirect\) )?bytes in ([\d,]+) blocks? (?:is|are) (definitely|indirectly) lost/.exec(lines[i]!);
    if (!m) continue;
    const stack: string[] = [];
    for (let j = i + 1; j < lines.length && /^\s+(at|by) 0x/.test(lines[j]!); j++) stack.push(lines[j]!.trim());
    const site = stack.map((f) => /\(([^():]+):(\d+)\)$/.exec(f)).find((f) => f && own(f[1]!));
    leaks.push({
      kind: m[4] === "definitely" ? "definite" : "indirect",
      bytes: Number((m[2] ?? m[1]!).replace(/,/g, "")),
      blocks: Number(m[3]!.replace(/,/g, "")),
      ...(site ? { site: `${site[1]}:${site[2]}`, line: Number(site[2]) } : {}),
      stack,
    });
  }
  return leaks;
}
