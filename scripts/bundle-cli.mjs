// Bundles the command into one file: resolving and loading ~30 modules one by one was a third of
// the start-up time of a one-shot port (measured: 147 ms unbundled, 107 ms bundled; node -e 0 is 50 ms).
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/cli/kernelize.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  // web-tree-sitter finds its runtime .wasm beside its own module, and tree-sitter-c is read from
  // node_modules at run time, so both stay outside the bundle; clang-format (the kernel style's
  // layout) likewise reads its .wasm beside its module, and is imported only when asked for.
  external: ["web-tree-sitter", "tree-sitter-c", "@wasm-fmt/clang-format"],
  // CommonJS dependencies (commander) call require() for Node's built-ins.
  banner: { js: "import { createRequire as __kernelizeRequire } from 'node:module';\nconst require = __kernelizeRequire(import.meta.url);" },
  sourcemap: false,
  logLevel: "warning",
});
