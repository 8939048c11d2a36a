// A static function or variable nothing in the file uses is marked __maybe_unused: the program's own code, kept, and gcc's "defined but not used" warning would stop a clean build.
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { wordsAmong } from "../core/words.js";
import { usesOutside } from "./file-scope-static.js";

/** Attributes that already say a definition may go unused, or is used where gcc cannot see it. */
const MARKED = /\b(?:__maybe_unused|__always_unused|__used|__attribute__\s*\(\(\s*(?:__)?(?:unused|used)(?:__)?\s*\)\))/;

export default defineRule({
  id: "unused-static-definitions-marked",
  summary: "a static function or variable that nothing in the file uses is marked __maybe_unused",
  explanation: [
    "gcc warns about a static function or variable that nothing uses (\"defined but not used\", -Wunused-function and -Wunused-variable, both in the kernel's default warnings): a program can carry a helper it no longer calls, and a port can leave one unused where it took away the code that called it (main()'s reading of its arguments, say).",
    "The definition is the program's own code, which kernelize does not delete: it is marked __maybe_unused, the kernel's attribute for a definition kept on purpose, and the module builds without the warning.",
    "An inline function draws no such warning, and is left as it is.",
  ].join(" "),
  docs: ["https://gcc.gnu.org/onlinedocs/gcc/Warning-Options.html#index-Wunused-function", "https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  // Where some static definition's name (the word before its '(', or before the `=`, `;` or `[`
  // of a variable) appears only on lines that start at the left margin (its definition, a
  // prototype), never on an indented line of code: every other port, its statics all used, is not
  // parsed again. The tree says exactly.
  wantedIn: (text) => {
    const names = new Set<string>();
    for (const m of text.matchAll(/^static\b[^;{}()=]*?\b([A-Za-z_]\w*)[ \t]*[(=;[]/gm)) names.add(m[1]!);
    if (names.size === 0) return false;
    const indented = new Set<string>();
    for (const { word, index } of wordsAmong(text, names)) {
      const lineStart = text.lastIndexOf("\n", index - 1) + 1;
      if (text[lineStart] !== " " && text[lineStart] !== "\t") continue;
      // In a string or a comment on its line (puts("usage: …")), it is no use.
      const before = text.slice(lineStart, index).replace(/\\./g, "");
      if ((before.match(/"/g)?.length ?? 0) % 2 === 1 || before.includes("//") || /\/\*(?![\s\S]*\*\/)/.test(before)) continue;
      indented.add(word);
    }
    return indented.size < names.size;
  },
  run(ctx) {
    const { program, source } = ctx.facts;
    const items = namedChildren(program.root);
    let used: ((node: Node) => boolean) | undefined;
    for (const node of items) {
      if (node.type !== "function_definition" && node.type !== "declaration") continue;
      const storage = namedChildren(node).find((c) => c.type === "storage_class_specifier" && c.text === "static");
      if (!storage || node.hasError || namedChildren(node).some((c) => c.type === "storage_class_specifier" && c.text === "inline")) continue;
      if (node.type === "declaration" && !declaresVariables(node)) continue;
      const head = source.slice(node.startIndex, node.childForFieldName("body")?.startIndex ?? node.endIndex);
      if (MARKED.test(head) || /\binline\b/.test(head)) continue;
      used ??= usesOutside(source, items);
      if (!used(node)) ctx.insert(storage.endIndex, " __maybe_unused");
    }
  },
});

/** A declaration of variables (not of a function, and not `extern`): what -Wunused-variable asks about at file scope. */
function declaresVariables(node: Node): boolean {
  const declarators = node.childrenForFieldName("declarator");
  if (declarators.length === 0) return false;
  return declarators.every((d) => {
    for (let n: Node | null = d; n; n = n.childForFieldName("declarator")) {
      if (n.type === "function_declarator") return false;
      if (n.type === "init_declarator") return true;
    }
    return true;
  });
}
