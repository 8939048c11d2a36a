// Bundles the command into one file: resolving and loading ~30 modules one by one was a third of
// the start-up time of a one-shot port (measured: 147 ms unbundled, 107 ms bundled; node -e 0 is 50 ms).
// The bundle, dist/cli/kernelize.cjs, is a script that src/cli/launch.ts (dist/cli/kernelize.mjs)
// compiles with V8's code cache, dist/cli/kernelize.code-cache, made here by one port.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { build } from "esbuild";

// tree-sitter-c is read from node_modules at run time (when dist/grammar has no copy), so it stays
// outside the bundle; clang-format (the kernel style's layout) reads its .wasm beside its module, and
// is imported only when asked for. web-tree-sitter is bundled, for its 160 kB of JavaScript to be in
// the code cache too; it finds its runtime .wasm beside the bundle, where it is copied.
const external = ["tree-sitter-c", "@wasm-fmt/clang-format"];
const bundle = "dist/cli/kernelize.cjs";
const cache = "dist/cli/kernelize.code-cache";
rmSync(cache, { force: true });
copyFileSync(createRequire(import.meta.url).resolve("web-tree-sitter/tree-sitter.wasm"), "dist/cli/tree-sitter.wasm");

/**
 * clang-format is an ES module: the script imports it through the launcher (see
 * src/clang-format-module.ts).
 */
const importThroughLauncher = {
  name: "import-through-launcher",
  setup(build) {
    build.onResolve({ filter: /\/clang-format-module\.js$/ }, () => ({ path: "clang-format-module", namespace: "launcher" }));
    // web-tree-sitter's CommonJS build: its ES one imports "module" in a function that declares require.
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: createRequire(import.meta.url).resolve("web-tree-sitter") }));
    build.onLoad({ filter: /.*/, namespace: "launcher" }, () => ({
      contents: 'export const importClangFormat = () => kernelizeImport("@wasm-fmt/clang-format");',
      loader: "js",
    }));
  },
};

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: bundle,
  bundle: true,
  platform: "node",
  target: "node20",
  // A script, not a module: only a script is compiled with cached data (vm.Script) in Node 20.
  format: "cjs",
  charset: "ascii",
  // Whitespace and comments out, names kept (no minifyIdentifiers): a quarter less to read and hold
  // (measured on the seed: 10 ms less of a 280 ms port). A crash report's stack still names every
  // function; its places are columns of line 1 of this version's kernelize.cjs.
  minifyWhitespace: true,
  minifySyntax: true,
  // Wrapped as the launcher calls it, so that the file's text is the script's source, not copied into one.
  banner: { js: "(function (exports, require, module, __filename, __dirname, kernelizeImport, kernelizeMetaUrl) {" },
  footer: { js: "})" },
  // import() of Node's own modules becomes require(), which a script has.
  supported: { "dynamic-import": false },
  // The launcher passes the bundle's own URL: files beside it resolve as from the unbundled modules' dist/.
  define: { "import.meta.url": "kernelizeMetaUrl" },
  external,
  plugins: [importThroughLauncher],
  sourcemap: false,
  logLevel: "warning",
});

const text = readFileSync(bundle, "utf8");
// esbuild writes strings ASCII-only, but keeps license comments as they are: one character beyond
// ASCII there makes the launcher decode the whole source as UTF-8 and V8 hold it in two bytes a
// character (slower to read).
const wide = /[^\x00-\x7f]/.exec(text);
if (wide) console.warn(`${bundle}: '${wide[0]}' at line ${text.slice(0, wide.index).split("\n").length} (a comment kept from the sources?): the bundle is read slower than an ASCII one`);
// Whatever still says import( or require() of an ES module would fail only when that path runs.
for (const left of [/\bimport\(\s*["'`]/, /require\(["']@wasm-fmt\/clang-format["']\)/]) {
  if (left.test(text)) throw new Error(`${bundle}: ${left} is left in the script (see src/clang-format-module.ts)`);
}

await build({
  entryPoints: ["dist/cli/launch.js"],
  outfile: "dist/cli/kernelize.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  define: { KERNELIZE_BUNDLE_HASH: JSON.stringify(createHash("sha256").update(text).digest("hex").slice(0, 16)) },
  sourcemap: false,
  logLevel: "warning",
});

// The cache holds what a port compiles: one port of the example, written nowhere.
const warm = spawnSync(process.execPath, ["dist/cli/kernelize.mjs", "port", "examples/greeting.c", "--dry-run", "-q"], {
  // Flags are part of the cache's key: the warm-up runs as a plain `node` would.
  env: { ...process.env, NODE_OPTIONS: "", KERNELIZE_WRITE_CODE_CACHE: "1" },
  encoding: "utf8",
});
if (warm.status !== 0) throw new Error(`the warm-up port for ${cache} failed (${warm.status ?? warm.signal}):\n${warm.stderr}`);
