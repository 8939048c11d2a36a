// Builds the playground (src/web) into dist/playground: relative asset paths, so the folder can be served from any path.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin, transformWithEsbuild } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Emits sw.js, the service worker that keeps every file of this build for offline use. */
function offlineCache(): Plugin {
  return {
    name: "kernelize-offline-cache",
    apply: "build",
    enforce: "post",
    async generateBundle(_options, bundle) {
      const files = [...new Set(["index.html", ...Object.keys(bundle)])].filter((f) => !f.endsWith(".map")).sort();
      const path = `${here}service-worker.ts`;
      const { code } = await transformWithEsbuild(await readFile(path, "utf8"), path, { loader: "ts", target: "es2022", format: "iife" });
      const version = createHash("sha256").update(files.join("\n")).digest("hex").slice(0, 16);
      const source = code.replace("__VERSION__", version).replace("__FILES__", JSON.stringify(files));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  root: here,
  base: "./",
  clearScreen: false,
  logLevel: "warn",
  build: {
    outDir: `${repoRoot}dist/playground`,
    emptyOutDir: true,
    target: "es2022",
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      onwarn(warning, warn) {
        // web-tree-sitter's Emscripten glue names Node's modules and calls eval() on paths a browser never takes
        // (Node's file loading; grammars with inline JavaScript, which tree-sitter-c has none of).
        const fromTreeSitter = `${warning.id ?? ""} ${warning.message}`.includes("web-tree-sitter");
        if (fromTreeSitter && (warning.code === "EVAL" || warning.plugin === "vite:resolve")) return;
        warn(warning);
      },
    },
  },
  server: { fs: { allow: [repoRoot] } },
  plugins: [offlineCache()],
});
