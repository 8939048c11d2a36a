// A K&R definition, `int add(a, b) int a, b; { … }`, becomes `int add(int a, int b) { … }`: the kernel builds with -Werror=strict-prototypes.
import { defineRule } from "../core/rule.js";
import { C_WORDS, type CodeToken, definedMacros, topLevelFunctions } from "../core/top-level-functions.js";

/** Words of a declarator that are not its name: `*const p`. */
const QUALIFIERS = new Set(["const", "volatile", "restrict", "__restrict", "__restrict__", "_Atomic"]);

/** Words of a K&R declaration's type that a parameter does not keep. */
const STORAGE = new Set(["register", "auto"]);

const isWord = (t: CodeToken) => /^[A-Za-z_]/.test(t.text);

/**
 * The parameters a K&R declaration declares (`register const char *s, t[];`), each by name with
 * its text as a prototype writes it (`const char *s`, `const char t[]`); undefined where the
 * declaration does not read as one (no declarator found).
 */
function declaredParameters(source: string, tokens: readonly CodeToken[]): Array<{ name: string; text: string }> | undefined {
  // The declarators, split at the commas outside parentheses and brackets; the ';' left out.
  const parts: CodeToken[][] = [[]];
  let nesting = 0;
  for (const t of tokens.slice(0, -1)) {
    if (t.text === "(" || t.text === "[") nesting++;
    else if (t.text === ")" || t.text === "]") nesting--;
    if (t.text === "," && nesting === 0) parts.push([]);
    else parts.at(-1)!.push(t);
  }
  // The first declarator starts at its first `*` or `(`, or else at the last word before its `[`:
  // what comes before is the type (`unsigned long t[]`, `struct node *p`, `int (*cmp)()`).
  const first = parts[0]!;
  let at = first.findIndex((t) => t.text === "*" || t.text === "(");
  if (at < 0) {
    const bracket = first.findIndex((t) => t.text === "[");
    at = (bracket < 0 ? first.length : bracket) - 1;
  }
  if (at < 0) return undefined;
  const type = first.slice(0, at).filter((t) => !STORAGE.has(t.text)).map((t) => t.text).join(" ") || "int";
  const out: Array<{ name: string; text: string }> = [];
  for (const [i, part] of parts.entries()) {
    const declarator = i === 0 ? part.slice(at) : part;
    const name = declarator.find((t) => isWord(t) && !QUALIFIERS.has(t.text));
    if (!name) return undefined;
    const text = source.slice(declarator[0]!.start, declarator.at(-1)!.end).replace(/\s+/g, " ");
    out.push({ name: name.text, text: `${type} ${text}` });
  }
  return out;
}

export default defineRule({
  id: "old-style-definitions-to-prototypes",
  summary: "a K&R definition, int add(a, b) int a, b; { … }, declares its parameters in the parentheses: int add(int a, int b) { … }",
  explanation: [
    "Before C89, a function named its parameters in the parentheses and declared their types between them and the body; a parameter not declared there is an int. Compilers still accept it (C23 removed it).",
    "Such a definition is not a prototype, so calls are not checked against it, and the kernel builds every module with -Werror=strict-prototypes, which stops the build at it.",
    "Each parameter is declared in the parentheses instead, in the order the definition named them, with the type its declaration gave it (int where none did), and the declarations between the parentheses and the body go (register with them: it means nothing to the kernel's compiler).",
    "The arguments callers pass keep their values: an old-style definition receives each argument promoted (a char as an int) and converts it to the parameter's type, which is what a prototype makes the caller do.",
    "This is done on the program's text before anything else reads it: kernelize's C grammar follows C99 and cannot read every K&R definition (one that returns a pointer, char *save(s) char *s; { … }, reads as a declaration and a stray block).",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wold-style-definition", "https://en.cppreference.com/w/c/language/function_definition"],
  headers: [],
  safety: "safe",
  repairsSyntax: true,
  // Names alone in a definition's parentheses, then declarations (words, `*`, `,`, `[…]`, `(…)`,
  // each ending in `;`), or none, and the body's brace: `f(n) + 1;` in a statement is not one, nor
  // `if (ok) {` or `main(void) {`.
  wantedIn: (text) => /\b(?!(?:if|while|for|switch|return|sizeof)\b)[A-Za-z_]\w*\s*\(\s*(?!void\b)[A-Za-z_]\w*\s*(?:,\s*[A-Za-z_]\w*\s*)*\)\s*(?:[A-Za-z_][\w\s*,()[\]]*;\s*)*\{/.test(text),
  run(ctx) {
    const { source } = ctx.facts;
    const macros = definedMacros(source);
    for (const item of topLevelFunctions(source)) {
      if (item.body === undefined) continue;
      // The parameters are names alone: `(a, b)`; a definition cannot leave a parameter unnamed
      // (before C23), so `square(x)` names x, which the grammar would read as a type.
      const names: string[] = [];
      let expectName = true;
      let plain = item.parameters.length > 0;
      for (const t of item.parameters) {
        if (expectName && isWord(t) && !C_WORDS.has(t.text) && !macros.has(t.text)) names.push(t.text);
        else if (!expectName && t.text === ",") {
          expectName = true;
          continue;
        } else plain = false;
        expectName = false;
      }
      if (!plain || expectName || names.length === 0) continue;
      const declared = new Map<string, string>();
      let readable = true;
      for (const d of item.declarations) {
        const parameters = declaredParameters(source, d);
        if (!parameters) readable = false;
        for (const p of parameters ?? []) {
          if (!names.includes(p.name) || declared.has(p.name)) readable = false;
          declared.set(p.name, p.text);
        }
      }
      // A declaration of a name the parentheses do not list is not C: left for the compiler to report.
      if (!readable) continue;
      const parameters = names.map((n) => declared.get(n) ?? `int ${n}`);
      const end = item.declarations.at(-1)?.at(-1)?.end ?? item.close + 1;
      ctx.replace({ start: item.open, end }, `(${parameters.join(", ")})`);
    }
  },
});
