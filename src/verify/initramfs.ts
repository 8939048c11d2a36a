// The guest's initramfs: static busybox, a one-syscall loader and an init script (cached), plus the module per run.
import { spawn } from "node:child_process";
import { chmod, copyFile, mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, exists, fileIdentity, writeAtomically } from "./cache.js";
import { exec, which } from "./exec.js";
import { MissingPartError, VerifyInputError } from "./parts.js";

/**
 * The loader calls finit_module() exactly once. busybox's insmod retries a failed finit_module()
 * with init_module(), which runs a failing init a second time (doubled log, doubled side effects).
 * It writes KZ:*-BEGIN/END to /dev/kmsg around each call: that marks the module's window in the
 * kernel log, and the END record flushes a last printk that had no newline (the kernel holds such
 * a line back until something else is logged).
 */
export const LOADER_SOURCE = String.raw`// kzload: kernelize's guest loader: one finit_module() or delete_module() call, reported on stdout.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static void mark(const char *text)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0) {}
		close(fd);
	}
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int report(const char *stage, long rc, int err, long long us)
{
	if (rc == 0)
		printf("KZ:%s rc=0 us=%lld\n", stage, us);
	else
		printf("KZ:%s rc=%ld errno=%d us=%lld msg=%s\n", stage, rc, err, us, strerror(err));
	fflush(stdout);
	return rc == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	static char params[65536];
	long rc;
	int err;
	long long start;

	if (argc == 4 && strcmp(argv[1], "load") == 0) {
		int pfd = open(argv[3], O_RDONLY | O_CLOEXEC);
		ssize_t n = pfd >= 0 ? read(pfd, params, sizeof(params) - 1) : 0;
		params[n > 0 ? n : 0] = '\0';
		int fd = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return report("LOAD", -1, errno, 0);
		printf("KZ:LOAD-START\n");
		fflush(stdout);
		mark("KZ:LOAD-BEGIN\n");
		start = now_us();
		rc = syscall(SYS_finit_module, fd, params, 0);
		err = errno;
		start = now_us() - start;
		mark("KZ:LOAD-END\n");
		return report("LOAD", rc, err, start);
	}
	if (argc == 3 && strcmp(argv[1], "unload") == 0) {
		printf("KZ:UNLOAD-START\n");
		fflush(stdout);
		mark("KZ:UNLOAD-BEGIN\n");
		start = now_us();
		rc = syscall(SYS_delete_module, argv[2], O_NONBLOCK);
		err = errno;
		start = now_us() - start;
		mark("KZ:UNLOAD-END\n");
		return report("UNLOAD", rc, err, start);
	}
	fprintf(stderr, "usage: kzload load FILE.ko PARAMS-FILE | kzload unload NAME\n");
	return 3;
}
`;

/**
 * The guest's /init. Reports go to the second serial port (ttyS1) so that the kernel's console
 * messages on ttyS0 never split a report line. A watchdog in the guest reports a load or unload
 * that does not return by KZ_DEADLINE (guest uptime), with the log so far, and powers off; the
 * host's own timeout stays as the last resort. The kernel log is dumped raw (`<level>[time] text`)
 * from the load marker on, and the printk trace events say which task printed each line.
 */
export const INIT_SCRIPT = `#!/bin/busybox sh
# kernelize's guest init: load the module with one finit_module() call, unload it, report on ttyS1, power off.
B=/bin/busybox
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mount -t devtmpfs devtmpfs /dev
$B stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1 4</dev/ttyS1
say() { echo "KZ:$*" >&3; }
# A power-off throws away what the serial port has not sent yet, so the host acknowledges the
# last report line before the guest goes (and a host that does not is waited for 3 s at most).
finish() {
	say DONE
	read -t 3 ack <&4
	$B poweroff -f
}
. /kz/run.conf
say "BOOT uptime=$($B cut -d' ' -f1 /proc/uptime)"
T=/sys/kernel/tracing
tracing=
if $B mount -t tracefs tracefs $T 2>/dev/null && echo 1 > $T/events/printk/console/enable 2>/dev/null; then tracing=1; fi
say "TRACE on=\${tracing:-0}"
dump() {
	$B dmesg -r | $B sed -n '/KZ:LOAD-BEGIN/,$ s/^/KZ:K /p' | $B tail -n 5000 >&3
	if [ -n "$tracing" ]; then $B grep -v '^#' $T/trace | $B tail -n 10000 | $B sed 's/^/KZ:T /' >&3; fi
}
watchdog() {
	$B sleep "$($B awk -v d="$KZ_DEADLINE" '{ r = d - $1; if (r < 0.2) r = 0.2; print r }' /proc/uptime)"
	stage=$1
	if [ "$stage" = series ]; then read -r stage < /tmp/stage; fi
	say "HANG stage=$stage"
	dump
	finish
}
step() {
	( watchdog "$1" ) &
	wd=$!
	/bin/kzload "$@" >&3
	status=$?
	kill $wd 2>/dev/null
	return $status
}
# Several scenarios in one boot (kernelize check): /kz/scenarios holds one parameter string a line.
# Each is loaded and unloaded in turn and reported between SCENARIO-BEGIN and SCENARIO-END, with
# the kernel log and trace cleared after each so every report holds its own lines only. A load
# that dies or an unload that fails leaves the module in an unknown state: the rest are skipped.
# One watchdog watches the whole series (the deadline is the same for every step): under TCG,
# starting one per step costs more than the loads themselves. It reads the stage from /tmp/stage.
if [ -f /kz/scenarios ]; then
	series_step() {
		echo "$1" > /tmp/stage
		/bin/kzload "$@" >&3
	}
	( watchdog series ) &
	wd=$!
	i=0
	while IFS= read -r p <&5; do
		i=$((i + 1))
		printf '%s' "$p" > /tmp/params
		say "SCENARIO-BEGIN $i"
		series_step load /kz/module.ko /tmp/params
		status=$?
		stop=
		if [ $status -eq 0 ]; then
			series_step unload "$KZ_NAME"
			status=$?
			if [ $status -gt 1 ]; then say "UNLOAD-DIED status=$status"; fi
			if [ $status -ne 0 ]; then stop=1; fi
		elif [ $status -gt 1 ]; then
			say "LOAD-DIED status=$status"
			stop=1
		fi
		# dump, but reading and clearing the log in one call, so no line falls between the two.
		$B dmesg -r -c | $B sed -n '/KZ:LOAD-BEGIN/,$ s/^/KZ:K /p' | $B tail -n 5000 >&3
		if [ -n "$tracing" ]; then
			$B grep -v '^#' $T/trace | $B tail -n 10000 | $B sed 's/^/KZ:T /' >&3
			echo > $T/trace
		fi
		say "SCENARIO-END $i"
		if [ -n "$stop" ]; then break; fi
	done 5< /kz/scenarios
	kill $wd 2>/dev/null
	finish
fi
step load /kz/module.ko /kz/params
status=$?
if [ $status -eq 0 ]; then
	step unload "$KZ_NAME"
	status=$?
	if [ $status -gt 1 ]; then say "UNLOAD-DIED status=$status"; fi
elif [ $status -gt 1 ]; then
	say "LOAD-DIED status=$status"
fi
dump
finish
`;

/** Bumped when the base's layout changes in a way the sources above do not show. */
const BASE_FORMAT = "1";

export interface InitramfsBase {
  path: string;
  /** True when it came from the cache. */
  cached: boolean;
}

/**
 * The part of the initramfs that is the same for every run: busybox, the loader and /init, packed
 * with `cpio -o -H newc`. Cached under the cache directory, keyed by busybox's identity and the
 * loader and script sources; the kernel is not part of the key because the guest loads no module
 * but the user's.
 */
export async function ensureInitramfsBase(options: { cacheDir?: string } = {}): Promise<InitramfsBase> {
  const busybox = await findStaticBusybox();
  const cpio = await which("cpio");
  if (!cpio) throw new MissingPartError("cpio", "cpio is not installed");
  const gcc = await which("gcc");
  const key = cacheKey("initramfs", BASE_FORMAT, await fileIdentity(busybox), LOADER_SOURCE, INIT_SCRIPT);
  const path = join(options.cacheDir ?? defaultCacheDir(), "initramfs", `base-${key}.cpio`);
  if (await exists(path)) return { path, cached: true };
  if (!gcc) throw new MissingPartError("gcc", "gcc is not installed (it builds the guest's loader)");

  const root = await mkdtemp(join(tmpdir(), "kernelize-initramfs-"));
  try {
    for (const d of ["bin", "dev", "proc", "sys", "tmp", "kz"]) await mkdir(join(root, d));
    await copyFile(busybox, join(root, "bin", "busybox"));
    await writeFile(join(root, "kzload.c"), LOADER_SOURCE);
    const cc = await exec(gcc, ["-static", "-Os", "-s", "-o", join(root, "bin", "kzload"), join(root, "kzload.c")]);
    if (cc.code !== 0) {
      if (/cannot find -lc|crt1\.o|No such file/.test(cc.stderr)) {
        throw new MissingPartError("libc-static", "gcc cannot link a static program (no static libc)");
      }
      throw new Error(`compiling the guest loader failed:\n${cc.stderr}`);
    }
    await rm(join(root, "kzload.c"));
    await writeFile(join(root, "init"), INIT_SCRIPT);
    await chmod(join(root, "init"), 0o755);
    await chmod(join(root, "bin", "busybox"), 0o755);
    const entries = [".", "bin", "bin/busybox", "bin/kzload", "dev", "init", "kz", "proc", "sys", "tmp"];
    await writeAtomically(path, await packCpio(cpio, root, entries));
    return { path, cached: false };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** busybox from PATH, refused unless statically linked: the initramfs has no shared libraries. */
async function findStaticBusybox(): Promise<string> {
  const candidates = [await which("busybox"), "/bin/busybox", "/usr/bin/busybox"].filter((p): p is string => Boolean(p));
  for (const c of candidates) if (await isStaticElf(c)) return c;
  if (candidates.length > 0) {
    throw new MissingPartError("busybox", `${candidates[0]} is dynamically linked and cannot run alone in the guest`);
  }
  throw new MissingPartError("busybox", "busybox is not installed");
}

/** An ELF executable without a PT_INTERP program header needs no dynamic loader. */
export async function isStaticElf(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch {
    return false;
  }
  try {
    const header = Buffer.alloc(64);
    await fh.read(header, 0, 64, 0);
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) return false;
    const phoff = Number(header.readBigUInt64LE(0x20));
    const phentsize = header.readUInt16LE(0x36);
    const phnum = header.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    await fh.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) if (table.readUInt32LE(i * phentsize) === 3) return false; // PT_INTERP
    return true;
  } finally {
    await fh.close();
  }
}

/** `cpio -o -H newc` over a list of paths relative to `root`, owned by root in the archive. */
async function packCpio(cpio: string, root: string, entries: readonly string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cpio, ["--quiet", "-o", "-H", "newc", "-R", "0:0"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
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

export interface RunInitramfsOptions {
  base: string;
  koPath: string;
  /** The module's name as the kernel knows it (for delete_module). */
  moduleName: string;
  /** finit_module's parameter string (`count=3 name="a b"`). */
  params: string;
  /** Guest uptime, in seconds, by which load and unload must have returned. */
  deadlineSeconds: number;
  /** Directory for the run's files. */
  dir: string;
  /** Several parameter strings, loaded and unloaded in turn in one boot (instead of `params` once). */
  scenarios?: readonly string[];
}

/**
 * The run's initramfs: the cached base with a second, small newc archive appended (the kernel
 * unpacks concatenated archives in order), holding the module, its parameters and run.conf.
 */
export async function writeRunInitramfs(options: RunInitramfsOptions): Promise<string> {
  if (!/^[A-Za-z0-9_-]+$/.test(options.moduleName)) throw new VerifyInputError(`module name ${options.moduleName}: not a kernel module name`);
  const cpio = await which("cpio");
  if (!cpio) throw new MissingPartError("cpio", "cpio is not installed");
  const root = join(options.dir, "run-root");
  await mkdir(join(root, "kz"), { recursive: true });
  await copyFile(options.koPath, join(root, "kz", "module.ko"));
  await writeFile(join(root, "kz", "params"), options.params);
  // Only a checked name and a number reach the shell that sources this file.
  await writeFile(join(root, "kz", "run.conf"), `KZ_NAME=${options.moduleName}\nKZ_DEADLINE=${options.deadlineSeconds.toFixed(1)}\n`);
  const files = ["kz", "kz/module.ko", "kz/params", "kz/run.conf"];
  if (options.scenarios) {
    // formatParams() refuses newlines in values, so one line is one scenario.
    await writeFile(join(root, "kz", "scenarios"), options.scenarios.map((p) => `${p}\n`).join(""));
    files.push("kz/scenarios");
  }
  const run = await packCpio(cpio, root, files);
  const path = join(options.dir, "initramfs.cpio");
  await writeFile(path, Buffer.concat([await readFile(options.base), run]));
  return path;
}
