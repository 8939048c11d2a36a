// `static const char *names[]` becomes `static const char * const names[]` (kernel style).
import type { Node } from "web-tree-sitter";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "const-string-tables",
  summary: "a static table of string pointers that is never written becomes const all the way (kernel style)",
  explanation: [
    "static const char *names[] = { … } makes the strings read-only but not the table of pointers to them, which the compiler must then keep in writable memory.",
    "When the program never stores into the table, adding the second const (const char * const names[]) lets it go into the read-only section too, where a stray write would fault instead of silently redirecting a pointer; checkpatch suggests it for every such table.",
    "A table the program does rearrange (a shuffle, a sort) must stay writable; there its length is written between the brackets, which shows that the table is meant to be a fixed set of slots the program fills, and is the form checkpatch accepts.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const d of program.root.descendantsOfType("declaration")) {
      if (!d || !namedChildren(d).some((c) => c.type === "storage_class_specifier" && c.text === "static")) continue;
      if (!namedChildren(d).some((c) => c.type === "type_qualifier" && c.text === "const")) continue;
      if (d.childForFieldName("type")?.text !== "char") continue;
      for (const init of d.childrenForFieldName("declarator")) {
        // `*names[]` is a pointer declarator around an array declarator.
        const pointer = init?.type === "init_declarator" ? init.childForFieldName("declarator") : init;
        if (pointer?.type !== "pointer_declarator") continue;
        const array = pointer.childForFieldName("declarator");
        if (array?.type !== "array_declarator") continue;
        const name = array.childForFieldName("declarator");
        if (name?.type !== "identifier" || namedChildren(pointer).some((c: Node) => c.type === "type_qualifier")) continue;
        if (isWritten(program.root, name.text)) {
          // A table the program rearranges stays writable; its length is written out instead.
          const size = array.childForFieldName("size");
          const list = init?.type === "init_declarator" ? init.childForFieldName("value") : null;
          if (!size && list?.type === "initializer_list") {
            const open = source.indexOf("[", name.endIndex);
            ctx.insert(open + 1, String(namedChildren(list).filter((c) => c.type !== "comment").length));
          }
          continue;
        }
        ctx.insert(name.startIndex, source[name.startIndex - 1] === "*" ? " const " : "const ");
      }
    }
  },
});

/** Whether an element of the table is ever assigned to, or the table passed where it could be. */
function isWritten(root: Node, name: string): boolean {
  for (const a of root.descendantsOfType(["assignment_expression", "update_expression"])) {
    const target = a?.childForFieldName("left") ?? a?.childForFieldName("argument");
    if (target?.type === "subscript_expression" && target.childForFieldName("argument")?.text === name) return true;
  }
  // Passed whole to a function, it might be written through a parameter that is not const.
  for (const args of root.descendantsOfType("argument_list")) {
    if (args && namedChildren(args).some((a) => a.type === "identifier" && a.text === name)) return true;
  }
  return false;
}
