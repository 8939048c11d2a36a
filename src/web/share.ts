// The playground's state in the URL's fragment, so a port can be shared as a link: the program's files, module name, style.
//
// The fragment is never sent to a server, so a shared program stays between the people who share it.
// It is JSON, deflated (CompressionStream, in every current browser and in Node) and base64url-encoded;
// "#z=" marks that form, "#b=" the same JSON uncompressed, for a browser without CompressionStream.
// Version 2 holds every file of the program; a version 1 link (one file: `code` and `file`) still opens.

import type { PortStyle, ProgramFile } from "../core/index.js";

export type { PortStyle, ProgramFile };

export interface PlaygroundState {
  /** The program's files, in the order of their tabs: one .c file, or several with their headers. */
  files: ProgramFile[];
  /** The index of the file on screen. */
  active: number;
  /** The module's name as chosen (`--name`); empty for kernelize's default. */
  name: string;
  style: PortStyle;
  /** The kernel release, X.Y (links made before it existed open with 6.1). */
  kernel: string;
}

const VERSION = 2;

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = JSON.stringify({ v: VERSION, files: state.files.map((f) => [f.path, f.text]), active: state.active, name: state.name, style: state.style, kernel: state.kernel });
  const bytes = new TextEncoder().encode(json);
  if (typeof CompressionStream === "function") {
    return `z=${toBase64Url(await pipeThrough(bytes, new CompressionStream("deflate-raw")))}`;
  }
  return `b=${toBase64Url(bytes)}`;
}

/** The state a fragment carries, or undefined when it carries none or cannot be read. */
export async function decodeState(fragment: string): Promise<PlaygroundState | undefined> {
  const match = /^#?([zb])=([A-Za-z0-9_-]*)$/.exec(fragment);
  if (!match) return undefined;
  try {
    let bytes = fromBase64Url(match[2]!);
    if (match[1] === "z") bytes = await pipeThrough(bytes, new DecompressionStream("deflate-raw"));
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (typeof value !== "object" || value === null) return undefined;
    const { v, name, style, kernel } = value as Record<string, unknown>;
    const program = v === 1 ? singleFile(value as Record<string, unknown>) : v === VERSION ? programFiles(value as Record<string, unknown>) : undefined;
    if (!program) return undefined;
    return {
      ...program,
      name: typeof name === "string" ? name : "",
      style: style === "kernel" ? "kernel" : "minimal",
      kernel: typeof kernel === "string" && /^\d+\.\d+$/.test(kernel) ? kernel : "6.1",
    };
  } catch {
    return undefined;
  }
}

/** A version 1 link: one file, its text in `code`. */
function singleFile({ code, file }: Record<string, unknown>): Pick<PlaygroundState, "files" | "active"> | undefined {
  return typeof code === "string" && typeof file === "string" ? { files: [{ path: file, text: code }], active: 0 } : undefined;
}

/** A version 2 link: `files` as [path, text] pairs, at least one, no path twice; `active` one of them. */
function programFiles({ files, active }: Record<string, unknown>): Pick<PlaygroundState, "files" | "active"> | undefined {
  if (!Array.isArray(files) || files.length === 0) return undefined;
  const read: ProgramFile[] = [];
  for (const f of files as unknown[]) {
    if (!Array.isArray(f) || typeof f[0] !== "string" || typeof f[1] !== "string" || read.some((r) => r.path === f[0])) return undefined;
    read.push({ path: f[0], text: f[1] });
  }
  const index = typeof active === "number" && Number.isInteger(active) && active >= 0 && active < read.length ? active : 0;
  return { files: read, active: index };
}

async function pipeThrough(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
