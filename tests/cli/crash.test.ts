// An internal error or an interrupt at any moment: one line (and a report file), the conventional exit status, nothing left running or in TMPDIR.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildParts, itNeeds } from "../helpers/parts.js";
import { cliPath, seedDir } from "../helpers/paths.js";

const scratches: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), "kernelize-crash-"));
  scratches.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratches) rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs the command with `preload` loaded first (node --import): the test's way to make something
 * go wrong at a chosen moment in a process it does not otherwise control. TMPDIR is a directory of
 * the test's own, and so is the cache unless the command should find Kbuild's compiler command
 * there (reading it anew is a build).
 */
function start(args: string[], preload?: string, options: { ownCache?: boolean } = {}) {
  const dir = scratch();
  const tmp = join(dir, "tmp");
  const cache = join(dir, "cache");
  for (const d of [tmp, cache]) mkdirSync(d);
  const imports: string[] = [];
  if (preload !== undefined) {
    writeFileSync(join(dir, "preload.mjs"), preload);
    imports.push("--import", join(dir, "preload.mjs"));
  }
  const child = spawn(process.execPath, [...imports, cliPath, ...args], { env: { ...process.env, TMPDIR: tmp, ...(options.ownCache === false ? {} : { XDG_CACHE_HOME: cache }) }, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.once("close", (status, signal) => resolve({ status, signal, stderr })));
  return { child, tmp, cache, exited };
}

/** What still runs with `dir` on its command line (gcc, cc1 and make name their files there). */
async function runningIn(dir: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 300));
  return new Promise((resolve) => {
    const ps = spawn("pgrep", ["-af", dir], { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    ps.stdout.setEncoding("utf8").on("data", (c: string) => (out += c));
    ps.once("close", () => resolve(out));
  });
}

describe("an error thrown outside the command's own promise", () => {
  it("is one line naming a report file that holds the stack, exit 70, never a stack trace on the terminal", async () => {
    // Reading standard input that never ends: the error comes from a timer while the command waits.
    const run = start(["port", "-", "-o", join(scratch(), "out")], `setTimeout(() => { throw new Error("boom from a callback"); }, 300);\n`);
    const r = await run.exited;
    expect(r.status).toBe(70);
    const m = /^kernelize: internal error: boom from a callback \(details in (\S+)\)\n$/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    expect(m![1]!.startsWith(run.cache)).toBe(true);
    expect(readFileSync(m![1]!, "utf8")).toMatch(/Error: boom from a callback\n\s+at /);
  });
});

const withCompiler = itNeeds(buildParts);

describe("port's compile check interrupted or crashed while gcc runs", () => {
  // The test waits for the check's directory to appear in TMPDIR: then gcc runs or is starting.
  const waitForCompile = `import { readdirSync } from "node:fs";
export const compiling = () => readdirSync(process.env.TMPDIR).some((d) => d.startsWith("kernelize-compile-"));
`;

  withCompiler("an internal error ends gcc and removes the directories", async () => {
    const out = join(scratch(), "out");
    const preload = `${waitForCompile}const t = setInterval(() => { if (compiling()) { clearInterval(t); throw new Error("boom while gcc runs"); } }, 1);\n`;
    const run = start(["port", join(seedDir, "user_code.c"), "-o", out], preload, { ownCache: false });
    const r = await run.exited;
    const report = /^kernelize: internal error: boom while gcc runs \(details in (\S+)\)\n$/.exec(r.stderr)?.[1];
    expect(report, r.stderr).toBeDefined();
    rmSync(report!);
    expect(r.status).toBe(70);
    expect(readdirSync(run.tmp)).toEqual([]);
    expect(await runningIn(run.tmp)).toBe("");
  }, 30_000);

  withCompiler("SIGTERM to kernelize alone (not its group) ends gcc and removes the directories, exit 143", async () => {
    const out = join(scratch(), "out");
    const run = start(["port", join(seedDir, "user_code.c"), "-o", out], undefined, { ownCache: false });
    const deadline = Date.now() + 20_000;
    while (!readdirSync(run.tmp).some((d) => d.startsWith("kernelize-compile-")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    run.child.kill("SIGTERM");
    const r = await run.exited;
    expect(r.status).toBe(143);
    expect(readdirSync(run.tmp)).toEqual([]);
    expect(await runningIn(run.tmp)).toBe("");
  }, 30_000);
});
