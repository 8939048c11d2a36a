// The playground's state in the URL's fragment, so a port can be shared as a link: program, file name, module name, style.
//
// The fragment is never sent to a server, so a shared program stays between the people who share it.
// It is JSON, deflated (CompressionStream, in every current browser and in Node) and base64url-encoded;
// "#z=" marks that form, "#b=" the same JSON uncompressed, for a browser without CompressionStream.

import type { PortStyle } from "../core/index.js";

export type { PortStyle };

export interface PlaygroundState {
  /** The user's C program. */
  code: string;
  /** The program's file name: the module's name falls back to its stem. */
  file: string;
  /** The module's name as chosen (`--name`); empty for kernelize's default. */
  name: string;
  style: PortStyle;
  /** The kernel release, X.Y (links made before it existed open with 6.1). */
  kernel: string;
}

const VERSION = 1;

export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = JSON.stringify({ v: VERSION, file: state.file, name: state.name, style: state.style, kernel: state.kernel, code: state.code });
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
    const { v, file, name, style, kernel, code } = value as Record<string, unknown>;
    if (v !== VERSION || typeof code !== "string" || typeof file !== "string") return undefined;
    return { code, file, name: typeof name === "string" ? name : "", style: style === "kernel" ? "kernel" : "minimal", kernel: typeof kernel === "string" && /^\d+\.\d+$/.test(kernel) ? kernel : "6.1" };
  } catch {
    return undefined;
  }
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
