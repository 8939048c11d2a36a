// `static const char *names[]` becomes `static const char * const names[]` (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { namedChildren } from "../core/syntax.js";
import { kernelStyleOnly } from "./kernel-style.js";

export default defineRule({
  id: "const-string-tables",
  summary: "a static table of string pointers that is never written becomes const all the way, and a function's own table of string literals static const (kernel style)",
  explanation: [
    "static const char *names[] = { … } makes the strings read-only but not the table of pointers to them, which the compiler must then keep in writable memory.",
    "When the program never stores into the table, adding the second const (const char * const names[]) lets it go into the read-only section too, where a stray write would fault instead of silently redirecting a pointer; checkpatch suggests it for every such table.",
    "A table of string literals a function declares for itself (const char *names[] = { \"a\", \"b\" };) and never writes is the same table made once, so it becomes static const char * const too, which is what checkpatch asks for; it is no longer built on the stack at each call.",
    "A table the program does rearrange (a shuffle, a sort) must stay writable; there its length is written between the brackets, which shows that the table is meant to be a fixed set of slots the program fills, and is the form checkpatch accepts.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const d of program.root.descendantsOfType("declaration")) {
      // A table local to a function, of string literals, is the same table made once: it becomes static too.
      const local = d && !namedChildren(d).some((c) => c.type === "storage_class_specifier") && d.parent?.type === "compound_statement" && literalTable(d);
      if (!d || (!local && !namedChildren(d).some((c) => c.type === "storage_class_specifier" && c.text === "static"))) continue;
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
        if (local) {
          if (d.childrenForFieldName("declarator").length !== 1) continue;
          ctx.insert(d.startIndex, "static ");
        }
        ctx.insert(name.startIndex, source[name.startIndex - 1] === "*" ? " const " : "const ");
      }
    }
  },
});

/** Whether a declaration's one initializer is a list of string literals alone: a table a static one can be. */
function literalTable(d: Node): boolean {
  const inits = d.childrenForFieldName("declarator");
  const list = inits.length === 1 && inits[0]?.type === "init_declarator" ? inits[0].childForFieldName("value") : null;
  const items = list?.type === "initializer_list" ? namedChildren(list).filter((c) => c.type !== "comment") : [];
  return items.length > 0 && items.every((c) => c.type === "string_literal" || c.type === "concatenated_string");
}

/**
 * Whether an element of the table is ever assigned to, or the table itself used as a pointer
 * (passed to a function, stored in a variable, returned): through that pointer, which is not
 * const all the way, it could be written, and the compiler would reject the added const.
 */
function isWritten(root: Node, name: string): boolean {
  for (const a of root.descendantsOfType(["assignment_expression", "update_expression"])) {
    const target = a?.childForFieldName("left") ?? a?.childForFieldName("argument");
    if (target?.type === "subscript_expression" && target.childForFieldName("argument")?.text === name) return true;
  }
  for (const id of root.descendantsOfType("identifier")) {
    if (!id || id.text !== name) continue;
    const parent = id.parent;
    if (!parent || parent.type === "array_declarator" || parent.type === "sizeof_expression") continue;
    if (parent.type === "subscript_expression" && parent.childForFieldName("argument")?.id === id.id) continue;
    if (parent.type === "parenthesized_expression" && parent.parent?.type === "sizeof_expression") continue;
    // ARRAY_SIZE(names) (the kernel style's sizeof division) only counts the slots.
    if (parent.type === "argument_list" && parent.parent?.childForFieldName("function")?.text === "ARRAY_SIZE") continue;
    return true;
  }
  return false;
}
