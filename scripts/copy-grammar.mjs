// Copies the C grammar (tree-sitter-c.wasm, with tree-sitter-c's MIT license) into dist/grammar/: the package ships
// the one file it reads from tree-sitter-c, so installing kernelize runs no install script and builds no native addon.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const grammar = require.resolve("tree-sitter-c/tree-sitter-c.wasm");
const out = join(root, "dist", "grammar");
mkdirSync(out, { recursive: true });
copyFileSync(grammar, join(out, "tree-sitter-c.wasm"));
copyFileSync(join(dirname(grammar), "LICENSE"), join(out, "LICENSE.tree-sitter-c"));
