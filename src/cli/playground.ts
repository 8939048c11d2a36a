// `kernelize playground`: serve the built playground (dist/playground) on localhost and print its address.
//
// The server is node:http and nothing else, loaded only when this command runs, so `kernelize port`
// starts no slower for it. It serves files from one folder, read-only, to GET and HEAD.
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { UsageError } from "./io.js";

/** Exit status when the playground has not been built (sysexits' EX_UNAVAILABLE, as for a missing part). */
const EXIT_NOT_BUILT = 69;
export const DEFAULT_PLAYGROUND_PORT = 5178;

/** dist/playground, beside dist/cli where this module (or the bundled command) lives. */
export const playgroundRoot = fileURLToPath(new URL("../playground/", import.meta.url));

interface PlaygroundFlags {
  port?: string;
  host: string;
  open?: boolean;
}

export function registerPlaygroundCommand(program: Command): void {
  program
    .command("playground")
    .description("serve the playground (port and explain C in the browser, live) on localhost and print its address")
    .option("--port <n>", `port to listen on; 0 picks a free one (default: ${DEFAULT_PLAYGROUND_PORT}, or a free one when that is taken)`)
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--open", "open the address in the default browser")
    .action(async (flags: PlaygroundFlags) => {
      process.exitCode = await playgroundCommand(flags);
    });
}

async function playgroundCommand(flags: PlaygroundFlags): Promise<number> {
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535 && /^\d+$/.test(flags.port!))) {
    throw new UsageError(`--port ${flags.port}: a port is a whole number from 0 to 65535`);
  }
  if (!existsSync(join(playgroundRoot, "index.html"))) {
    process.stderr.write(`kernelize: error: the playground is not built (no ${join(playgroundRoot, "index.html")}): run \`npm run build\` in kernelize's folder\n`);
    return EXIT_NOT_BUILT;
  }
  let server: Server;
  try {
    server = await servePlayground(playgroundRoot, flags.host, port ?? DEFAULT_PLAYGROUND_PORT);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" && port === undefined) server = await servePlayground(playgroundRoot, flags.host, 0);
    else if (code === "EADDRINUSE") throw new UsageError(`--port ${port}: already in use; choose another, or --port 0 for any free port`);
    else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new UsageError(`--host ${flags.host}: not an address of this machine`);
    else if (code === "EACCES") throw new UsageError(`--port ${port}: not allowed to listen there (ports below 1024 need root)`);
    else throw e;
  }
  const url = addressOf(server, flags.host);
  process.stdout.write(`kernelize playground: ${url}\n`);
  if (flags.open) await openInBrowser(url);
  await new Promise<void>((done) => {
    // Browsers keep their connections open: drop them, or Ctrl-C would wait for them to time out.
    const stop = () => {
      server.close(() => done());
      server.closeAllConnections();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  return 0;
}

/** Serves `root` on host:port; resolves once it listens. */
export async function servePlayground(root: string, host: string, port: number): Promise<Server> {
  const { createServer } = await import("node:http");
  const server = createServer((request, response) => {
    void answer(root, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((listening, failed) => {
    server.once("error", failed);
    server.listen(port, host, () => {
      server.off("error", failed);
      listening();
    });
  });
  return server;
}

function addressOf(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const shown = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return `http://${shown}:${port}/`;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

async function answer(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
  } catch {
    response.writeHead(400).end();
    return;
  }
  if (path.endsWith("/")) path += "index.html";
  const file = resolve(root, normalize(`.${path}`));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    response.writeHead(404).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    response.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    return;
  }
  const body = await readFile(file);
  // Hashed assets never change; the page and the service worker must be asked for each time.
  const immutable = path.startsWith("/assets/");
  response.writeHead(200, {
    "Content-Type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Length": body.length,
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "X-Content-Type-Options": "nosniff",
  });
  response.end(request.method === "HEAD" ? undefined : body);
}

async function openInBrowser(url: string): Promise<void> {
  const { spawn } = await import("node:child_process");
  const [command, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  const child = spawn(command, args, { stdio: "ignore", detached: true });
  child.on("error", () => process.stderr.write(`kernelize: could not open a browser (${command}); open ${url} yourself\n`));
  child.unref();
}
