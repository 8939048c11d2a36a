// A local variable nothing reads or writes is removed when its initialiser does nothing: the kernel builds with -Wall, whose -Wunused-variable warns.
import type { Node } from "../core/syntax-tree.js";
import type { ProgramFacts } from "../analysis/program.js";
import { arrayBytes, STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { declaratorName } from "../core/syntax.js";
import { removeStatement } from "./statements.js";
import { wordsAmong } from "../core/words.js";
import { tokenize } from "../analysis/macro-expansion.js";

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
  run(ctx) {
    // The tree is read only for a name that occurs once in its function: most ports have none, and
    // then the text after the library calls' phase is never parsed again.
    const { source } = ctx.facts;
    const removals: Array<{ declaration: Node; declarator: Node }> = [];
    // Text first: each function's declared names, counted in its text in one pass; only a name
    // that occurs once (its declaration) is looked up in the tree.
    // Declarations start lines: one pass over the text finds them, each then filed under its function.
    const functions = ctx.facts.functionRanges();
    const declaredIn = new Map<number, Map<string, number>>();
    let f = 0;
    for (const m of source.matchAll(/^[ \t]*(?!(?:return|goto|else|case|do|sizeof)\b)(?:(?:const|unsigned|signed|struct|enum|union|long|short)\s+)*[A-Za-z_]\w*([\s*]+[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*(?:=[^;{},]*)?(?:,[\s*]*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*(?:=[^;{},]*)?)*(?:=[^;]*)?);/gm)) {
      while (f < functions.length && functions[f]!.end <= m.index) f++;
      const fn = functions[f];
      if (!fn || m.index < fn.start) continue;
      const declared = declaredIn.get(f) ?? new Map<string, number>();
      declaredIn.set(f, declared);
      const list = m[1]!;
      const listStart = m.index + m[0].length - 1 - list.length;
      for (const { name, at } of declaratorNames(list)) declared.set(name, listStart + at);
    }
    for (const [index, declared] of declaredIn) {
      const fn = functions[index]!;
      const counts = new Map<string, number>();
      for (const { word } of wordsAmong(source, new Set(declared.keys()), fn.start, fn.end)) counts.set(word, (counts.get(word) ?? 0) + 1);
      for (const [name, offset] of declared) {
        if (counts.get(name) !== 1) continue;
        const program = ctx.facts.program;
        if (!program.isCompiled(offset) || mentionedByMacro(program, name)) continue;
        const id = program.root.descendantForIndex(offset, offset + name.length);
        let declaration: Node | null = id?.type === "identifier" && id.startIndex === offset ? id.parent : null;
        while (declaration && declaration.type !== "declaration" && ["init_declarator", "array_declarator", "pointer_declarator"].includes(declaration.type)) declaration = declaration.parent;
        if (declaration?.type !== "declaration" || declaration.parent?.type !== "compound_statement") continue;
        // `static`, `extern`, `volatile` and attributes say more than "a variable": leave them.
        if (/\b(?:static|extern|volatile|register|__attribute__|typedef)\b|\[\[/.test(declaration.text)) continue;
        const unused = removable(declaration, program).filter((d) => declaratorName(d)?.startIndex === offset);
        if (unused.length === 0 || ctx.claimed(declaration.startIndex, declaration.endIndex)) continue;
        removals.push({ declaration, declarator: unused[0]! });
      }
    }
    // Declarators of one declaration go together (all of them: the whole statement).
    const byDeclaration = new Map<number, { declaration: Node; unused: Node[] }>();
    for (const r of removals) {
      const entry = byDeclaration.get(r.declaration.id) ?? { declaration: r.declaration, unused: [] };
      entry.unused.push(r.declarator);
      byDeclaration.set(r.declaration.id, entry);
    }
    for (const { declaration, unused } of byDeclaration.values()) remove(ctx, declaration, unused);
  },
});

/**
 * The names a declarator list declares (` *p = f(a, b), n[4]`: p and n), each with its offset in
 * the list: the first name of each piece between the commas outside brackets, read from the C
 * tokens (literals whole) that macro expansion reads too.
 */
function declaratorNames(list: string): Array<{ name: string; at: number }> {
  const out: Array<{ name: string; at: number }> = [];
  let depth = 0;
  let at = 0;
  // At the start of a declarator, before its name: only blanks and `*` may come first.
  let starting = true;
  for (const token of tokenize(list)) {
    if (depth === 0 && token === ",") starting = true;
    else if (starting && !/^(?:\s+|\*)$/.test(token)) {
      if (/^[A-Za-z_]/.test(token)) out.push({ name: token, at });
      starting = false;
    }
    if (token === "(" || token === "[" || token === "{") depth++;
    else if (token === ")" || token === "]" || token === "}") depth--;
    at += token.length;
  }
  return out;
}

/** The declarators of a declaration that could go if nothing names them: plain variables with an inert value. */
function removable(declaration: Node, program: ProgramFacts): Node[] {
  const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
  return declarators.filter((d) => {
    const name = declaratorName(d);
    if (!name || d.type === "function_declarator" || /\(\s*\*/.test(d.text)) return false;
    const value = d.type === "init_declarator" ? d.childForFieldName("value") : null;
    if (value && !isInert(value.text)) return false;
    const array = d.type === "array_declarator" ? d : d.type === "init_declarator" && d.childForFieldName("declarator")?.type === "array_declarator" ? d.childForFieldName("declarator")! : null;
    if (array) {
      // Large arrays are stack-arrays-to-kmalloc's to move; an unsized one is no longer than its initialiser's text.
      const bytes = arrayBytes(array, declaration, program) ?? (array.childForFieldName("size") ? Infinity : value?.text.length ?? Infinity);
      if (bytes > STACK_ARRAY_LIMIT) return false;
    }
    return true;
  });
}

function remove(ctx: RuleContext, declaration: Node, unused: Node[]): void {
  const { source } = ctx.facts;
  const declarators = declaration.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
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
}

/** A value whose evaluation has no effect: literals, names, operators, initialiser lists; no call, assignment, ++ or --. */
function isInert(text: string): boolean {
  const code = text.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, "0");
  return !/[(]|\+\+|--|[^=!<>]=(?!=)/.test(code);
}

/** A macro could name the variable where the function's text does not. */
function mentionedByMacro(program: ProgramFacts, name: string): boolean {
  return macroWords(program).has(name);
}

/** Each parse's words of its macro definitions. */
const macroWordsRead = new WeakMap<ProgramFacts, Set<string>>();

/** Every whole word of the text's #define lines, read in one pass over the text. */
function macroWords(program: ProgramFacts): Set<string> {
  let words = macroWordsRead.get(program);
  if (words) return words;
  words = new Set<string>();
  // A definition goes on over the lines its backslashes continue.
  for (const m of program.source.matchAll(/^[ \t]*#[ \t]*define\b(?:[^\n]*\\\r?\n)*[^\n]*/gm)) for (const w of m[0].match(/\w+/g) ?? []) words.add(w);
  macroWordsRead.set(program, words);
  return words;
}
