// Diagnostics as SARIF 2.1.0, the format code-scanning services and editors read.
import type { Log, ReportingDescriptor, Result } from "sarif";
import { type Diagnostic, DiagnosticCatalog, type DiagnosticCode } from "../core/diagnostics.js";
import { rules } from "../rules/index.js";

export interface SarifOptions {
  /** URI of the analysed file, relative to the working directory or absolute (file://…). */
  fileUri: string;
  toolVersion: string;
}

const LEVEL = { error: "error", warning: "warning", note: "note" } as const;

export function toSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): Log {
  // Every code and rule the results mention is described once in the driver, results point at it.
  const descriptors: ReportingDescriptor[] = [];
  const index = new Map<string, number>();
  const describe = (d: Diagnostic) => {
    const id = d.code;
    if (!index.has(id)) {
      const rule = d.ruleId ? rules.find((r) => r.id === d.ruleId) : undefined;
      index.set(id, descriptors.length);
      descriptors.push({
        id,
        name: DiagnosticCatalog[id as DiagnosticCode]?.summary.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase()),
        shortDescription: { text: DiagnosticCatalog[id as DiagnosticCode]?.summary ?? id },
        ...(rule ? { helpUri: rule.docs[0], fullDescription: { text: rule.explanation } } : {}),
        defaultConfiguration: { level: LEVEL[DiagnosticCatalog[id as DiagnosticCode]?.severity ?? "error"] },
      });
    }
    return index.get(id)!;
  };
  const results: Result[] = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: describe(d),
    level: LEVEL[d.severity],
    message: { text: d.note ? `${d.message}. ${d.note}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: d.file ?? options.fileUri },
          ...(d.range
            ? {
                region: {
                  startLine: d.range.line,
                  startColumn: d.range.column,
                  charOffset: d.range.start,
                  charLength: d.range.end - d.range.start,
                },
              }
            : {}),
        },
      },
    ],
    ...(d.ruleId ? { properties: { kernelizeRule: d.ruleId } } : {}),
  }));
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [
      {
        tool: { driver: { name: "kernelize", version: options.toolVersion, informationUri: "https://docs.kernel.org/", rules: descriptors } },
        results,
      },
    ],
  };
}

/** What lintToSarif needs of a lint report (kept structural: emit/ imports nothing from verify/). */
export interface LintSarifInput {
  ranTools: readonly string[];
  findings: ReadonlyArray<{ tool: string; file: string; line: number; column: number; severity: "error" | "warning" | "check"; code: string; message: string; notes?: readonly string[] }>;
}

/**
 * `kernelize lint --format sarif`: one run per tool that ran (checkpatch.pl, sparse, gcc's W=1), as
 * each is its own analyser; checkpatch's CHECK is SARIF's note. A finding about the module as a
 * whole (line 0) has no region.
 */
export function lintToSarif(report: LintSarifInput, options: SarifOptions): Log {
  const level = { error: "error", warning: "warning", check: "note" } as const;
  const toolInfo: Record<string, { name: string; informationUri: string }> = {
    checkpatch: { name: "checkpatch.pl", informationUri: "https://docs.kernel.org/dev-tools/checkpatch.html" },
    sparse: { name: "sparse", informationUri: "https://docs.kernel.org/dev-tools/sparse.html" },
    "W=1": { name: "gcc W=1", informationUri: "https://docs.kernel.org/kbuild/kbuild.html" },
  };
  return {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: report.ranTools.map((tool) => {
      const mine = report.findings.filter((f) => f.tool === tool);
      const codes = [...new Set(mine.map((f) => f.code))];
      const info = toolInfo[tool] ?? { name: tool, informationUri: "https://docs.kernel.org/" };
      return {
        tool: { driver: { ...info, rules: codes.map((id) => ({ id })) }, extensions: [{ name: "kernelize", version: options.toolVersion }] },
        results: mine.map(
          (f): Result => ({
            ruleId: f.code,
            ruleIndex: codes.indexOf(f.code),
            level: level[f.severity],
            message: { text: f.notes && f.notes.length > 0 ? `${f.message} (${f.notes.join("; ")})` : f.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: f.file || options.fileUri }, ...(f.line > 0 ? { region: { startLine: f.line, startColumn: f.column } } : {}) } }],
          }),
        ),
      };
    }),
  };
}
