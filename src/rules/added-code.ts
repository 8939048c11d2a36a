// Names and includes for code a rule adds to the program: a name nothing else uses, a header the file lacks.
import type { FunctionFacts, ProgramFacts } from "../analysis/program.js";
import type { Node } from "../core/syntax-tree.js";
import { lineStartOf, namedChildren, nextLineStart, startsLine } from "../core/syntax.js";
import type { RuleContext } from "../core/rule.js";
import { KERNEL_CAPS_OBJECT_MACROS } from "../analysis/kernel-names.js";
import { definedMacros } from "../core/top-level-functions.js";

/** Names code added to the program must not take: has() answers, add() takes one more. */
export interface TakenNames {
  has(name: string): boolean;
  add(name: string): TakenNames;
}

/**
 * The first candidate not in `taken`, else the first with a number after it (`ret2`, `ret3`, …);
 * the name chosen is added to `taken`.
 */
export function freshName(candidates: readonly string[], taken: TakenNames): string {
  for (const c of candidates) {
    if (!taken.has(c)) {
      taken.add(c);
      return c;
    }
  }
  for (let i = 2; ; i++) {
    const c = `${candidates[0]}${i}`;
    if (!taken.has(c)) {
      taken.add(c);
      return c;
    }
  }
}

/**
 * Every identifier-like word of the text, as names a name added at file scope must not be. The
 * words are read on the first question, once per text however many rules ask (most rules ask
 * only when they add code), and each rule's additions stay its own.
 */
export function wordsOf(text: string): TakenNames {
  return new WordsOfText(text);
}

class WordsOfText implements TakenNames {
  private added: Set<string> | undefined;
  private words: ReadonlySet<string> | undefined;
  constructor(private readonly text: string) {}
  has(name: string): boolean {
    if (this.added?.has(name)) return true;
    if (!this.words) {
      if (wordsRead?.text !== this.text) wordsRead = { text: this.text, words: new Set(this.text.match(/[A-Za-z_]\w*/g) ?? []) };
      this.words = wordsRead.words;
    }
    return this.words.has(name);
  }
  add(name: string): TakenNames {
    (this.added ??= new Set()).add(name);
    return this;
  }
}

/** The last text wordsOf() read, and its words. */
let wordsRead: { text: string; words: ReadonlySet<string> } | undefined;

/**
 * `#include <h>` for each header the file does not include yet, after its last include. For the
 * rules of phases after the includes rule, which have to add their headers themselves.
 */
export function includeHeaders(ctx: RuleContext, headers: readonly string[]): void {
  const { program, source } = ctx.facts;
  const includes = namedChildren(program.root).filter((n) => n.type === "preproc_include");
  const have = new Set(includes.map((n) => n.childForFieldName("path")?.text.slice(1, -1)));
  const needed = headers.filter((h) => !have.has(h));
  if (needed.length === 0) return;
  const last = includes.at(-1);
  ctx.insert(last ? nextLineStart(source, last.endIndex - 1) : 0, needed.map((h) => `#include <${h}>\n`).join(""));
}

/**
 * Where code that the program's functions may call goes: at the start of the line of the first
 * function definition, above the comment lines directly over it (its description stays with it).
 * Given the code (`added`), before the program's first #define that would change it: one of a
 * name the code uses (`#define n 3` or `#define size 64` would rewrite its variables), or of a
 * constant the kernel's headers define (`#define PAGE_SIZE 8` would change THREAD_SIZE under it).
 */
export function beforeFirstFunction(program: ProgramFacts, source: string, added?: string): number | undefined {
  const firstRange = program.functions.ranges()[0];
  if (!firstRange) return undefined;
  const at = startWithComments(source, program.functions.get(firstRange.name)!.node);
  return (added !== undefined && beforeClashingMacro(program, source, added, at)) || at;
}

/** Top-level containers of conditional code, whose #defines count as the file's. */
const CONDITIONAL = new Set(["preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"]);

function beforeClashingMacro(program: ProgramFacts, source: string, added: string, limit: number): number | undefined {
  if (program.macros.size === 0) return undefined;
  const words = wordsOf(added);
  const clashing = new Set([...program.macros].filter((m) => words.has(m) || KERNEL_CAPS_OBJECT_MACROS.has(m)));
  if (clashing.size === 0) return undefined;
  for (const node of namedChildren(program.root)) {
    if (node.startIndex >= limit) break;
    const defined =
      node.type === "preproc_def" || node.type === "preproc_function_def"
        ? [node.childForFieldName("name")?.text]
        : CONDITIONAL.has(node.type)
          ? [...definedMacros(source.slice(node.startIndex, node.endIndex))]
          : [];
    if (defined.some((name) => name !== undefined && clashing.has(name))) return startWithComments(source, node);
  }
  return undefined;
}

/** Where a top-level declaration starts, with the comments on the lines right above it (what says what it is): code added before it goes there. */
export function startWithComments(source: string, node: Node): number {
  let at = lineStartOf(source, node.startIndex);
  for (let prev = node.previousNamedSibling; prev?.type === "comment"; prev = prev.previousNamedSibling) {
    if (nextLineStart(source, prev.endIndex) !== at) break;
    at = lineStartOf(source, prev.startIndex);
  }
  return at;
}

/** Code a rule writes with tabs, indented as the program indents. */
export function inProgramIndent(ctx: RuleContext, text: string): string {
  return text.replace(/^\t+/gm, (tabs) => ctx.facts.style.indentUnit.repeat(tabs.length));
}

/**
 * Adds definitions (written with tabs, ending in a newline) that the program's functions call,
 * before its first function (beforeFirstFunction()), with a blank line after them; false where the
 * program defines no function, and nothing is added.
 */
export function defineBeforeFirstFunction(ctx: RuleContext, text: string): boolean {
  const at = beforeFirstFunction(ctx.facts.program, ctx.facts.source, text);
  if (at === undefined) return false;
  ctx.insert(at, `${inProgramIndent(ctx, text)}\n`);
  return true;
}

/** Whole lines (indented, each ending in a newline) just before a function's closing brace: on the lines above it, or before it where it shares a line (`;}`). */
export function insertAtBodyEnd(ctx: RuleContext, source: string, fn: FunctionFacts, lines: string): void {
  const close = fn.body.endIndex - 1;
  if (startsLine(source, close)) ctx.insert(lineStartOf(source, close), lines);
  else ctx.insert(close, `\n${lines}`);
}
