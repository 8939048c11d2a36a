// What lies outside the portable subset: headers and library calls with no kernel counterpart, and stray errno.
import type { Node } from "web-tree-sitter";
import type { DiagnosticCode } from "../core/diagnostics.js";
import type { ProgramFacts } from "./program.js";

/**
 * C library headers whose portable parts kernelize knows. Including one is fine; each function
 * the program calls from it must still be handled by a rule.
 */
export const PORTABLE_LIBC_HEADERS = new Set([
  "assert.h",
  "ctype.h",
  "err.h",
  "errno.h",
  "inttypes.h",
  "limits.h",
  "stdarg.h",
  "stdbool.h",
  "stddef.h",
  "stdint.h",
  "stdio.h",
  "stdlib.h",
  "string.h",
  "strings.h",
  "time.h",
  "unistd.h",
]);

/** Words followed by a parenthesis that are not calls. */
const NOT_CALLS = new Set(["if", "while", "for", "switch", "return", "sizeof", "alignof", "_Alignof", "typeof", "__typeof__", "_Generic", "_Static_assert", "static_assert", "defined", "__attribute__", "asm", "__asm__", "case", "do", "else"]);

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
  // Every `name(` in the text is a candidate call; only names the file does not define and no
  // rule handles are looked up in the tree, which confirms a real call (not a comment, a string, a
  // keyword or a declaration).
  const source = program.source;
  for (const m of source.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const name = m[1]!;
    if (NOT_CALLS.has(name) || handled.has(name) || program.functions.has(name) || program.macros.has(name)) continue;
    const callee = program.root.descendantForIndex(m.index, m.index + name.length);
    if (callee?.type !== "identifier" || callee.startIndex !== m.index) continue;
    const call = callee.parent;
    if (call?.type !== "call_expression" || call.startIndex !== callee.startIndex) continue;
    if (new RegExp(`\\(\\s*\\*\\s*${name}\\s*\\)`).test(source)) continue; // a function pointer the program declares
    problems.push({
      code: "K1003",
      node: callee,
      message: `${name}() has no kernel counterpart that kernelize knows`,
      note: `a module can call only what the kernel exports; rewrite this without ${name}(), or define it in the file`,
    });
  }
  // Only a few files mention errno at all: find it in the text, then ask the tree what each is.
  for (const m of source.matchAll(/\berrno\b/g)) {
    const id = program.root.descendantForIndex(m.index, m.index + 5);
    if (id?.type !== "identifier" || consumedErrno.has(id.id)) continue;
    problems.push({
      code: "K1006",
      node: id,
      message: "the kernel has no errno",
      note: "kernel functions return a negative error code instead; kernelize recognises errno only in `int t = errno; cleanup(); errno = t; err(…);` before an exit",
    });
  }
  return problems;
}
