// The guest kernel: find the image to boot, read its release, and unpack it once (cached) for a PVH boot.
import { spawn } from "node:child_process";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { cacheDir as defaultCacheDir, cacheKey, exists, fileIdentity, temporaryPath, writeAtomically } from "./cache.js";
import { which } from "./exec.js";
import { compareVersions } from "./kbuild.js";
import { MissingPartError, VerifyInputError } from "./parts.js";
import { trackChild } from "./temp.js";

export interface GuestKernel {
  /** The image as installed (`/boot/vmlinuz-6.1.0-56-amd64`) or as given with --kernel. */
  path: string;
  /** Its release (`6.1.0-56-amd64`): a module loads only when its vermagic names the same one. */
  release: string | undefined;
  format: "bzImage" | "elf" | "unknown";
}

export interface PreparedKernel extends GuestKernel {
  /** What QEMU's -kernel gets: the unpacked vmlinux when it has a PVH entry point, else `path`. */
  bootPath: string;
  /** True when bootPath is an ELF with a PVH entry note (QEMU jumps straight into it, no decompression). */
  pvh: boolean;
  /** The cache key: the image's path, size and modification time. */
  key: string;
  /** True when the unpacked image came from the cache rather than being unpacked now. */
  cached: boolean;
}

/**
 * `explicit` (--kernel) or the newest /boot/vmlinuz-*; with `release`, the image of that release
 * when it is installed (so the module built against its headers loads).
 */
export async function findGuestKernel(explicit?: string, options: { release?: string; bootDir?: string } = {}): Promise<GuestKernel> {
  if (explicit !== undefined) {
    const path = resolve(explicit);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new VerifyInputError(`--kernel-image ${explicit}: no such file`);
    return describeKernel(path);
  }
  const bootDir = options.bootDir ?? "/boot";
  const images = (await readdir(bootDir).catch(() => [] as string[]))
    .filter((f) => /^vmlinuz-/.test(f))
    .map((f) => ({ path: join(bootDir, f), release: f.slice("vmlinuz-".length) }))
    .sort((a, b) => compareVersions(b.release, a.release));
  const chosen = images.find((i) => i.release === options.release) ?? images[0];
  if (!chosen) throw new MissingPartError("kernel-image", `no kernel image to boot: ${bootDir} has no vmlinuz-*`);
  return describeKernel(chosen.path);
}

async function describeKernel(path: string): Promise<GuestKernel> {
  let head: Buffer;
  try {
    head = await readHead(path, 64 * 1024);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES") {
      // Ubuntu installs /boot/vmlinuz-* readable by root only.
      throw new VerifyInputError(`${path}: permission denied (make it readable, e.g. sudo chmod 0644 ${path}, or pass --kernel-image a readable copy)`);
    }
    throw new VerifyInputError(`${path}: cannot read (${code ?? String(e)})`);
  }
  const format = isElf(head) ? "elf" : head.subarray(0x202, 0x206).toString("latin1") === "HdrS" ? "bzImage" : "unknown";
  return { path, release: kernelRelease(head), format };
}

async function readHead(path: string, length: number): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * The release string of a kernel image: a bzImage's setup header points at it (`kernel_version`,
 * offset 0x20e, relative to 0x200; see Documentation/x86/boot.rst); an ELF vmlinux has it in its
 * `Linux version …` banner.
 */
export function kernelRelease(image: Buffer): string | undefined {
  if (image.length > 0x210 && image.subarray(0x202, 0x206).toString("latin1") === "HdrS") {
    const offset = image.readUInt16LE(0x20e) + 0x200;
    if (offset < image.length) {
      const text = image.subarray(offset, Math.min(image.length, offset + 256)).toString("latin1");
      const release = text.split(/[\s\0]/)[0];
      if (release) return release;
    }
  }
  const banner = /Linux version (\S+)/.exec(image.toString("latin1"));
  return banner?.[1];
}

function isElf(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32BE(0) === 0x7f454c46;
}

interface KernelCacheMeta {
  identity: string;
  path: string;
  pvh: boolean;
  /** Set when a boot from the unpacked image failed: later runs boot the original. */
  unbootable?: boolean;
}

/**
 * Unpacks the bzImage's payload into an ELF vmlinux once and keeps it in the cache. Under TCG a
 * bzImage spends about half of a short run decompressing itself; QEMU can instead load the ELF
 * and enter it at its PVH entry point. Anything unexpected (no known payload, no PVH note, no xz)
 * falls back to booting the image as it is.
 */
export async function prepareKernel(kernel: GuestKernel, options: { cacheDir?: string } = {}): Promise<PreparedKernel> {
  const identity = await fileIdentity(kernel.path);
  const key = cacheKey("kernel", identity);
  const plain: PreparedKernel = { ...kernel, bootPath: kernel.path, pvh: false, key, cached: false };
  if (kernel.format === "elf") {
    return { ...plain, pvh: await hasPvhNote(kernel.path) };
  }
  if (kernel.format !== "bzImage") return plain;

  const root = join(options.cacheDir ?? defaultCacheDir(), "kernels");
  const dir = join(root, key);
  const vmlinux = join(dir, "vmlinux");
  const metaPath = join(dir, "meta.json");
  const meta = await readMeta(metaPath);
  if (meta && meta.identity === identity) {
    if (!meta.pvh || meta.unbootable) return plain;
    if (await exists(vmlinux)) return { ...plain, bootPath: vmlinux, pvh: true, cached: true };
  }

  await mkdir(dir, { recursive: true });
  const unpacked = await unpackPayload(kernel.path, vmlinux);
  const pvh = unpacked && (await hasPvhNote(vmlinux));
  if (unpacked && !pvh) await rm(vmlinux, { force: true });
  await writeAtomically(metaPath, JSON.stringify({ identity, path: resolve(kernel.path), pvh } satisfies KernelCacheMeta, null, 2));
  await pruneOtherVersions(root, key, resolve(kernel.path));
  return pvh ? { ...plain, bootPath: vmlinux, pvh: true } : plain;
}

/** Remembers that the unpacked image did not boot, so the next run goes straight to the bzImage. */
export async function markUnbootable(kernel: PreparedKernel, options: { cacheDir?: string } = {}): Promise<void> {
  const metaPath = join(options.cacheDir ?? defaultCacheDir(), "kernels", kernel.key, "meta.json");
  const meta = await readMeta(metaPath);
  if (meta) await writeAtomically(metaPath, JSON.stringify({ ...meta, unbootable: true }, null, 2));
}

async function readMeta(path: string): Promise<KernelCacheMeta | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as KernelCacheMeta;
  } catch {
    return undefined;
  }
}

/** A kernel updated in place (same path, new size or time) leaves its old unpacked copy behind: remove it. */
async function pruneOtherVersions(root: string, keep: string, path: string): Promise<void> {
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    if (entry === keep) continue;
    const meta = await readMeta(join(root, entry, "meta.json"));
    if (meta?.path === path) await rm(join(root, entry), { recursive: true, force: true });
  }
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);

/**
 * Finds the compressed payload the way the kernel's scripts/extract-vmlinux does: look for each
 * format's magic bytes and try to decompress from there until the result is an ELF file.
 */
async function unpackPayload(imagePath: string, outPath: string): Promise<boolean> {
  const image = await readFile(imagePath);
  const attempts: Array<{ offset: number; tool: string; args: string[] }> = [];
  for (const offset of offsetsOf(image, XZ_MAGIC).slice(0, 4)) attempts.push({ offset, tool: "xz", args: ["-dc", "--single-stream"] });
  for (const offset of offsetsOf(image, GZIP_MAGIC).slice(0, 4)) attempts.push({ offset, tool: "gzip", args: ["-dc"] });
  for (const a of attempts) {
    const tool = await which(a.tool);
    if (!tool) continue;
    const temp = temporaryPath(outPath);
    try {
      await decompressInto(tool, a.args, image.subarray(a.offset), temp);
      // gzip complains about the bytes after its stream but has written the whole payload by then.
      if (isElf(await readHead(temp, 4))) {
        await rename(temp, outPath);
        return true;
      }
    } catch {
      // not a payload at this offset; try the next one
    } finally {
      await rm(temp, { force: true });
    }
  }
  return false;
}

function offsetsOf(haystack: Buffer, needle: Buffer): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

/** Pipes `input` through a decompressor straight into a file (the payload is tens of megabytes). */
async function decompressInto(tool: string, args: string[], input: Buffer, outPath: string): Promise<void> {
  const out = await open(outPath, "w");
  try {
    await new Promise<void>((resolvePromise, reject) => {
      const child = trackChild(spawn(tool, args, { stdio: ["pipe", out.fd, "ignore"] }));
      child.on("error", reject);
      child.stdin!.on("error", () => {});
      child.on("close", () => resolvePromise());
      child.stdin!.end(input);
    });
  } finally {
    await out.close();
  }
}

/**
 * True when an ELF kernel carries Xen's PHYS32_ENTRY note (name "Xen", type 18): the PVH entry
 * point QEMU needs to boot an uncompressed vmlinux with -kernel.
 */
export async function hasPvhNote(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const header = Buffer.alloc(64);
    await fh.read(header, 0, 64, 0);
    if (!isElf(header) || header[4] !== 2 || header[5] !== 1) return false; // 64-bit little-endian only
    const phoff = Number(header.readBigUInt64LE(0x20));
    const phentsize = header.readUInt16LE(0x36);
    const phnum = header.readUInt16LE(0x38);
    const table = Buffer.alloc(phentsize * phnum);
    await fh.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      const ph = table.subarray(i * phentsize);
      if (ph.readUInt32LE(0) !== 4) continue; // PT_NOTE
      const offset = Number(ph.readBigUInt64LE(8));
      const size = Number(ph.readBigUInt64LE(0x20));
      const notes = Buffer.alloc(size);
      await fh.read(notes, 0, size, offset);
      for (let at = 0; at + 12 <= notes.length; ) {
        const namesz = notes.readUInt32LE(at);
        const descsz = notes.readUInt32LE(at + 4);
        const type = notes.readUInt32LE(at + 8);
        const name = notes.subarray(at + 12, at + 12 + namesz).toString("latin1").replace(/\0+$/, "");
        if (name === "Xen" && type === 18) return true;
        at += 12 + align4(namesz) + align4(descsz);
      }
    }
    return false;
  } finally {
    await fh.close();
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
