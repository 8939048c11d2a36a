// Every function and variable of the module gets internal linkage: `static`.
import type { Node } from "../core/syntax-tree.js";
import { kernelHas } from "../core/kernel-api.js";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { hasWord } from "../core/words.js";

export default defineRule({
  id: "file-scope-static",
  summary: "functions and variables defined at file scope become static (kernel style, ports for W=1 builds, and every port for Linux 6.8 and later)",
  explanation: [
    "A program's functions and globals are visible to every other object file linked with it; in a module, nothing outside the file calls them, and a non-static symbol only risks clashing with one of the same name elsewhere in the kernel.",
    "The kernel's tools ask for static where nothing else needs the name: sparse warns \"symbol 'x' was not declared. Should it be static?\", and gcc's -Wmissing-prototypes warns about a global function defined without a declaration before it. That warning is part of W=1 builds, and since Linux 6.8 of every build.",
    "So in the kernel style, in a port made for a W=1 build (--w1), and for any kernel from 6.8 on, each function, its prototypes and each file-scope variable are declared static; the init and exit functions are reached through module_init() and module_exit(), which need no external name.",
    "A static function or variable that nothing in the file uses draws gcc's \"defined but not used\" warning, which the global one did not: the port marks those __maybe_unused, the kernel's attribute for a definition kept on purpose (the program's own code, which the port does not delete).",
  ].join(" "),
  docs: ["https://docs.kernel.org/dev-tools/sparse.html", "https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: (target) => target.style === "kernel" || target.w1 === true || kernelHas(target.kernel, "missing-prototypes-by-default"),
  run(ctx) {
    const { program, source } = ctx.facts;
    const defined = new Set(program.functions.names());
    const items = namedChildren(program.root);
    const used = usesOutside(source, items);
    for (const node of items) {
      if (node.type === "function_definition" || node.type === "declaration") {
        if (hasStorageClass(node, source) || node.hasError || !followsWholeItem(node, source)) continue;
        if (node.type === "declaration" && !declaresOwnSymbol(node, defined)) continue;
        ctx.insert(node.startIndex, used(node) ? "static " : "static __maybe_unused ");
      }
    }
  },
});

/**
 * `static`, `extern` or `typedef`-like storage already chosen: in the tree, or in the words before
 * the first declarator (comments left out), so that no reading of the tree adds a second `static`.
 */
function hasStorageClass(node: Node, source: string): boolean {
  if (namedChildren(node).some((c) => c.type === "storage_class_specifier")) return true;
  const declarator = node.childForFieldName("declarator");
  const specifiers = source.slice(node.startIndex, declarator ? declarator.startIndex : node.endIndex).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, " ");
  return STORAGE_CLASSES.some((word) => hasWord(specifiers, word));
}

const STORAGE_CLASSES = ["static", "extern", "typedef", "register", "_Thread_local", "__thread"];

/**
 * Whether the item begins where a file-scope item may: first in the file, or after a whole one (a
 * declaration or statement ended by `;`, a definition ended by `}`, a directive), with only
 * comments between. `/* the buffer *\/ char buf[64];` and `int a; char b;` on one line are items of
 * their own; what follows a piece the grammar misread (an ERROR, a declaration missing its `;`) is
 * more of that piece, and is left alone.
 */
function followsWholeItem(node: Node, source: string): boolean {
  let previous = node.previousSibling;
  while (previous?.type === "comment") previous = previous.previousSibling;
  if (!previous) return true;
  if (previous.isError || previous.hasError) return false;
  if (previous.type.startsWith("preproc_")) return true;
  const text = source.slice(previous.startIndex, previous.endIndex).trimEnd();
  return text.endsWith(";") || text.endsWith("}");
}

/**
 * A declaration of a variable defined here, or the prototype of a function this file defines;
 * not a declaration of something defined elsewhere (those are not the module's to change).
 */
function declaresOwnSymbol(node: Node, defined: Set<string>): boolean {
  const type = node.childForFieldName("type");
  if (!type || type.type === "macro_type_specifier") return false;
  const declarators = node.childrenForFieldName("declarator").filter((d): d is Node => d !== null);
  if (declarators.length === 0) return false;
  return declarators.every((d) => {
    const fn = findFunctionDeclarator(d);
    if (!fn) return true; // a variable
    const name = fn.childForFieldName("declarator")?.text;
    return name !== undefined && defined.has(name);
  });
}

function findFunctionDeclarator(d: Node): Node | undefined {
  let n: Node | null = d;
  while (n) {
    if (n.type === "function_declarator") return n;
    if (n.type === "init_declarator") return undefined;
    n = n.childForFieldName("declarator");
  }
  return undefined;
}

/**
 * Whether anything outside a definition names what it defines: its function, or one of its
 * variables. Prototypes of the same function do not count (gcc's -Wunused-function does not count
 * them either), nor does a function calling itself. One pass over the text's words, not one per item.
 */
export function usesOutside(source: string, items: readonly Node[]): (node: Node) => boolean {
  const offsets = new Map<string, number[]>();
  for (const m of source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (c) => " ".repeat(c.length)).matchAll(/[A-Za-z_]\w*/g)) {
    const list = offsets.get(m[0]);
    if (list) list.push(m.index);
    else offsets.set(m[0], [m.index]);
  }
  const prototypes = new Map<string, Node[]>();
  for (const item of items) {
    if (item.type !== "declaration") continue;
    for (const d of item.childrenForFieldName("declarator")) {
      const name = d && findFunctionDeclarator(d)?.childForFieldName("declarator")?.text;
      if (name) prototypes.set(name, [...(prototypes.get(name) ?? []), item]);
    }
  }
  const inside = (offset: number, nodes: Node[]) => nodes.some((n) => offset >= n.startIndex && offset < n.endIndex);
  return (node) => {
    const names = definedNames(node);
    if (names.length === 0) return true;
    return names.some((name) => (offsets.get(name) ?? []).some((o) => !inside(o, [node, ...(prototypes.get(name) ?? [])])));
  };
}

/** The names a file-scope item defines: its function's, or each variable's. */
function definedNames(node: Node): string[] {
  const declarators = node.type === "function_definition" ? [node.childForFieldName("declarator")] : node.childrenForFieldName("declarator");
  const names: string[] = [];
  for (const d of declarators) {
    if (!d) continue;
    const fn = findFunctionDeclarator(d);
    if (fn) {
      if (node.type === "function_definition") names.push(fn.childForFieldName("declarator")?.text ?? "");
      continue;
    }
    let n: Node | null = d;
    while (n && n.type !== "identifier") n = n.childForFieldName("declarator");
    if (n) names.push(n.text);
  }
  return names.filter((n) => /^[A-Za-z_]\w*$/.test(n));
}
