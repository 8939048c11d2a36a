// `kernelize playground`: the address it prints, what its server answers, and its errors (not built, bad or busy port).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../helpers/paths.js";
import { type PlaygroundServer, startPlayground } from "./server.js";

describe("kernelize playground", () => {
  let server: PlaygroundServer;
  beforeAll(async () => {
    server = await startPlayground();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("prints its address on 127.0.0.1 and serves the built app there", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("<title>kernelize playground");
    // Relative asset paths, so the same folder can be hosted under any path.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((a) => !a.startsWith("data:"));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).toMatch(/^\.\/assets\//);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, server.url));
      expect(response.status, asset).toBe(200);
      expect(response.headers.get("cache-control")).toContain("immutable");
    }
  });

  it("serves every file of the build the service worker keeps, the parser's and clang-format's WASM as application/wasm", async () => {
    const worker = await fetch(new URL("sw.js", server.url));
    expect(worker.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(worker.headers.get("cache-control")).toBe("no-cache");
    const files = JSON.parse(/const FILES = (\[[^\]]*\]);/.exec(await worker.text())![1]!) as string[];
    expect(files).toContain("index.html");
    const wasm = files.filter((f) => f.endsWith(".wasm"));
    expect(wasm.map((f) => f.replace(/-[\w]+\.wasm$/, ".wasm")).sort()).toEqual(["assets/clang-format.wasm", "assets/tree-sitter-c.wasm", "assets/tree-sitter.wasm"]);
    for (const file of files) {
      const response = await fetch(new URL(file, server.url));
      expect(response.status, file).toBe(200);
      if (file.endsWith(".wasm")) {
        expect(response.headers.get("content-type"), file).toBe("application/wasm");
        expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
      }
    }
  });

  it("answers 404 for what is not there, outside the folder included, and 405 to anything but GET and HEAD", async () => {
    expect((await fetch(new URL("nothing-here.js", server.url))).status).toBe(404);
    expect((await fetch(new URL("/%2e%2e/%2e%2e/package.json", server.url))).status).toBe(404);
    expect((await fetch(new URL("/assets/..%2f..%2f..%2fpackage.json", server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: "POST", body: "x" })).status).toBe(405);
    const head = await fetch(server.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("refuses a port that is taken, or not a port, with exit code 2", async () => {
    const taken = Number(new URL(server.url).port);
    const busy = spawnSync(process.execPath, [cliPath, "playground", "--port", String(taken)], { encoding: "utf8", timeout: 20_000 });
    expect(busy.status).toBe(2);
    expect(busy.stderr).toBe(`kernelize: error: --port ${taken}: already in use; choose another, or --port 0 for any free port\n`);
    const bad = spawnSync(process.execPath, [cliPath, "playground", "--port", "80x"], { encoding: "utf8", timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--port 80x: a port is a whole number from 0 to 65535");
  });

  it("falls back to a free port when the default one (5178) is taken", async () => {
    const blocker = createServer();
    const blocked = await new Promise<boolean>((done) => {
      blocker.once("error", () => done(false));
      blocker.listen(5178, "127.0.0.1", () => done(true));
    });
    try {
      // Whoever holds 5178 (this test, or another playground), the command must not fail for it.
      const second = await startPlayground([]);
      try {
        expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(second.url).not.toBe("http://127.0.0.1:5178/");
        expect((await fetch(second.url)).status).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      if (blocked) blocker.close();
    }
  });

  it("says the playground is not built, with exit code 69, when dist/playground is missing", () => {
    // The bundled command in a copy of dist/ that has no playground folder.
    const copy = mkdtempSync(join(tmpdir(), "kernelize-noplay-"));
    mkdirSync(join(copy, "dist", "cli"), { recursive: true });
    // kernelize.mjs runs kernelize.cjs, with the code cache and web-tree-sitter's .wasm beside it.
    for (const file of ["kernelize.mjs", "kernelize.cjs", "kernelize.code-cache", "tree-sitter.wasm"]) cpSync(join(dirname(cliPath), file), join(copy, "dist", "cli", file));
    symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"));
    const run = spawnSync(process.execPath, [join(copy, "dist", "cli", "kernelize.mjs"), "playground"], { encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(69);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^kernelize: error: the playground is not built \(no .*dist\/playground\/index\.html\): run `npm run build` in kernelize's folder\n$/);
  });

  it("stops at once on SIGTERM, with exit code 0, though a client still holds a connection", async () => {
    const own = await startPlayground();
    const { connect } = await import("node:net");
    // A request still arriving (its headers unfinished) keeps its connection busy, as a slow client does.
    const { hostname, port } = new URL(own.url);
    const client = connect(Number(port), hostname);
    await new Promise<void>((connected) => client.once("connect", () => connected()));
    client.write("GET / HTTP/1.1\r\nHost: localhost\r\n");
    client.on("error", () => {});
    await new Promise((settle) => setTimeout(settle, 200));
    const started = Date.now();
    await own.stop();
    expect(own.process.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    client.destroy();
  }, 15_000);

  it("is listed in --help", () => {
    const help = spawnSync(process.execPath, [cliPath, "--help"], { encoding: "utf8" });
    expect(help.stdout).toMatch(/playground \[options\]\s+serve the playground/);
  });
});
