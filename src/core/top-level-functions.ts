// The functions a C file defines or declares at its top level, read from the code's characters alone: for the repairs that run where the grammar cannot read the program (C89's implicit int, K&R definitions that return a pointer).
import { codeSpans } from "./parse.js";

/** A word or a punctuation character of the code, where it is in the text. */
export interface CodeToken {
  text: string;
  start: number;
  end: number;
}

/**
 * A top-level item that reads as a function's definition or declaration: words and `*`s, a name,
 * a parenthesised parameter list; then the body, K&R declarations of the parameters and the body,
 * or `;`.
 */
export interface FunctionItem {
  /** The words and `*`s before the parameters' '(', the function's name last. */
  head: readonly CodeToken[];
  /** The parameter list's '(' and ')'. */
  open: number;
  close: number;
  /** The parameter list's words and punctuation, its parentheses left out. */
  parameters: readonly CodeToken[];
  /** The K&R declarations between ')' and the body, each a list of tokens ending with its ';'. */
  declarations: ReadonlyArray<readonly CodeToken[]>;
  /** The body's '{'; undefined for a declaration ended by ';'. */
  body: number | undefined;
}

/**
 * The items at the file's top level that read as a function: comments, strings and preprocessor
 * lines are passed over, and inside a body only its braces count. An item whose head holds
 * anything but words and `*`s (`int x = f(1);`, `int (*fp)(int);`) or whose name is one of C's
 * words or the file's macros (`module_init(f);`) is not one.
 */
export function topLevelFunctions(text: string): FunctionItem[] {
  // The repair phase's rules read the same text one after another: it is scanned once.
  if (last?.text === text) return last.items;
  const macros = definedMacros(text);
  const items = scan(text, (w) => C_WORDS.has(w) || macros.has(w));
  last = { text, items };
  return items;
}

/** The last text scanned, with what was found. */
let last: { text: string; items: FunctionItem[] } | undefined;

function scan(text: string, notNames: (word: string) => boolean): FunctionItem[] {
  const items: FunctionItem[] = [];
  let depth = 0;
  let state = "head" as "head" | "params" | "after" | "kr" | "skip";
  let head: CodeToken[] = [];
  let parameters: CodeToken[] = [];
  let declarations: CodeToken[][] = [];
  let declaration: CodeToken[] = [];
  let open = -1;
  let close = -1;
  let parens = 0;
  const reset = () => {
    head = [];
    state = "head";
  };
  const item = (body: number | undefined) => items.push({ head, open, close, parameters, declarations, body });
  const onToken = (t: CodeToken, word: boolean) => {
    const c = t.text;
    if (c === "{") {
      if (depth === 0 && (state === "after" || (state === "kr" && declaration.length === 0 && declarations.length > 0))) item(t.start);
      if (depth === 0) state = "skip";
      depth++;
      return;
    }
    if (c === "}") {
      if (depth > 0) depth--;
      if (depth === 0) reset();
      return;
    }
    if (depth > 0) return;
    switch (state) {
      case "head":
        if (word || c === "*") head.push(t);
        else if (c === ";") reset();
        else if (c === "(" && head.length > 0 && /^[A-Za-z_]/.test(head.at(-1)!.text) && !notNames(head.at(-1)!.text)) {
          state = "params";
          open = t.start;
          parens = 1;
          parameters = [];
          declarations = [];
          declaration = [];
        } else state = "skip";
        return;
      case "params":
        if (c === "(") parens++;
        else if (c === ")" && --parens === 0) {
          close = t.start;
          state = "after";
          return;
        }
        parameters.push(t);
        return;
      case "after":
        if (c === ";") {
          item(undefined);
          reset();
        } else if (word) {
          state = "kr";
          declaration = [t];
        } else state = "skip";
        return;
      case "kr":
        if (c === "=") state = "skip";
        else if (c === ";") {
          declaration.push(t);
          declarations.push(declaration);
          declaration = [];
        } else declaration.push(t);
        return;
      case "skip":
        if (c === ";") reset();
    }
  };

  for (const span of codeSpans(text)) {
    let i = span.start;
    while (i < span.end) {
      const code = text.charCodeAt(i);
      // Inside a body only its braces count.
      if (depth > 0 && code !== 123 && code !== 125) {
        i++;
        continue;
      }
      if (isWordStart(code)) {
        const start = i;
        while (i < span.end && isWordChar(text.charCodeAt(i))) i++;
        onToken({ text: text.slice(start, i), start, end: i }, true);
      } else if (code >= 48 && code <= 57) {
        const start = i;
        while (i < span.end && isWordChar(text.charCodeAt(i))) i++;
        // A number: part of a parameter list or a K&R declaration (`t[10]`), never of a head.
        if (state === "params" || state === "kr") onToken({ text: text.slice(start, i), start, end: i }, false);
        else if (state !== "skip") state = "skip";
      } else {
        if (code > 32) onToken({ text: text[i]!, start: i, end: i + 1 }, false);
        i++;
      }
    }
  }
  return items;
}

/** C's keywords and type words, and the GNU words written where a declaration starts: never a function's name. */
export const C_WORDS: ReadonlySet<string> = new Set(
  "static extern inline __inline __inline__ register auto _Noreturn const volatile void char short int long float double signed unsigned _Bool _Complex bool struct union enum typedef sizeof _Alignof alignof typeof __typeof__ __typeof _Static_assert static_assert _Alignas _Atomic _Thread_local __thread restrict __restrict __restrict__ if else for while do switch case default return goto break continue __attribute__ __attribute __declspec __extension__ asm __asm__ __asm".split(" "),
);

const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isWordChar = (code: number) => isWordStart(code) || (code >= 48 && code <= 57);

/** The names the file #defines, read from the text (the tree may have errors where the repairs work): a macro's use at the top level is not a definition. */
export function definedMacros(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) out.add(m[1]!);
  return out;
}
