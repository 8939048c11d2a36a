// Node's way to the C grammar: read tree-sitter-c.wasm, shipped in dist/grammar/, once per process.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { importClangFormat } from "./clang-format-module.js";
import type { CodeFormatter } from "./core/layout.js";
import { CLanguage } from "./core/parse.js";
import type { ProgramFile } from "./core/program-files.js";
import { translateProgram as translateProgramWith, type ProgramTranslateOptions, type ProgramTranslateResult } from "./core/translate-program.js";
import { translate as translateWith, type TranslateOptions, type TranslateResult } from "./core/translate.js";

let language: Promise<CLanguage> | undefined;

/** The C grammar, loaded once per process. */
export function loadC(): Promise<CLanguage> {
  language ??= (async () => {
    return CLanguage.load({ grammar: new Uint8Array(readFileSync(grammarPath())) });
  })();
  return language;
}

/**
 * The build copies the grammar into dist/grammar/ (scripts/copy-grammar.mjs), beside this module
 * (dist/node-language.js) or one level up from the bundled command (dist/cli/kernelize.mjs); the
 * package needs no tree-sitter-c, whose install script builds a native addon kernelize never loads.
 * Run from the sources (the tests), the grammar comes from tree-sitter-c, a development dependency.
 */
function grammarPath(): string {
  for (const relative of ["./grammar/tree-sitter-c.wasm", "../grammar/tree-sitter-c.wasm"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  return createRequire(import.meta.url).resolve("tree-sitter-c/tree-sitter-c.wasm");
}

let clangFormat: Promise<CodeFormatter> | undefined;

/** clang-format compiled to WASM, for the kernel style's layout; loaded on first use (about 2.5 MB). */
export function loadClangFormat(): Promise<CodeFormatter> {
  clangFormat ??= importClangFormat().then((m) => (code: string, style: string) => m.format(code, "module.c", style));
  return clangFormat;
}

/** Ports a C program to a kernel module: `await translate(source, { name: "hello" })`. */
export async function translate(source: string, options: TranslateOptions = {}): Promise<TranslateResult> {
  const format = options.format ?? (options.style === "kernel" ? await loadClangFormat() : undefined);
  return translateWith(await loadC(), source, { ...options, ...(format ? { format } : {}) });
}

/** Ports a program of several files (its .c files and local headers) into one module of several objects. */
export async function translateProgram(files: readonly ProgramFile[], options: ProgramTranslateOptions): Promise<ProgramTranslateResult> {
  const format = options.format ?? (options.style === "kernel" ? await loadClangFormat() : undefined);
  return translateProgramWith(await loadC(), files, { ...options, ...(format ? { format } : {}) });
}
