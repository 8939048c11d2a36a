// A local variable nothing reads or writes is removed when its initialiser does nothing: the kernel builds with -Wall, whose -Wunused-variable warns.
import type { Node } from "web-tree-sitter";
import { arrayBytes, STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import { defineRule } from "../core/rule.js";
import { declaratorName } from "../core/syntax.js";
import { removeStatement } from "./statements.js";

export default defineRule({
  id: "unused-variables-removed",
  summary: "a local variable the function never mentions again is removed, when its initial value has no effect",
  explanation: [
    "The kernel builds with -Wall, whose -Wunused-variable warns about a local variable that is declared and never used, in the program or in what the port left of it.",
    "Such a variable does nothing: when its initial value is a constant (no call, no assignment, no ++ or --), removing the declaration changes nothing but the warning.",
    "One whose initial value does something is left as it is, warning and all.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wunused-variable"],
  headers: [],
  safety: "safe",
  match: `(compound_statement (declaration) @declaration)`,
  rewrite({ declaration }, ctx) {
    if (!declaration || !ctx.facts.program.isCompiled(declaration.startIndex)) return;
    // `static`, `extern`, `volatile` and attributes say more than "a variable": leave them.
    if (/\b(?:static|extern|volatile|register|__attribute__|typedef)\b|\[\[/.test(declaration.text)) return;
    const fn = enclosingFunction(declaration);
    if (!fn) return;
    const { source } = ctx.facts;
    const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
    const unused = declarators.filter((d) => {
      const name = declaratorName(d);
      if (!name || d.type === "function_declarator" || /\(\s*\*/.test(d.text)) return false;
      const value = d.type === "init_declarator" ? d.childForFieldName("value") : null;
      if (value && !isInert(value.text)) return false;
      if (d.type === "array_declarator" || (d.type === "init_declarator" && d.childForFieldName("declarator")?.type === "array_declarator")) {
        const array = d.type === "array_declarator" ? d : d.childForFieldName("declarator")!;
        // Large arrays are stack-arrays-to-kmalloc's to move; an unsized one is no longer than its initialiser's text.
        const bytes = arrayBytes(array, declaration) ?? (array.childForFieldName("size") ? Infinity : value?.text.length ?? Infinity);
        if (bytes > STACK_ARRAY_LIMIT) return false;
      }
      const mentions = source.slice(fn.startIndex, fn.endIndex).match(new RegExp(`\\b${name.text}\\b`, "g"))?.length ?? 0;
      return mentions === 1 && !mentionedByMacro(source, name.text);
    });
    if (unused.length === 0) return;
    if (unused.length === declarators.length) {
      removeStatement(ctx, declaration);
      return;
    }
    for (const d of unused) {
      // `int a, b = 0, c;` without b: the declarator and the comma after it, or before it for the last one.
      const after = source.slice(d.endIndex).match(/^\s*,\s*/);
      if (after) ctx.remove({ start: d.startIndex, end: d.endIndex + after[0].length });
      else {
        const before = source.slice(0, d.startIndex).match(/\s*,\s*$/);
        ctx.remove({ start: d.startIndex - (before?.[0].length ?? 0), end: d.endIndex });
      }
    }
  },
});

/** A value whose evaluation has no effect: literals, names, operators, initialiser lists; no call, assignment, ++ or --. */
function isInert(text: string): boolean {
  const code = text.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, "0");
  return !/[(]|\+\+|--|[^=!<>]=(?!=)/.test(code);
}

function enclosingFunction(node: Node): Node | undefined {
  let current: Node | null = node.parent;
  while (current && current.type !== "function_definition") current = current.parent;
  return current ?? undefined;
}

/** A macro could name the variable where the function's text does not. */
function mentionedByMacro(source: string, name: string): boolean {
  const word = new RegExp(`\\b${name}\\b`);
  // A definition goes on over the lines its backslashes continue.
  for (const m of source.matchAll(/^[ \t]*#[ \t]*define\b(?:[^\n]*\\\r?\n)*[^\n]*/gm)) if (word.test(m[0])) return true;
  return false;
}
