// What lies outside the portable subset: headers and library calls with no kernel counterpart, and stray errno.
import type { Node } from "web-tree-sitter";
import type { DiagnosticCode } from "../core/diagnostics.js";
import { descendants } from "../core/syntax.js";
import type { ProgramFacts } from "./program.js";

/**
 * C library headers whose portable parts kernelize knows. Including one is fine; each function
 * the program calls from it must still be handled by a rule.
 */
export const PORTABLE_LIBC_HEADERS = new Set([
  "err.h",
  "errno.h",
  "stdbool.h",
  "stddef.h",
  "stdint.h",
  "stdio.h",
  "stdlib.h",
  "string.h",
  "limits.h",
  "inttypes.h",
]);

export interface PortabilityProblem {
  code: DiagnosticCode;
  node: Node;
  message: string;
  note: string;
}

export function portabilityProblems(program: ProgramFacts, handled: ReadonlySet<string>, consumedErrno: ReadonlySet<number>): PortabilityProblem[] {
  const problems: PortabilityProblem[] = [];
  for (const include of program.includes) {
    if (!include.system) {
      problems.push({
        code: "K1010",
        node: include.node,
        message: `"${include.path}" is a local header; kernelize ports single-file programs`,
        note: "paste what the program uses from the header into the .c file, then port it",
      });
    } else if (!PORTABLE_LIBC_HEADERS.has(include.path) && !include.path.startsWith("linux/") && !include.path.startsWith("asm/")) {
      problems.push({
        code: "K1002",
        node: include.node,
        message: `<${include.path}> has no kernel counterpart`,
        note: `kernelize ports programs that use ${[...PORTABLE_LIBC_HEADERS].map((h) => `<${h}>`).join(", ")}; a module cannot use the rest of the C library`,
      });
    }
  }
  const reported = new Set<string>();
  for (const { name, callee } of program.calls) {
    if (program.declaredFunctions.has(name) || handled.has(name)) continue;
    const key = `${name}@${callee.startIndex}`;
    if (reported.has(key)) continue;
    reported.add(key);
    problems.push({
      code: "K1003",
      node: callee,
      message: `${name}() has no kernel counterpart that kernelize knows`,
      note: `a module can call only what the kernel exports; rewrite this without ${name}(), or define it in the file`,
    });
  }
  for (const id of descendants(program.root, "identifier")) {
    if (id.text !== "errno" || consumedErrno.has(id.id)) continue;
    problems.push({
      code: "K1006",
      node: id,
      message: "the kernel has no errno",
      note: "kernel functions return a negative error code instead; kernelize recognises errno only in `int t = errno; cleanup(); errno = t; err(…);` before an exit",
    });
  }
  return problems;
}
