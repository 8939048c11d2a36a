#!/usr/bin/env node
// The command's entry (bundled as dist/cli/kernelize.mjs): runs the bundled command, kernelize.cjs,
// as a script compiled from V8's code cache, so that a one-shot port does not parse 1.2 MB of
// JavaScript and compile every function it calls before it can start.
//
// Node 20 caches no compiled code for modules (module.enableCompileCache came in Node 22), but a
// vm.Script takes V8's cached data. scripts/bundle-cli.mjs writes kernelize.code-cache after a port
// of examples/greeting.c. V8 refuses a cache made by another V8 or with other flags, and then
// compiles the source as usual: only the time is lost. Measured on the seed (see the commit that
// brought this file): about 170 million instructions of the 610 million a port costs above `node -e 0`.
import "./engine-flags.js";
import { isAscii } from "node:buffer";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** Stands for the bundle's contents in the cache's first line (scripts/bundle-cli.mjs defines it). */
declare const KERNELIZE_BUNDLE_HASH: string;

const bundleUrl = new URL("./kernelize.cjs", import.meta.url);
const bundlePath = fileURLToPath(bundleUrl);
const cachePath = fileURLToPath(new URL("./kernelize.code-cache", import.meta.url));
// V8 checks a cache against the source's length only, so a cache left from another build of the same
// length would run that build's code: the cache names the bundle it was made from.
const cacheHeader = Buffer.from(`kernelize ${KERNELIZE_BUNDLE_HASH}\n`);

// Node 20's readFileSync(path, "utf8") took some 20 ms over the 1.4 MB bundle; ASCII read as
// Latin-1 is the same text, made in about half that (scripts/bundle-cli.mjs keeps the bundle ASCII).
const bundleBytes = readFileSync(bundlePath);
const source = bundleBytes.toString(isAscii(bundleBytes) ? "latin1" : "utf8");
const cachedData = readCache();
// The bundle is one function expression (scripts/bundle-cli.mjs wraps it), called below.
const script = new Script(source, {
  filename: bundlePath,
  ...(cachedData ? { cachedData } : {}),
});
if (process.env.KERNELIZE_WRITE_CODE_CACHE === "1") {
  // The build's warm-up run: after the port, the cache holds every function it compiled too.
  process.once("exit", () => writeFileSync(cachePath, Buffer.concat([cacheHeader, script.createCachedData()])));
}
// What the bundle (format cjs) expects of a CommonJS module, and the two things a script lacks:
// import() (only through the launcher, a module) and import.meta.url.
const bundleModule = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(
  bundleModule.exports,
  createRequire(bundleUrl),
  bundleModule,
  bundlePath,
  dirname(bundlePath),
  (specifier: string) => import(specifier),
  bundleUrl.href,
);

function readCache(): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cachePath);
  } catch {
    return undefined;
  }
  return data.subarray(0, cacheHeader.length).equals(cacheHeader) ? data.subarray(cacheHeader.length) : undefined;
}
