// Ctrl-C in the middle of `kernelize run` ends QEMU and removes the temporary directories.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";

const withRunParts = itNeeds(runParts);

withRunParts(
  "an interrupted run exits 130 and leaves no temporary directory behind",
  async () => {
    const scratch = mkdtempSync(join(tmpdir(), "kernelize-interrupt-"));
    const child = spawn(process.execPath, [cliPath, "run", join(seedDir, "user_code.c")], { env: { ...process.env, TMPDIR: scratch }, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Interrupt once the guest's directory exists: QEMU is starting or running.
    const deadline = Date.now() + 20_000;
    while (!readdirSync(scratch).some((d) => d.startsWith("kernelize-run-")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const during = readdirSync(scratch);
    expect(during.some((d) => d.startsWith("kernelize-run-"))).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readdirSync(scratch)).toEqual([]);
    expect(during.every((d) => !existsSync(join(scratch, d)))).toBe(true);
    // Nothing it started (QEMU's command line names files in those directories) is still running.
    await new Promise((r) => setTimeout(r, 200));
    expect(spawnSync("pgrep", ["-f", scratch], { encoding: "utf8" }).stdout).toBe("");
  },
  60_000,
);

withRunParts(
  "check interrupted while valgrind runs the program: SIGINT to the process alone ends valgrind and what it forked, and leaves nothing in TMPDIR",
  async () => {
    const scratch = mkdtempSync(join(tmpdir(), "kernelize-interrupt-"));
    const child = spawn(process.execPath, [cliPath, "check", join(seedDir, "user_code.c")], { env: { ...process.env, TMPDIR: scratch }, stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Interrupt once valgrind runs the program (its command line names the check's directory).
    const deadline = Date.now() + 30_000;
    const valgrindRunning = () => spawnSync("pgrep", ["-f", `valgrind.*${scratch}`], { encoding: "utf8" }).stdout.trim() !== "";
    while (!valgrindRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(valgrindRunning()).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    await new Promise((r) => setTimeout(r, 300));
    expect(spawnSync("pgrep", ["-f", scratch], { encoding: "utf8" }).stdout).toBe("");
    expect(readdirSync(scratch)).toEqual([]);
  },
  60_000,
);
