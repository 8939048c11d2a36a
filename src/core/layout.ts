// The kernel style's layout: the finished module goes through clang-format with the kernel's
// layout settings, and every edit's output range is carried over to the formatted text.
import { statementMacros } from "./parse.js";
import { diffChars, diffWordsWithSpace } from "diff";
import type { AppliedEdit } from "./edits.js";

/**
 * Formats C source with a clang-format style given as a flow-YAML string. The host supplies it:
 * `@wasm-fmt/clang-format`'s format() in Node and in the browser.
 */
export type CodeFormatter = (code: string, style: string) => string;

/**
 * The layout Documentation/process/coding-style.rst describes, as clang-format options: tabs of
 * 8 columns, 80-column lines, the opening brace of a function on its own line and every other
 * brace on the line that opens the block, `if (` with a space, no braces around single
 * statements, labels at column 0, one blank line at most. Includes keep their order (their order
 * can matter), and long comments are re-wrapped, which checkpatch's line-length check wants.
 */
export const KERNEL_LAYOUT: Readonly<Record<string, unknown>> = {
  BasedOnStyle: "LLVM",
  IndentWidth: 8,
  TabWidth: 8,
  UseTab: "Always",
  ContinuationIndentWidth: 8,
  ColumnLimit: 80,
  BreakBeforeBraces: "Custom",
  BraceWrapping: {
    AfterFunction: true,
    AfterStruct: false,
    AfterEnum: false,
    AfterUnion: false,
    AfterControlStatement: "Never",
    BeforeElse: false,
    SplitEmptyFunction: true,
    SplitEmptyRecord: true,
  },
  AllowShortFunctionsOnASingleLine: "None",
  AllowShortIfStatementsOnASingleLine: "Never",
  AllowShortLoopsOnASingleLine: false,
  AllowShortBlocksOnASingleLine: "Never",
  AllowShortCaseLabelsOnASingleLine: false,
  AllowShortEnumsOnASingleLine: false,
  AllowAllParametersOfDeclarationOnNextLine: false,
  AlwaysBreakBeforeMultilineStrings: false,
  IndentCaseLabels: false,
  IndentGotoLabels: false,
  PointerAlignment: "Right",
  SortIncludes: "Never",
  IncludeBlocks: "Preserve",
  AlignAfterOpenBracket: "Align",
  AlignEscapedNewlines: "Left",
  AlignOperands: "Align",
  AlignTrailingComments: false,
  BreakBeforeBinaryOperators: "None",
  BreakBeforeTernaryOperators: false,
  BreakStringLiterals: false,
  ReflowComments: true,
  Cpp11BracedListStyle: false,
  SpaceBeforeParens: "ControlStatementsExceptForEachMacros",
  SpacesBeforeTrailingComments: 1,
  RemoveBracesLLVM: true,
  MaxEmptyLinesToKeep: 1,
  KeepEmptyLinesAtTheStartOfBlocks: false,
  BinPackArguments: true,
  BinPackParameters: true,
  PenaltyBreakAssignment: 10,
  // Rather a line over 80 columns (checkpatch allows 100) than one ending in "(".
  PenaltyBreakBeforeFirstCallParameter: 10000,
  PenaltyBreakComment: 10,
  PenaltyBreakString: 10,
  PenaltyExcessCharacter: 100,
  PenaltyReturnTypeOnItsOwnLine: 60,
  AttributeMacros: ["__init", "__exit", "__initdata", "__exitdata", "__maybe_unused", "__always_unused"],
  ForEachMacros: ["list_for_each_entry", "list_for_each_entry_safe", "hlist_for_each_entry", "for_each_possible_cpu", "for_each_online_cpu"],
};

/** The layout as the style string clang-format takes (JSON is flow YAML). */
export const KERNEL_LAYOUT_STYLE = JSON.stringify(KERNEL_LAYOUT);

/** clang-format runs on one text before its layout is taken as it is. */
const MAX_LAYOUT_RUNS = 4;

/** Formats `text` and moves each edit's output range to where its text landed. */
export function layOut(text: string, applied: AppliedEdit[], format: CodeFormatter, settle: (text: string) => string = (t) => t): string {
  // clang-format breaks a call whose one argument is a long string literal after its "(" (at file
  // scope it reads MODULE_AUTHOR("…"); as a declaration), which checkpatch flags as a line ending
  // in "(". A string is never broken, and checkpatch lets a line with one run past the limit, so
  // the string goes back on the call's line.
  // `settle` then fixes what the layout itself made that the kernel's style forbids (a comment it
  // broke over several lines without the block shape), and the next run lays that out in turn.
  // The program's own loop and if macros (`list_for_each(pos, head) {`) are statements' heads to clang-format too.
  const own = statementMacros(text);
  const style = own.size === 0 ? KERNEL_LAYOUT_STYLE : JSON.stringify({ ...KERNEL_LAYOUT, ForEachMacros: [...(KERNEL_LAYOUT.ForEachMacros as string[]), ...[...own].filter(([, k]) => k === "loop").map(([n]) => n)], IfMacros: [...own].filter(([, k]) => k === "if").map(([n]) => n) });
  const once = (code: string) => settle(format(code, style).replace(/^(\t*[A-Za-z_]\w*\()\n[ \t]+("(?:[^"\\\n]|\\.)*"\);)$/gm, "$1$2"));
  // clang-format is not always idempotent: a trailing comment it aligned, or a line it broke, can
  // move again on a second run. The layout is run until it stays (a few runs at most), so that a
  // kernel-style module laid out once more, as porting it again does, is the same text.
  let formatted = once(text);
  for (let run = 1; run < MAX_LAYOUT_RUNS; run++) {
    const again = once(formatted);
    if (again === formatted) break;
    formatted = again;
  }
  const where = offsetsAfterFormatting(text, formatted);
  for (const a of applied) {
    const start = where(a.output.start);
    a.output = { start, end: Math.max(start, where(a.output.end)) };
  }
  return formatted;
}

/** A stretch the layout kept: `length` characters at `before` in the old text are at `after` in the new. */
interface Kept {
  before: number;
  after: number;
  length: number;
}

/**
 * How `after`, `before` re-laid out, lines up with it: the same tokens with other whitespace,
 * braces dropped around single statements, comments re-wrapped. A linear walk matches the two
 * texts character by character; where it cannot tell what happened, a character diff takes over.
 * `map` takes each offset of `before` to one of `after` (a dropped character to where the walk
 * stood in `after` when it dropped it); `kept` lists the stretches that are the same in both.
 */
function alignment(before: string, after: string): { map: Int32Array; kept: Kept[] } {
  const map = new Int32Array(before.length + 1);
  const runs: Kept[] = [];
  const keep = (i: number, j: number) => {
    map[i] = j;
    const last = runs.at(-1);
    if (last && last.before + last.length === i && last.after + last.length === j) last.length++;
    else runs.push({ before: i, after: j, length: 1 });
  };
  let i = 0;
  let j = 0;
  const space = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";
  while (i < before.length) {
    const b = before[i]!;
    const a = after[j];
    if (b === a) {
      keep(i++, j++);
    } else if (space(b)) {
      map[i++] = j;
    } else if (space(a)) {
      j++;
    } else if ((b === "{" || b === "}") && !(a === "{" || a === "}")) {
      map[i++] = j; // a brace clang-format removed
    } else if (a === "/" || a === "*") {
      j++; // a comment marker added where a comment was re-wrapped
    } else {
      return alignmentByDiff(before, after);
    }
  }
  map[before.length] = after.length;
  return { map, kept: runs };
}

/**
 * Maps offsets of `before` to offsets of `after`, any two texts: through a character diff (or, with
 * `words`, a diff of words and spaces, which keeps a removed word whole), a removed character to
 * where the removal is.
 */
export function diffMap(before: string, after: string, words = false): (offset: number) => number {
  const { map } = alignmentByDiff(before, after, words);
  return (offset) => map[Math.min(Math.max(offset, 0), before.length)]!;
}

function alignmentByDiff(before: string, after: string, words = false): { map: Int32Array; kept: Kept[] } {
  const map = new Int32Array(before.length + 1);
  const runs: Kept[] = [];
  let i = 0;
  let j = 0;
  for (const part of words ? diffWordsWithSpace(before, after) : diffChars(before, after)) {
    const n = part.value.length;
    if (part.added) j += n;
    else if (part.removed) for (let k = 0; k < n; k++) map[i++] = j;
    else {
      runs.push({ before: i, after: j, length: n });
      for (let k = 0; k < n; k++) map[i++] = j++;
    }
  }
  map[before.length] = after.length;
  return { map, kept: runs };
}

/** Maps offsets of `before` to offsets of `after`, when `after` is `before` re-laid out. */
export function offsetsAfterFormatting(before: string, after: string): (offset: number) => number {
  const { map } = alignment(before, after);
  return (offset) => map[Math.min(Math.max(offset, 0), before.length)]!;
}

/**
 * What the layout changed, as the stretches between what it kept: `before[start, end)` became
 * `after[outStart, outEnd)`. Outside them the new text is the old one copied, so a position there
 * maps back by counting from the change before it.
 */
export function layoutChanges(before: string, after: string): Array<{ start: number; end: number; outStart: number; outEnd: number }> {
  const changes: Array<{ start: number; end: number; outStart: number; outEnd: number }> = [];
  let i = 0;
  let j = 0;
  for (const run of [...alignment(before, after).kept, { before: before.length, after: after.length, length: 0 }]) {
    if (run.before > i || run.after > j) changes.push({ start: i, end: run.before, outStart: j, outEnd: run.after });
    i = run.before + run.length;
    j = run.after + run.length;
  }
  return changes;
}
