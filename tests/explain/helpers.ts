// Reports the explain tests share: the seed's (named as the article names it) and any small program's.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { translate, translateProgram } from "../../src/index.js";
import { buildExplainReport, buildProgramExplainReport, type ExplainReport } from "../../src/emit/explain/index.js";
import { seedDir } from "../helpers/paths.js";

export const seedSource = readFileSync(join(seedDir, "user_code.c"), "utf8");

/** The seed's report, as scripts/accept-explain-goldens.mjs makes it. */
export async function seedReport(): Promise<ExplainReport> {
  const result = await translate(seedSource, { name: "kernel_code", fileName: "user_code.c" });
  return buildExplainReport(seedSource, result, { userFile: "user_code.c" });
}

export async function reportOf(source: string, options: { name?: string; userFile?: string } = {}): Promise<ExplainReport> {
  const userFile = options.userFile ?? "user.c";
  const result = await translate(source, { name: options.name ?? "demo", fileName: userFile });
  return buildExplainReport(source, result, { userFile });
}

/** The report of a program of several files, given as path -> text; the module is `demo`. */
export async function programReportOf(files: Record<string, string>): Promise<ExplainReport> {
  const result = await translateProgram(Object.entries(files).map(([path, text]) => ({ path, text })), { name: "demo" });
  const sides = result.files.map((f) => ({ path: f.source, user: f.source, source: files[f.source]!, modulePath: f.path, module: `demo/${f.path}`, output: f.text }));
  return buildProgramExplainReport(sides, result, { program: "." });
}

/** The Markdown report cut into its hunk sections (index i holds hunk i) and the closing section. */
export function markdownSections(markdown: string, hunks: number): { hunks: string[]; closing: string } {
  const cut = (from: string, to: string | undefined) => {
    const start = markdown.indexOf(from);
    const end = to === undefined ? markdown.length : markdown.indexOf(to);
    return markdown.slice(start, end === -1 ? markdown.length : end);
  };
  const closing = '<a id="the-module-as-a-whole"></a>';
  const sections = Array.from({ length: hunks }, (_, i) => cut(`<a id="hunk-${i + 1}"></a>`, i + 1 < hunks ? `<a id="hunk-${i + 2}"></a>` : closing));
  return { hunks: sections, closing: cut(closing, undefined) };
}
