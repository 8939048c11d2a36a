// Ctrl-C, a kill or a closed terminal in the middle of `kernelize run` or `check` ends QEMU and valgrind and removes the temporary directories.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import { itNeeds, runParts } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";

const withRunParts = itNeeds(runParts);
const scratches: string[] = [];
afterAll(() => scratches.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratchDir = () => {
  const d = mkdtempSync(join(tmpdir(), "kernelize-interrupt-"));
  scratches.push(d);
  return d;
};

for (const [signal, status] of [["SIGINT", 130], ["SIGHUP", 129]] as const) {
  withRunParts(
    `a run stopped by ${signal} exits ${status} and leaves no temporary directory behind`,
    async () => {
      const scratch = scratchDir();
      const child = spawn(process.execPath, [cliPath, "run", join(seedDir, "user_code.c")], { env: { ...process.env, TMPDIR: scratch }, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      // Interrupt once the guest's directory exists: QEMU is starting or running.
      const deadline = Date.now() + 20_000;
      while (!readdirSync(scratch).some((d) => d.startsWith("kernelize-run-")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const during = readdirSync(scratch);
      expect(during.some((d) => d.startsWith("kernelize-run-"))).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(status);
      expect(readdirSync(scratch)).toEqual([]);
      expect(during.every((d) => !existsSync(join(scratch, d)))).toBe(true);
      // Nothing it started (QEMU's command line names files in those directories) is still running.
      await new Promise((r) => setTimeout(r, 200));
      expect(spawnSync("pgrep", ["-f", scratch], { encoding: "utf8" }).stdout).toBe("");
    },
    60_000,
  );
}

for (const [signal, status] of [["SIGINT", 130], ["SIGHUP", 129]] as const) {
  withRunParts(
    `check stopped by ${signal} while valgrind runs the program (the process alone) ends valgrind and what it forked, and leaves nothing in TMPDIR`,
    async () => {
      const scratch = scratchDir();
      const child = spawn(process.execPath, [cliPath, "check", join(seedDir, "user_code.c")], { env: { ...process.env, TMPDIR: scratch }, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      // Interrupt once valgrind runs the program (its command line names the check's directory).
      const deadline = Date.now() + 30_000;
      const valgrindRunning = () => spawnSync("pgrep", ["-f", `valgrind.*${scratch}`], { encoding: "utf8" }).stdout.trim() !== "";
      while (!valgrindRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(valgrindRunning()).toBe(true);
      child.kill(signal);
      expect(await exited).toBe(status);
      await new Promise((r) => setTimeout(r, 300));
      expect(spawnSync("pgrep", ["-f", scratch], { encoding: "utf8" }).stdout).toBe("");
      expect(readdirSync(scratch)).toEqual([]);
    },
    60_000,
  );
}
