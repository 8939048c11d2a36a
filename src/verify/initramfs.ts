// The guest's initramfs (its init, compiled once and cached) and the payload that brings it the module over the serial line.
import { spawn } from "node:child_process";
import { chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, exists, fileIdentity, writeAtomically } from "./cache.js";
import { exec, which } from "./exec.js";
import { MissingPartError, VerifyInputError } from "./parts.js";
import { temporaryDirectory, trackChild } from "./temp.js";
import { guestSource } from "./guest-source.js";

/**
 * The guest's /init, a static C program, so that nothing between the guest asking for its module
 * and powering off starts a process but the loader's own child (under TCG a busybox process costs
 * 15-30 ms, more than loading a module). It:
 *
 * - reports on the second serial port (ttyS1), so that the kernel's console messages on ttyS0
 *   never split a report line, and receives the module on the same port: the host starts QEMU
 *   before the module is built, and the guest asks for it (READY) once it has booted;
 * - calls finit_module() exactly once per load (busybox's insmod retries a failed finit_module()
 *   with init_module(), which runs a failing init a second time), in a child process named kzload
 *   (an oops kills the calling task, which must not be init), and writes KZ:*-BEGIN/END to
 *   /dev/kmsg around each call: that marks the module's window in the kernel log, and the END
 *   record flushes a last printk that had no newline;
 * - waits for each call until one deadline (the budget the host sent, from the module's arrival)
 *   and reports a call that has not returned as a hang, with the log so far;
 * - reads the kernel log from /dev/kmsg while each call runs, so that a module printing more than
 *   the kernel's ring holds loses nothing (and a record overwritten anyway is counted as lost),
 *   and sends it with the printk trace events of the other tasks, which say which lines are not
 *   the loader's; a long log goes through memory shared with the host rather than the serial line.
 */
export const initSource = (): string => guestSource("kzinit.c");

/** Bumped when the base's layout changes in a way the sources above do not show. */
const BASE_FORMAT = "3";

export interface InitramfsBase {
  path: string;
  /** True when it came from the cache. */
  cached: boolean;
}

/**
 * The initramfs, the same for every run: the compiled init and the directories it mounts on,
 * packed with `cpio -o -H newc`. Cached under the cache directory, keyed by the init's source and
 * the compiler; the kernel is not part of the key because the guest loads no module but the
 * user's, which arrives over the serial line.
 */
export async function ensureInitramfsBase(options: { cacheDir?: string } = {}): Promise<InitramfsBase> {
  const cpio = await which("cpio");
  if (!cpio) throw new MissingPartError("cpio", "cpio is not installed");
  const gcc = await which("gcc");
  if (!gcc) throw new MissingPartError("gcc", "gcc is not installed (it builds the guest's init)");
  const key = cacheKey("initramfs", BASE_FORMAT, await fileIdentity(gcc), initSource());
  const path = join(options.cacheDir ?? defaultCacheDir(), "initramfs", `base-${key}.cpio`);
  if (await exists(path)) return { path, cached: true };

  const root = await temporaryDirectory("kernelize-initramfs-");
  try {
    for (const d of ["dev", "proc", "sys", "tmp", "kz"]) await mkdir(join(root, d));
    await writeFile(join(root, "kzinit.c"), initSource());
    const cc = await exec(gcc, ["-static", "-Os", "-s", "-o", join(root, "init"), join(root, "kzinit.c")]);
    if (cc.code !== 0) {
      if (/cannot find -lc|crt1\.o|No such file/.test(cc.stderr)) {
        throw new MissingPartError("libc-static", "gcc cannot link a static program (no static libc)");
      }
      throw new Error(`compiling the guest's init failed:\n${cc.stderr}`);
    }
    await rm(join(root, "kzinit.c"));
    await chmod(join(root, "init"), 0o755);
    const entries = [".", "dev", "init", "kz", "proc", "sys", "tmp"];
    await writeAtomically(path, await packCpio(cpio, root, entries));
    return { path, cached: false };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** `cpio -o -H newc` over a list of paths relative to `root`, owned by root in the archive. */
async function packCpio(cpio: string, root: string, entries: readonly string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = trackChild(spawn(cpio, ["--quiet", "-o", "-H", "newc", "-R", "0:0"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] }));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new Error(`cpio failed: ${Buffer.concat(err).toString()}`));
    });
    child.stdin.end(`${entries.join("\n")}\n`);
  });
}

export interface PayloadOptions {
  /** The module's bytes (debug info stripped: they cross a serial line). */
  module: Buffer;
  /** The module's name as the kernel knows it (for delete_module). */
  moduleName: string;
  /** finit_module's parameter string (`count=3 name="a b"`). */
  params: string;
  /** Seconds the guest gives its loads and unloads, from when the payload arrives. */
  budgetSeconds: number;
  /** Several parameter strings, loaded and unloaded in turn in one boot (instead of `params` once). */
  scenarios?: readonly string[];
  /** A batch: after this module the guest reports MODULE-END and asks for the next one instead of powering off. */
  more?: boolean;
}

/**
 * What the host sends the guest once the module is built: sections `KEY LENGTH\n` followed by
 * LENGTH bytes (name, budget, params, scenarios, module), read by the guest's init (guest/kzinit.c).
 */
export function modulePayload(options: PayloadOptions): Buffer {
  if (!/^[A-Za-z0-9_-]+$/.test(options.moduleName)) throw new VerifyInputError(`module name ${options.moduleName}: not a kernel module name`);
  if (!(options.budgetSeconds > 0)) throw new RangeError(`budget ${options.budgetSeconds}: must be above 0`);
  const sections: [string, Buffer][] = [
    ["name", Buffer.from(options.moduleName)],
    ["budget", Buffer.from(options.budgetSeconds.toFixed(1))],
    ["params", Buffer.from(options.params)],
  ];
  // formatParams() refuses newlines in values, so one line is one scenario.
  if (options.scenarios) sections.push(["scenarios", Buffer.from(options.scenarios.map((p) => `${p}\n`).join(""))]);
  if (options.more) sections.push(["more", Buffer.from("1")]);
  sections.push(["module", options.module]);
  return Buffer.concat(sections.flatMap(([key, value]) => [Buffer.from(`${key} ${value.length}\n`), value]));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3, as zlib computes it), which the guest checks the payload against. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
