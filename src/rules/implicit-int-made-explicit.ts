// `main()` and `static count(s) char *s; { … }`: a function declared without a type returned int before C99; the type is written, before the grammar reads the program.
import { defineRule } from "../core/rule.js";
import { codeSpans } from "../core/parse.js";
import { C_WORDS, definedMacros, topLevelFunctions } from "../core/top-level-functions.js";

/** Words that may stand before an implicit int function's name: storage classes, function specifiers and qualifiers, none a type. */
const SPECIFIERS = new Set(["static", "extern", "inline", "__inline", "__inline__", "register", "auto", "_Noreturn", "const", "volatile"]);

/** Words in a parameter list that make it one of a prototype: `static f(void);`, `extern g(char *, int);`. */
const TYPE_WORDS = new Set("void char short int long float double signed unsigned _Bool bool struct union enum const volatile".split(" "));

/**
 * Where each function the program defines (or declares with a storage class) without a return
 * type starts, where `int ` goes: `main() {`, `static *dup(s) char *s; {`, `extern f(void);`.
 * An item whose head is storage words at most, then `*`s, then its name, followed by the body, by
 * K&R parameter declarations and the body, or (with a storage word, and parameters that read as a
 * prototype's) by `;`. A macro's invocation at the top level (`module_init(f);`) has no body and no
 * storage word, and is not one.
 */
export function implicitIntSites(text: string, macros: ReadonlySet<string>, items = topLevelFunctions(text)): number[] {
  const sites: number[] = [];
  for (const item of items) {
    const { head, parameters } = item;
    let i = 0;
    while (i < head.length && SPECIFIERS.has(head[i]!.text)) i++;
    const firstStar = i;
    while (i < head.length && head[i]!.text === "*") i++;
    if (i !== head.length - 1) continue;
    if (item.body === undefined) {
      // A declaration: only with a storage word, and parameters that are a prototype's (or none):
      // `static f(x);` with a typedef f declares a variable x.
      const specified = firstStar > 0;
      const words = parameters.filter((t) => /^[A-Za-z_]/.test(t.text));
      const typed = parameters.some((t) => TYPE_WORDS.has(t.text) || t.text === "*" || t.text === "[");
      const commas = parameters.some((t) => t.text === ",");
      if (!specified || !(words.length === 0 || typed || commas)) continue;
    }
    sites.push(head[firstStar]!.start);
  }
  return sites;
}

/** Storage classes and qualifiers (one or more), then at once a name with its `*`s and what ends a declarator: `register i;`, `static count = 0;`. */
const VARIABLE = /(?<![\w$])(?:static|extern|register|auto|const|volatile)(?:\s+(?:static|extern|register|auto|const|volatile))*\s+((?:\*\s*)*)([A-Za-z_]\w*)\s*[;,=[]/g;

/** A storage word or qualifier, then at once a name and what ends a declarator: where such a variable may be. */
const IMPLICIT_VARIABLE = /\b(?:static|extern|register|auto|const|volatile)\s+(?:\*\s*)*[A-Za-z_]\w*\s*[;,=[]/;

/**
 * Where each variable declared without a type gets its int, anywhere in the code: storage words or
 * qualifiers, then at once the name (with its `*`s) and what ends a declarator (`register i, j;`,
 * `static *last;`, `const limit = 10;`). A type's name there would have to be followed by a
 * declarator, so a name followed by `;`, `,`, `=` or `[` is the variable's. Only where a
 * declaration starts (after `;`, a brace, `(`, a label's `:` or at the file's start): `int const x`
 * and `char *const p` have their type before the qualifier. A K&R definition's declarations of
 * its parameters (`register n;`) are left to old-style-definitions-to-prototypes, which moves them.
 */
export function implicitIntVariables(text: string, macros: ReadonlySet<string>, items = topLevelFunctions(text)): number[] {
  const parameters = items.filter((i) => i.declarations.length > 0);
  const spans = codeSpans(text);
  const sites: number[] = [];
  let s = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const name = m[2]!;
    if (C_WORDS.has(name) || macros.has(name)) continue;
    const end = m.index + m[0].length;
    while (s < spans.length && spans[s]!.end <= m.index) s++;
    // Inside one run of code: not in a comment, a string or a preprocessor line.
    if (s >= spans.length || spans[s]!.start > m.index || spans[s]!.end < end) continue;
    if (!startsDeclaration(text, spans, s, m.index)) continue;
    if (parameters.some((i) => i.close < m.index && m.index < i.body!)) continue;
    sites.push(end - m[0].length + m[0].lastIndexOf(m[1]! + name));
  }
  return sites;
}

/** Whether the code before `at` (in span `s`) ends where a declaration can start: `;`, `{`, `}`, `(`, `:`, or nothing. */
function startsDeclaration(text: string, spans: ReadonlyArray<{ start: number; end: number }>, s: number, at: number): boolean {
  for (let i = s; i >= 0; i--) {
    for (let j = Math.min(at, spans[i]!.end) - 1; j >= spans[i]!.start; j--) {
      const c = text[j]!;
      if (c === " " || c === "\t" || c === "\n" || c === "\r") continue;
      return c === ";" || c === "{" || c === "}" || c === "(" || c === ":";
    }
  }
  return true;
}

export default defineRule({
  id: "implicit-int-made-explicit",
  summary: "a function or variable declared without a type, main() { … }, static count(s) char *s; { … } or register i;, gets the int C89 gave it: int main() { … }",
  explanation: [
    "Before C99 a declaration could leave out its type, and a function declared so returned int: K&R's `main()` is one. GCC still accepts it with a warning, but the kernel builds every module with -Werror=implicit-int, which stops the build there, and kernelize's C grammar, which follows C99, cannot read such a definition at all.",
    "The word int is written where C89 assumed it, after the storage class (static int count(…)) and before any * of a returned pointer (static int *dup(…)), before anything else reads the program: the function returns what it always returned, and every later rule (main() becoming the module's init, K&R parameters declared in the parentheses) reads an ordinary definition.",
    "A variable declared with a storage class or a qualifier and no type (register i;, static count;, const limit = 10;) is an int the same way, and gets its int after those words; where a type comes first (int const x, char *const p) nothing is missing.",
    "A name alone with parentheses at the top level and no body is a macro's use (module_init(f);), not a declaration, and is left alone; so is a declaration whose parentheses could be a declarator's, static f(x);, where f may be a type.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wimplicit-int", "https://en.cppreference.com/w/c/language/declarations"],
  headers: [],
  safety: "safe",
  repairsSyntax: true,
  // A line that starts with storage words at most, then a name and '(': where such a definition starts.
  // Or a variable's storage word or qualifier and its name at once: `register i;`.
  wantedIn: (text) => /^(?:(?:static|extern|inline|register|const|volatile|_Noreturn)[ \t]+)*(?:\*[ \t]*)*[A-Za-z_]\w*[ \t]*\(/m.test(text) || IMPLICIT_VARIABLE.test(text),
  run(ctx) {
    const { source } = ctx.facts;
    const macros = definedMacros(source);
    const items = topLevelFunctions(source);
    for (const at of implicitIntSites(source, macros, items)) ctx.insert(at, "int ");
    if (IMPLICIT_VARIABLE.test(source)) for (const at of implicitIntVariables(source, macros, items)) ctx.insert(at, "int ");
  },
});
