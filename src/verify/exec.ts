// Running external programs for verify/: argv arrays only (no shell), output captured, killed on timeout, and remembered so an interrupted command ends them.
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { childTemporaryDirectory, signalChild, trackChild } from "./temp.js";

/**
 * A delay setTimeout() keeps: Node turns one past 2^31 - 1 ms (24.8 days) into 1 ms, with only a
 * warning, so a long limit (--timeout 900 over 3,318 failure runs) would fire at once. Past that,
 * the longest it keeps, which no run reaches.
 */
export function timerMs(ms: number): number {
  return Math.min(Math.max(ms, 0), 2 ** 31 - 1);
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Bytes written to the program's standard input (then closed); otherwise stdin is /dev/null. */
  input?: Buffer | string;
  /** Killed (SIGTERM, then SIGKILL a second later) after this long. */
  timeoutMs?: number;
  /** Called with each chunk of standard output and standard error as it arrives. */
  onOutput?: (chunk: string, stream: "stdout" | "stderr") => void;
  /** Open descriptors the program gets as fd 3, 4, … (a report channel of its own). */
  fds?: readonly number[];
}

export interface ExecResult {
  /** Exit status, or null when a signal ended the program. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in arrival order, as a terminal would show them. */
  output: string;
  timedOut: boolean;
  durationMs: number;
}

/** Runs `command args…` to completion; rejects only when the program cannot be started at all. */
export function exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), TMPDIR: childTemporaryDirectory() },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe", ...(options.fds ?? [])],
      // A group of its own: a timeout or an interrupt ends what the program started too.
      detached: true,
    };
    const child = trackChild(spawn(command, [...args], spawnOptions), { group: true });
    const out: string[] = [];
    const err: string[] = [];
    const both: string[] = [];
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      terminate(child);
    }, timerMs(options.timeoutMs));
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      out.push(chunk);
      both.push(chunk);
      options.onOutput?.(chunk, "stdout");
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      err.push(chunk);
      both.push(chunk);
      options.onOutput?.(chunk, "stderr");
    });
    if (options.input !== undefined) {
      // A program that exits without reading all of its input is not an error of ours.
      child.stdin!.on("error", () => {});
      child.stdin!.end(options.input);
    }
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: out.join(""),
        stderr: err.join(""),
        output: both.join(""),
        timedOut,
        durationMs: performance.now() - started,
      });
    });
  });
}

/**
 * SIGTERM, and SIGKILL if the process is still there a second later (a hung QEMU vCPU can ignore
 * the first); to its whole process group when it leads one (exec's children do).
 */
export function terminate(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalChild(child, "SIGTERM");
  // A group's other members can outlive its leader: the second signal goes to them all the same.
  const hard = setTimeout(() => signalChild(child, "SIGKILL"), 1000);
  hard.unref();
}

/** The absolute path of an executable found on PATH (or the path itself when it contains a slash). */
export async function which(command: string, path = process.env.PATH ?? ""): Promise<string | undefined> {
  const candidates = command.includes("/") ? [command] : path.split(delimiter).filter(Boolean).map((dir) => join(dir, command));
  // Debian puts some tools (modinfo) in sbin, which a non-root PATH may lack.
  if (!command.includes("/")) for (const dir of ["/usr/sbin", "/sbin"]) candidates.push(join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return undefined;
}
