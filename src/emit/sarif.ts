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
          artifactLocation: { uri: options.fileUri },
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
