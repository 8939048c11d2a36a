// Small C library functions the kernel lacks, defined in the module itself, before the first code that uses them.
import type { Node } from "../core/syntax-tree.js";
import type { RuleContext } from "../core/rule.js";
import { inProgramIndent, startWithComments } from "./added-code.js";
import { codeTokens } from "./tokens.js";
import { valueReferences } from "../analysis/indirect-calls.js";

/** One definition the module gets when the program uses any of `names`. */
export interface LibraryDefinition {
  /** Functions (called) and types (mentioned) the definition provides. */
  functions: readonly string[];
  types?: readonly string[];
  /** The C text, ending in a newline. */
  text: string;
  /** Other places that need it, where the program names a function without calling it (`count_if(s, isdigit)`). */
  uses?: readonly number[];
}

/**
 * Adds each definition the program needs, once, before the first top-level declaration that
 * mentions one of its names; returns whether any was added. Names the program defines itself
 * are the program's (its calls never reach the rule; its own typedef keeps the type).
 */
export function defineWhereUsed(ctx: RuleContext, definitions: readonly LibraryDefinition[]): boolean {
  const { program, source } = ctx.facts;
  let first = Infinity;
  const wanted: LibraryDefinition[] = [];
  for (const d of definitions) {
    const calls = program.libraryCallsNamed(new Set(d.functions));
    const types = (d.types ?? []).filter((t) => !programDefinesType(program.macros, source, t));
    const mentions = types.length > 0 ? codeTokens(program.root, source, new RegExp(`\\b(?:${types.join("|")})\\b`, "g")).filter((t) => program.isCompiled(t.start)) : [];
    // A function named as a value (`{ "blank", isblank }`, a callback) needs its definition as a call does.
    const library = new Set(d.functions.filter((f) => !program.functions.has(f) && !program.macros.has(f)));
    const values = valueReferences(program, library).map((r) => r.node.startIndex);
    const offsets = [...calls.map((c) => c.call.startIndex), ...values, ...mentions.map((t) => t.start), ...(d.uses ?? [])];
    if (offsets.length === 0) continue;
    wanted.push(d);
    first = Math.min(first, ...offsets);
  }
  if (wanted.length === 0) return false;
  const top = topLevelAt(program.root, first);
  // Written with tabs, indented as the program indents.
  const text = inProgramIndent(ctx, wanted.map((d) => d.text).join("\n"));
  ctx.insert(top ? startWithComments(source, top) : 0, `${text}\n`);
  return true;
}

/**
 * Whether the text defines the type itself: a macro, a typedef (`typedef … T;`, `} T;`), or a
 * struct of that tag (the kernel style's `struct div_t { … };`, which a port's port reads again).
 */
export function programDefinesType(macros: ReadonlySet<string>, source: string, type: string): boolean {
  return macros.has(type) || new RegExp(`(?:\\btypedef\\b[^;]*|\\})\\s*\\b${type}\\s*;|\\bstruct\\s+${type}\\s*\\{`).test(source);
}

/** The child of the translation unit that contains `offset`. */
export function topLevelAt(root: Node, offset: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(offset, offset);
  while (node?.parent && node.parent.type !== "translation_unit") node = node.parent;
  return node ?? undefined;
}
