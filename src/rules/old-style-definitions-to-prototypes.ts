// A K&R definition, `int add(a, b) int a, b; { … }`, becomes `int add(int a, int b) { … }`: the kernel builds with -Werror=strict-prototypes.
import { defineRule } from "../core/rule.js";
import { declaratorName, functionDeclarator, namedChildren } from "../core/syntax.js";

export default defineRule({
  id: "old-style-definitions-to-prototypes",
  summary: "a K&R definition, int add(a, b) int a, b; { … }, declares its parameters in the parentheses: int add(int a, int b) { … }",
  explanation: [
    "Before C89, a function named its parameters in the parentheses and declared their types between them and the body; a parameter not declared there is an int. Compilers still accept it (C23 removed it).",
    "Such a definition is not a prototype, so calls are not checked against it, and the kernel builds every module with -Werror=strict-prototypes, which stops the build at it.",
    "Each parameter is declared in the parentheses instead, in the order the definition named them, with the type its declaration gave it (int where none did), and the declarations between the parentheses and the body go (register with them: it means nothing to the kernel's compiler).",
    "The arguments callers pass keep their values: an old-style definition receives each argument promoted (a char as an int) and converts it to the parameter's type, which is what a prototype makes the caller do.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wold-style-definition", "https://en.cppreference.com/w/c/language/function_definition"],
  headers: [],
  safety: "safe",
  // Names alone in a definition's parentheses, then declarations (words, `*`, `,`, `[…]`, each
  // ending in `;`), or none, and the body's brace: `f(n) + 1;` in a statement is not one, nor
  // `if (ok) {` or `main(void) {`.
  wantedIn: (text) => /\b(?!(?:if|while|for|switch|return|sizeof)\b)[A-Za-z_]\w*\s*\(\s*(?!void\b)[A-Za-z_]\w*\s*(?:,\s*[A-Za-z_]\w*\s*)*\)\s*(?:[A-Za-z_][\w\s*,[\]]*;\s*)*\{/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const name of program.functions.names()) {
      const definition = program.functions.get(name)?.node;
      const declarator = definition && functionDeclarator(definition);
      const list = declarator?.childForFieldName("parameters");
      if (!definition || !list) continue;
      const declarations = namedChildren(definition).filter((c) => c.type === "declaration");
      // Without declarations the grammar reads `square(x)`'s x as a parameter of a type named x:
      // a definition cannot leave its parameters unnamed (before C23), so each is a name.
      const names = namedChildren(list)
        .filter((c) => c.type !== "comment")
        .map((c) => (c.type === "parameter_declaration" && declarations.length === 0 && c.namedChildCount === 1 && c.namedChild(0)?.type === "type_identifier" ? c.namedChild(0)! : c));
      if (names.length === 0 || names.some((n) => n.type !== "identifier" && n.type !== "type_identifier") || (declarations.length > 0 && names.some((n) => n.type !== "identifier"))) continue;
      const declared = new Map<string, string>();
      for (const d of declarations) {
        const first = d.childrenForFieldName("declarator")[0];
        if (!first) continue;
        // The type as written before the first declarator (`const char `, `unsigned long `), without register.
        const type = source.slice(d.startIndex, first.startIndex).replace(/\bregister\b\s*/g, "");
        for (const one of d.childrenForFieldName("declarator")) {
          const id = declaratorName(one);
          if (id) declared.set(id.text, `${type}${one.text}`.replace(/\s+/g, " "));
        }
      }
      const parameters = names.map((n) => declared.get(n.text) ?? `int ${n.text}`);
      ctx.replace({ start: list.startIndex, end: declarations.at(-1)?.endIndex ?? list.endIndex }, `(${parameters.join(", ")})`);
    }
  },
});
