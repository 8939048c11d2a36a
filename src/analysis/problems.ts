// The one shape of what an analysis finds wrong: a stable code, the node it is about, and what to do; the rules report them.
import type { Node } from "../core/syntax-tree.js";
import type { DiagnosticCode } from "../core/diagnostics.js";

export interface AnalysisProblem {
  code: DiagnosticCode;
  node: Node;
  message: string;
  note?: string;
}
