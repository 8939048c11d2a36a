// Node's way to the C grammar: read tree-sitter-c.wasm from the installed package, once per process.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { CodeFormatter } from "./core/layout.js";
import { CLanguage } from "./core/parse.js";
import type { ProgramFile } from "./core/program-files.js";
import { translateProgram as translateProgramWith, type ProgramTranslateOptions, type ProgramTranslateResult } from "./core/translate-program.js";
import { translate as translateWith, type TranslateOptions, type TranslateResult } from "./core/translate.js";

let language: Promise<CLanguage> | undefined;

/** The C grammar, loaded once per process. */
export function loadC(): Promise<CLanguage> {
  language ??= (async () => {
    const require = createRequire(import.meta.url);
    const grammar = readFileSync(require.resolve("tree-sitter-c/tree-sitter-c.wasm"));
    return CLanguage.load({ grammar: new Uint8Array(grammar) });
  })();
  return language;
}

let clangFormat: Promise<CodeFormatter> | undefined;

/** clang-format compiled to WASM, for the kernel style's layout; loaded on first use (about 2.5 MB). */
export function loadClangFormat(): Promise<CodeFormatter> {
  clangFormat ??= import("@wasm-fmt/clang-format").then((m) => (code: string, style: string) => m.format(code, "module.c", style));
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
