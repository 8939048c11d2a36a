// kernelize's core in the browser: the C grammar's WASM loaded from the app's own assets, and one port per edit.
import runtimeUrl from "web-tree-sitter/tree-sitter.wasm?url";
import grammarUrl from "tree-sitter-c/tree-sitter-c.wasm?url";
import {
  buildExplainReport,
  buildProgramExplainReport,
  CLanguage,
  type CodeFormatter,
  type Diagnostic,
  type ExplainReport,
  type ProgramFile,
  translate,
  translateProgram,
  type TranslateOptions,
} from "../core/index.js";
import type { PortStyle } from "./share.js";

/** One file of the module: a ported .c file or header, from the program's file `source`. */
export interface OutputFile {
  path: string;
  source: string;
  text: string;
}

export interface Port {
  files: readonly ProgramFile[];
  /** The module name asked for; empty for the default. */
  name: string;
  style: PortStyle;
  /** The kernel release asked for, X.Y. */
  kernel: string;
  ok: boolean;
  /** The module's files, in the order the explain report shows them: one for a program of one file. */
  outputs: OutputFile[];
  makefile: string | undefined;
  /** Each with the program's file it is in (`file`), its range in that file. */
  diagnostics: Array<Diagnostic & { file: string }>;
  /** The module's name, as kernelize chose it or was told. */
  moduleName: string | undefined;
  /** The explain model of this port: the changed lines, their edits and rules come from it. */
  report: ExplainReport;
  /** The report's file (its `hunks[].file`, `edits[].file`) of each program file, by path: absent for a file not ported. */
  sideOf: ReadonlyMap<string, number>;
  /** Time the port and the report took, in milliseconds. */
  elapsedMs: number;
}

export interface Engine {
  /** One file is ported as `kernelize port FILE` does; several as `kernelize port a.c b.c …`: one module of several objects. */
  port(files: readonly ProgramFile[], name: string, style: PortStyle, kernel: string): Promise<Port>;
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
    async port(files, name, style, kernel) {
      let format: CodeFormatter | undefined;
      if (style === "kernel") {
        try {
          format = await loadClangFormat();
        } catch (e) {
          throw new Error(`clang-format, which lays out the kernel style, did not load: ${(e as Error).message}`);
        }
      }
      const started = performance.now();
      const target = { style, kernel, ...(format ? { format } : {}) };
      let port: Omit<Port, "elapsedMs" | "files" | "name" | "style" | "kernel">;
      try {
        port = files.length === 1 ? portFile(language, files[0]!, name, target) : portProgram(language, files, name, target);
      } catch (e) {
        throw new Error(`kernelize failed on this input: ${(e as Error).message}`);
      }
      return { ...port, files, name, style, kernel, elapsedMs: performance.now() - started };
    },
  };
}

type Target = Pick<TranslateOptions, "style" | "kernel" | "format">;

function portFile(language: CLanguage, file: ProgramFile, name: string, target: Target): Omit<Port, "elapsedMs" | "files" | "name" | "style" | "kernel"> {
  const result = translate(language, file.text, { fileName: file.path, ...target, ...(name !== "" ? { name } : {}) });
  const report = buildExplainReport(file.text, result, { userFile: file.path });
  const ok = result.ok && result.module !== undefined;
  return {
    ok,
    outputs: ok ? [{ path: report.files.module ?? "module.c", source: file.path, text: result.module! }] : [],
    makefile: result.makefile,
    diagnostics: result.diagnostics.map((d) => ({ ...d, file: file.path })),
    moduleName: result.names?.module,
    report,
    sideOf: new Map([[file.path, 0]]),
  };
}

/** Several files: ported as the CLI ports a directory, reported as `kernelize explain DIR` reports it. */
function portProgram(language: CLanguage, files: readonly ProgramFile[], name: string, target: Target): Omit<Port, "elapsedMs" | "files" | "name" | "style" | "kernel"> {
  const moduleName = name !== "" ? name : defaultProgramName(files);
  const result = translateProgram(language, files, { name: moduleName, ...target });
  const texts = new Map(files.map((f) => [f.path, f.text]));
  // A refused program has no ported files: its report's files are the program's own, so that each diagnostic has its file.
  const sides = result.ok
    ? result.files.map((f) => ({ path: f.source, user: f.source, source: texts.get(f.source) ?? "", modulePath: f.path, module: `${result.name}/${f.path}`, output: f.text }))
    : files.map((f) => ({ path: f.path, user: f.path, source: f.text, modulePath: f.path, module: f.path, output: "" }));
  const report = buildProgramExplainReport(sides, result, { program: files.map((f) => f.path).join(" ") });
  const first = files[0]!.path;
  return {
    ok: result.ok,
    outputs: result.ok ? result.files.map((f) => ({ path: f.path, source: f.source, text: f.text })) : [],
    makefile: result.makefile,
    diagnostics: result.diagnostics.map((d) => ({ ...d, file: d.file ?? first })),
    moduleName: result.ok ? result.name : undefined,
    report,
    sideOf: new Map(sides.map((s, i) => [s.path, i])),
  };
}

/**
 * The module's name when none is given: the stem of the file with main(), as the program is
 * usually named after it (`kernelize port DIR` takes the directory's name, which the playground has not).
 */
export function defaultProgramName(files: readonly ProgramFile[]): string {
  const main = files.find((f) => f.path.endsWith(".c") && /\bmain\s*\(/.test(f.text)) ?? files.find((f) => f.path.endsWith(".c")) ?? files[0]!;
  const stem = main.path.replace(/^.*\//, "").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_]/g, "_");
  // main.c names no program.
  if (stem === "main" || stem === "") return "program";
  return /^[A-Za-z_]/.test(stem) ? stem : `program_${stem}`;
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
