// kernelize's core in the browser: the C grammar's WASM loaded from the app's own assets, and one port per edit.
import runtimeUrl from "web-tree-sitter/tree-sitter.wasm?url";
import grammarUrl from "tree-sitter-c/tree-sitter-c.wasm?url";
import { buildExplainReport, CLanguage, type ExplainReport, translate, type TranslateOptions, type TranslateResult } from "../core/index.js";
import type { PortStyle } from "./share.js";

export interface Port {
  source: string;
  file: string;
  /** The module name asked for; empty for the default. */
  name: string;
  style: PortStyle;
  result: TranslateResult;
  /** The explain model of this port: the changed lines, their edits and rules come from it. */
  report: ExplainReport;
  /** Time translate() and the report took, in milliseconds. */
  elapsedMs: number;
}

export interface Engine {
  port(source: string, file: string, name: string, style: PortStyle): Promise<Port>;
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
    async port(source, file, name, style) {
      const started = performance.now();
      const options: TranslateOptions = { fileName: file, ...(name !== "" ? { name } : {}) };
      const result = translate(language, source, options);
      const report = buildExplainReport(source, result, { userFile: file });
      return { source, file, name, style, result, report, elapsedMs: performance.now() - started };
    },
  };
}
