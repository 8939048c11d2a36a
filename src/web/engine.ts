// kernelize's core in the browser: the C grammar's WASM loaded from the app's own assets, and one port per edit.
import runtimeUrl from "web-tree-sitter/tree-sitter.wasm?url";
import grammarUrl from "tree-sitter-c/tree-sitter-c.wasm?url";
import {
  buildExplainReport,
  CLanguage,
  type CodeFormatter,
  type ExplainReport,
  translate,
  type TranslateOptions,
  type TranslateResult,
} from "../core/index.js";
import type { PortStyle } from "./share.js";

export interface Port {
  source: string;
  file: string;
  /** The module name asked for; empty for the default. */
  name: string;
  style: PortStyle;
  /** The kernel release asked for, X.Y. */
  kernel: string;
  result: TranslateResult;
  /** The explain model of this port: the changed lines, their edits and rules come from it. */
  report: ExplainReport;
  /** Time translate() and the report took, in milliseconds. */
  elapsedMs: number;
}

export interface Engine {
  port(source: string, file: string, name: string, style: PortStyle, kernel: string): Promise<Port>;
}

/**
 * Loads the parser runtime and the C grammar from the app's own assets. Called first thing, so the
 * downloads and WASM compilation overlap with building the editors.
 */
export async function loadEngine(): Promise<Engine> {
  const response = await fetch(grammarUrl);
  if (!response.ok) throw new Error(`${grammarUrl}: HTTP ${response.status}`);
  const grammar = new Uint8Array(await response.arrayBuffer());
  const language = await CLanguage.load({ grammar, locateFile: () => runtimeUrl });
  return {
    async port(source, file, name, style, kernel) {
      let format: CodeFormatter | undefined;
      if (style === "kernel") {
        try {
          format = await loadClangFormat();
        } catch (e) {
          throw new Error(`clang-format, which lays out the kernel style, did not load: ${(e as Error).message}`);
        }
      }
      const started = performance.now();
      const options: TranslateOptions = { fileName: file, style, kernel, ...(name !== "" ? { name } : {}), ...(format ? { format } : {}) };
      let result: TranslateResult;
      let report: ExplainReport;
      try {
        result = translate(language, source, options);
        report = buildExplainReport(source, result, { userFile: file });
      } catch (e) {
        throw new Error(`kernelize failed on this input: ${(e as Error).message}`);
      }
      return { source, file, name, style, kernel, result, report, elapsedMs: performance.now() - started };
    },
  };
}

let clangFormat: Promise<CodeFormatter> | undefined;

/**
 * clang-format compiled to WASM (about 2.5 MB), which lays out the kernel style: fetched the first
 * time the kernel style is chosen, in a chunk of its own, so the minimal diff never waits for it.
 */
export function loadClangFormat(): Promise<CodeFormatter> {
  clangFormat ??= (async () => {
    const [{ default: init, format }, { default: wasmUrl }] = await Promise.all([
      import("@wasm-fmt/clang-format/web"),
      import("@wasm-fmt/clang-format/clang-format.wasm?url"),
    ]);
    await init(wasmUrl);
    return (code: string, style: string) => format(code, "module.c", style);
  })();
  // A failed download may succeed later (the server was down): do not keep the failure.
  clangFormat.catch(() => (clangFormat = undefined));
  return clangFormat;
}
