// The explain report as JSON for editors and the playground: the model itself, described in docs/explain-schema.md.
import type { ExplainReport } from "./model.js";

export function renderJson(report: ExplainReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
