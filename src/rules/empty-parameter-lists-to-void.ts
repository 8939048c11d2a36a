// `int f()` becomes `int f(void)`, or takes the parameters of the file's own definition: the kernel builds with -Werror=strict-prototypes.
import type { Node } from "../core/syntax-tree.js";
import { defineRule, type RuleContext } from "../core/rule.js";
import { callArguments, namedChildren } from "../core/syntax.js";

export default defineRule({
  id: "empty-parameter-lists-to-void",
  summary: "int f() becomes int f(void), or the parameters its definition declares",
  explanation: [
    "In C before C23, empty parentheses in a function's declaration do not mean \"no parameters\": they mean \"parameters not stated\", and the compiler checks no call against them.",
    "The kernel builds every module with -Werror=strict-prototypes, so such a declaration stops the build.",
    "A definition with empty parentheses takes no arguments, so it says (void); a declaration takes the parameter list of the definition in the same file, or (void) when there is none and every call passes nothing.",
    "Where neither tells the parameters (a call passes arguments to a function the file only declares), the port stops at that call.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wstrict-prototypes", "https://elixir.bootlin.com/linux/v6.1/source/Makefile"],
  headers: [],
  safety: "safe",
  // A declarator with () follows a type, a *, or a parenthesis (`int (*f)()`); a call follows none of them.
  appliesTo: (_target, source) => hasEmptyDeclaratorList(source),
  run(ctx) {
    const { program } = ctx.facts;
    const { root, source } = program;
    const argumentCounts = new Map<string, Node[]>();
    const callsWithArguments = (name: string) => {
      let found = argumentCounts.get(name);
      if (!found) {
        found = program.callsNamed(new Set([name])).filter((c) => callArguments(c.call).length > 0).map((c) => c.call);
        argumentCounts.set(name, found);
      }
      return found;
    };
    for (const m of source.matchAll(/\(\s*\)/g)) {
      if (!program.isCompiled(m.index)) continue;
      const open = root.descendantForIndex(m.index, m.index + 1);
      const list = open?.parent;
      if (open?.type !== "(" || list?.type !== "parameter_list" || namedChildren(list).some((c) => c.type !== "comment")) continue;
      const declarator = list.parent;
      if (declarator?.type !== "function_declarator") continue;
      const name = declarator.childForFieldName("declarator");
      // Function pointers and typedefs (`int (*cmp)()`) have no definition to read their parameters from.
      if (name?.type !== "identifier") {
        reportUnknown(ctx, list, `'${declarator.text}' is declared with () and kernelize cannot tell its parameters`);
        continue;
      }
      const definition = enclosingDefinition(declarator);
      if (definition) {
        const passing = callsWithArguments(name.text);
        if (passing.length > 0) {
          reportUnknown(ctx, passing[0]!, `${name.text}() is defined with no parameters but called with arguments`);
          continue;
        }
        ctx.replace(list, "(void)");
        continue;
      }
      const defined = program.functions.get(name.text);
      const definedParameters = defined?.parameters;
      if (definedParameters && namedChildren(definedParameters).some((c) => c.type !== "comment")) {
        ctx.replace(list, definedParameters.text);
        continue;
      }
      const passing = callsWithArguments(name.text);
      if (passing.length > 0) {
        reportUnknown(ctx, list, `${name.text}() is declared with () and called with arguments, and the file does not define it`);
        continue;
      }
      ctx.replace(list, "(void)");
    }
  },
});

/** The function_definition this declarator declares, if it is one (not a prototype). */
function enclosingDefinition(declarator: Node): Node | undefined {
  let node: Node | null = declarator;
  while (node?.parent && (node.parent.type === "pointer_declarator" || node.parent.type === "parenthesized_declarator" || node.parent.type === "attributed_declarator")) node = node.parent;
  const parent = node?.parent;
  return parent?.type === "function_definition" && parent.childForFieldName("declarator")?.id === node!.id ? parent : undefined;
}

function reportUnknown(ctx: RuleContext, at: Node, message: string): void {
  ctx.report("K4001", message, at, {
    note: "the kernel builds with -Werror=strict-prototypes: write the parameters in the declaration, or (void) if there are none",
  });
}

const TYPE_WORDS: ReadonlySet<string> = new Set(["void", "char", "short", "int", "long", "unsigned", "signed", "float", "double", "bool", "_Bool"]);
const TAG_WORDS: ReadonlySet<string> = new Set(["struct", "union", "enum"]);
const isWordChar = (c: string | undefined) => c !== undefined && /\w/.test(c);

/**
 * Whether some `()` follows a declarator: a name after a type word, a `*`, a `_t` name or a
 * `struct X`, or a closing parenthesis (`int (*f)()`). A scan back from each `()` over at most two
 * words, so the time stays linear in the text however long its names (a pattern with \w* on
 * both sides of a name backtracked for seconds over a 40,000-character one).
 */
function hasEmptyDeclaratorList(source: string): boolean {
  const skipSpace = (i: number) => {
    while (i >= 0 && /\s/.test(source[i]!)) i--;
    return i;
  };
  const wordStart = (end: number) => {
    let i = end;
    while (i >= 0 && isWordChar(source[i])) i--;
    return i + 1;
  };
  for (const m of source.matchAll(/\(\s*\)/g)) {
    let i = skipSpace(m.index - 1);
    if (source[i] === ")") return true;
    const nameStart = wordStart(i);
    if (nameStart > i || !/[A-Za-z_]/.test(source[nameStart]!)) continue;
    i = skipSpace(nameStart - 1);
    while (i >= 0 && source[i] === "*") i = skipSpace(i - 1);
    const typeStart = wordStart(i);
    if (typeStart > i) continue;
    const type = source.slice(typeStart, i + 1);
    if (TYPE_WORDS.has(type) || (type.endsWith("_t") && /[A-Za-z_]/.test(type[0]!))) return true;
    const tag = skipSpace(typeStart - 1);
    if (TAG_WORDS.has(source.slice(wordStart(tag), tag + 1))) return true;
  }
  return false;
}
