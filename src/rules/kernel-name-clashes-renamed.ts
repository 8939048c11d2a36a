// A program's names that the kernel headers already define get the module's prefix, everywhere they are used.
import type { Node } from "../core/syntax-tree.js";
import { kernelNameClashes } from "../analysis/kernel-clashes.js";
import { defineRule } from "../core/rule.js";
import { freshName, wordsOf } from "./added-code.js";
import { wordOffsets } from "../core/words.js";

const TAG_PARENTS = new Set(["struct_specifier", "union_specifier", "enum_specifier"]);

export default defineRule({
  id: "kernel-name-clashes-renamed",
  summary: "a program's function, variable, type or struct named like one of the kernel's (list_add, current, struct range) is renamed with the module's prefix",
  explanation: [
    "A program may use any name the C library leaves free; a module shares one namespace with the whole kernel, and the headers it includes already define thousands of names.",
    "A function or variable of the same name as a kernel one is a redefinition the compiler rejects; one named after a kernel macro (current, say) is replaced by the preprocessor before the compiler sees it; a struct of the same tag redefines the kernel's; a type the program defines itself under a name the kernel's headers give a type (bool with its own true and false, size_t) is another type of that name.",
    "So each such name is renamed wherever the program uses it, definition, calls, references and macro bodies alike (a struct member named like such a macro in every access and designated initialiser, whatever the struct), by putting the module's prefix in front (list_add becomes example_list_add), the same way kernel code namespaces its own symbols. Strings and comments keep the old name: they are text, not references.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#naming"],
  headers: [],
  safety: "safe",
  run(ctx) {
    const { program, names, source } = ctx.facts;
    const clashes = kernelNameClashes(program);
    if (clashes.length === 0) return;
    const renames = new Map<string, { name: string; to: string; space: Namespace }>();
    const taken = wordsOf(source);
    for (const c of clashes) {
      const space: Namespace = c.node.type === "field_identifier" ? "member" : TAG_PARENTS.has(c.node.parent?.type ?? "") && c.node.type === "type_identifier" ? "tag" : "ordinary";
      const key = `${space}:${c.name}`;
      if (renames.has(key)) continue;
      renames.set(key, { name: c.name, to: freshName([`${names.prefix}${c.name}`], taken), space });
    }
    const done = new Set<number>();
    for (const { name, to, space } of renames.values()) {
      for (const at of wordOffsets(source, name)) {
        const node = program.root.descendantForIndex(at, at + name.length);
        if (!node || done.has(at)) continue;
        const exact = node.startIndex === at && node.endIndex === at + name.length;
        // Macro bodies are not parsed: a name in one is a reference when it is a whole word there.
        // A tag in a macro body is one after its keyword: `struct list_head name = …`.
        const inBody = insideMacroBody(node, at) && (space !== "tag" || /\b(?:struct|union|enum)\s+$/.test(source.slice(Math.max(0, at - 16), at)));
        if ((exact && isReference(node, space)) || inBody) {
          done.add(at);
          ctx.replace({ start: at, end: at + name.length }, to);
        }
      }
    }
  },
});

/** C's name spaces a clash can be in: ordinary identifiers, struct/union/enum tags, and members (all structs' at once). */
type Namespace = "ordinary" | "tag" | "member";

function isReference(node: Node, space: Namespace): boolean {
  const parentIsTag = TAG_PARENTS.has(node.parent?.type ?? "");
  if (space === "tag") return node.type === "type_identifier" && parentIsTag;
  // A member named like an object-like macro: the preprocessor replaces every access, whatever the struct.
  if (space === "member") return node.type === "field_identifier";
  // The grammar has nodes of their own for true, false and the types it knows (bool, size_t): a
  // program that defines one of them itself (`typedef enum { false, true } bool;`) means its own.
  return node.type === "identifier" || node.type === "true" || node.type === "false" || node.type === "primitive_type" || (node.type === "type_identifier" && !parentIsTag);
}

/** Whether `offset` is in a macro body, outside the string and character literals in it. */
function insideMacroBody(node: Node, offset: number): boolean {
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type !== "preproc_arg") continue;
    const before = n.text.slice(0, offset - n.startIndex).replace(/\\./g, "");
    return (before.match(/"/g)?.length ?? 0) % 2 === 0 && (before.match(/'/g)?.length ?? 0) % 2 === 0;
  }
  return false;
}
