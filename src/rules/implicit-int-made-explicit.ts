// `main()` and `static count(s) char *s; { … }`: a function declared without a type returned int before C99; the type is written, before the grammar reads the program.
import { codeSpans } from "../core/parse.js";
import { defineRule } from "../core/rule.js";

/** Words that may stand before an implicit int function's name: storage classes, function specifiers and qualifiers, none a type. */
const SPECIFIERS = new Set(["static", "extern", "inline", "__inline", "__inline__", "register", "auto", "_Noreturn", "const", "volatile"]);

/** Words that are never a function's name: C's keywords and type words, and the GNU words written where a declaration starts. */
const RESERVED = new Set([
  ...SPECIFIERS,
  ..."void char short int long float double signed unsigned _Bool _Complex bool struct union enum typedef sizeof _Alignof alignof typeof __typeof__ __typeof _Static_assert static_assert _Alignas _Atomic _Thread_local __thread restrict __restrict __restrict__ if else for while do switch case default return goto break continue __attribute__ __attribute __declspec __extension__ asm __asm__ __asm".split(" "),
]);

/** Words in a parameter list that make it one of a prototype: `static f(void);`, `extern g(char *, int);`. */
const TYPE_WORDS = new Set("void char short int long float double signed unsigned _Bool bool struct union enum const volatile".split(" "));

/**
 * Where each function the program defines (or declares with a storage class) without a return
 * type starts, where `int ` goes: `main() {`, `static *dup(s) char *s; {`, `extern f(void);`.
 * Read from the code's characters (comments, strings and preprocessor lines passed over), at the
 * file's top level: an item that starts with storage words at most, then `*`s, then one name and
 * its parameters, followed by the body, by K&R parameter declarations and the body, or (with a
 * storage word, and parameters that read as a prototype's) by `;`. A macro's invocation at the top
 * level (`module_init(f);`) has no body and no storage word, and is not one.
 */
export function implicitIntSites(text: string, macros: ReadonlySet<string>): number[] {
  const sites: number[] = [];
  let depth = 0;
  // The current top-level item's words before its first '('.
  let head: Array<{ word: string; start: number }> = [];
  // What the scan reads at the top level: the item's words, its parameters, what follows them, K&R
  // declarations, or the rest of an item that is not one.
  let state = "head" as "head" | "params" | "after" | "kr" | "skip";
  let parens = 0;
  let params = { words: 0, commas: 0, typed: false };
  let candidate = -1;
  let specified = false;
  let lastKr = "";
  const reset = () => {
    head = [];
    state = "head";
    candidate = -1;
  };
  const onWord = (word: string, start: number) => {
    if (depth > 0) return;
    if (state === "head") {
      head.push({ word, start });
      return;
    }
    if (state === "params") {
      params.words++;
      if (TYPE_WORDS.has(word)) params.typed = true;
      return;
    }
    if (state === "after") {
      // K&R declarations of the parameters: `int a, b;` … then the body.
      state = "kr";
      lastKr = word;
      return;
    }
    if (state === "kr") lastKr = word;
  };
  const onPunct = (c: string, at: number) => {
    if (c === "{") {
      if (depth === 0 && candidate >= 0 && (state === "after" || (state === "kr" && lastKr === ";"))) sites.push(candidate);
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
    if (state === "head") {
      if (c === ";") return reset();
      if (c === "*") {
        head.push({ word: "*", start: at });
        return;
      }
      if (c === "(") {
        candidate = headSite(head, macros);
        specified = head.some((h) => SPECIFIERS.has(h.word));
        state = candidate >= 0 ? "params" : "skip";
        parens = 1;
        params = { words: 0, commas: 0, typed: false };
        return;
      }
      state = "skip";
      return;
    }
    if (state === "params") {
      if (c === "(") parens++;
      else if (c === ")" && --parens === 0) state = "after";
      else if (c === "," && parens === 1) params.commas++;
      else if (c === "*" || c === "[") params.typed = true;
      return;
    }
    if (state === "after") {
      // A declaration: only with a storage word, and parameters that are a prototype's (or none):
      // `static f(x);` with a typedef f declares a variable x.
      if (c === ";" && specified && (params.words === 0 || params.typed || params.commas > 0)) sites.push(candidate);
      if (c === ";") return reset();
      state = "skip";
      return;
    }
    if (state === "kr") {
      if (c === "=") state = "skip";
      lastKr = c;
      return;
    }
    if (c === ";") reset();
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
        // A body's words are not looked at: most of a program's are, and none is cut out of the text.
        if (depth === 0) onWord(text.slice(start, i), start);
      } else if (code >= 48 && code <= 57) {
        while (i < span.end && isWordChar(text.charCodeAt(i))) i++;
        if (depth === 0 && state !== "params" && state !== "kr") state = "skip";
      } else {
        if (code > 32) onPunct(text[i]!, i);
        i++;
      }
    }
  }
  return sites;
}

/** Where `int ` goes in an item's words before its '(' when they are storage words, `*`s and one name; -1 otherwise. */
function headSite(head: ReadonlyArray<{ word: string; start: number }>, macros: ReadonlySet<string>): number {
  let i = 0;
  while (i < head.length && SPECIFIERS.has(head[i]!.word)) i++;
  const firstStar = i;
  while (i < head.length && head[i]!.word === "*") i++;
  if (i !== head.length - 1) return -1;
  const name = head[i]!.word;
  if (RESERVED.has(name) || macros.has(name)) return -1;
  return head[firstStar]!.start;
}

const isWordStart = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isWordChar = (code: number) => isWordStart(code) || (code >= 48 && code <= 57);

/** The names the file #defines, read from the text (the tree may have errors where this phase works): a macro's use at the top level is not a definition. */
function definedMacros(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) out.add(m[1]!);
  return out;
}

export default defineRule({
  id: "implicit-int-made-explicit",
  summary: "a function declared without a type, main() { … } or static count(s) char *s; { … }, gets the int C89 gave it: int main() { … }",
  explanation: [
    "Before C99 a declaration could leave out its type, and a function declared so returned int: K&R's `main()` is one. GCC still accepts it with a warning, but the kernel builds every module with -Werror=implicit-int, which stops the build there, and kernelize's C grammar, which follows C99, cannot read such a definition at all.",
    "The word int is written where C89 assumed it, after the storage class (static int count(…)) and before any * of a returned pointer (static int *dup(…)), before anything else reads the program: the function returns what it always returned, and every later rule (main() becoming the module's init, K&R parameters declared in the parentheses) reads an ordinary definition.",
    "A name alone with parentheses at the top level and no body is a macro's use (module_init(f);), not a declaration, and is left alone; so is a declaration whose parentheses could be a declarator's, static f(x);, where f may be a type.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wimplicit-int", "https://en.cppreference.com/w/c/language/declarations"],
  headers: [],
  safety: "safe",
  repairsSyntax: true,
  // A line that starts with storage words at most, then a name and '(': where such a definition starts.
  wantedIn: (text) => /^(?:(?:static|extern|inline|register|const|volatile|_Noreturn)[ \t]+)*(?:\*[ \t]*)*[A-Za-z_]\w*[ \t]*\(/m.test(text),
  run(ctx) {
    const { source } = ctx.facts;
    for (const at of implicitIntSites(source, definedMacros(source))) ctx.insert(at, "int ");
  },
});
