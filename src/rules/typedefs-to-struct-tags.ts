// `typedef struct {…} point_t;` becomes `struct point_t {…};`, and each point_t the program writes `struct point_t` (kernel style).
import type { Node } from "../core/syntax-tree.js";
import { defineRule } from "../core/rule.js";
import { wordOffsets } from "../core/words.js";
import { kernelStyleOnly } from "./kernel-style.js";

const TAG_PARENTS = new Set(["struct_specifier", "union_specifier", "enum_specifier"]);
const KEYWORDS: Record<string, string> = { struct_specifier: "struct", union_specifier: "union", enum_specifier: "enum" };
/** Where a word of the program is text, not a name: nothing there refers to the type. */
const TEXT_NODES = new Set(["comment", "string_literal", "string_content", "char_literal", "escape_sequence", "system_lib_string"]);

export default defineRule({
  id: "typedefs-to-struct-tags",
  summary: "typedef struct {…} point_t; becomes struct point_t {…};, and every point_t the program writes struct point_t (kernel style)",
  explanation: [
    "The kernel's coding style asks for no new typedefs of structures (checkpatch warns \"do not add new typedefs\"): a reader who sees struct point knows at once that it is a structure, which a bare point_t hides, and passing one by value or copying it is then a visible choice.",
    "So a file-scope typedef of a struct, union or enum becomes the type's tag (its own tag where it has one, else the typedef's name, which lives in the separate namespace of tags), and each place the program names the type, declarations, casts, sizeof and parameters, writes struct point_t instead: the same type, the same layout, another spelling.",
    "A typedef is left as it is where the name is used another way the rewrite cannot follow (inside a macro body, as a tag of another type, or as an ordinary identifier), and typedefs of other types (a function pointer, an integer) are kept: checkpatch accepts the first, and the second has no tag to become.",
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html#typedefs"],
  headers: [],
  safety: "safe",
  appliesTo: kernelStyleOnly,
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const typedef of program.root.namedChildren) {
      if (typedef?.type !== "type_definition") continue;
      const plan = tagFor(typedef);
      if (!plan) continue;
      const { specifier, declarator, keyword, tag } = plan;
      const name = declarator.text;
      const ownTag = specifier.childForFieldName("name") !== null;
      const uses: Node[] = [];
      let movable = true;
      for (const at of wordOffsets(source, name)) {
        if (at === declarator.startIndex) continue;
        const node = program.root.descendantForIndex(at, at + name.length);
        if (!node || TEXT_NODES.has(node.type) || TEXT_NODES.has(node.parent?.type ?? "")) continue;
        const exact = node.startIndex === at && node.endIndex === at + name.length;
        if (exact && namesTheType(node)) uses.push(node);
        // With a tag of its own that is the same word (typedef struct node node;), `struct node` stays.
        else if (!(exact && ownTag && name === tag && node.type === "type_identifier" && node.parent?.type === specifier.type)) movable = false;
        if (!movable) break;
      }
      if (!movable) continue;
      // typedef struct {…} point_t;  →  struct point_t {…};
      ctx.remove({ start: typedef.startIndex, end: specifier.startIndex });
      if (!ownTag) ctx.insert(specifier.startIndex + keyword.length, ` ${tag}`);
      ctx.remove({ start: specifier.endIndex, end: declarator.endIndex });
      for (const use of uses) ctx.replace(use, `${keyword} ${tag}`);
    }
  },
});

/** What a typedef of one struct, union or enum to one plain name becomes: its keyword and tag. */
function tagFor(typedef: Node): { specifier: Node; declarator: Node; keyword: string; tag: string } | undefined {
  const specifier = typedef.childForFieldName("type");
  const declarators = typedef.childrenForFieldName("declarator");
  if (!specifier || declarators.length !== 1) return undefined;
  const declarator = declarators[0]!;
  const keyword = KEYWORDS[specifier.type];
  if (!keyword || declarator.type !== "type_identifier") return undefined;
  // Nothing but `typedef`, the type and the name: no qualifier, attribute or storage class beside them.
  if (typedef.namedChildren.some((c) => c && c.id !== specifier.id && c.id !== declarator.id && c.type !== "comment")) return undefined;
  if (typedef.child(0)?.type !== "typedef") return undefined;
  const tag = specifier.childForFieldName("name")?.text ?? declarator.text;
  return { specifier, declarator, keyword, tag };
}

/** Whether a word names the type: a type name (not a tag), or sizeof(point_t), which the grammar reads as an expression. */
function namesTheType(node: Node): boolean {
  if (node.type === "type_identifier") return !TAG_PARENTS.has(node.parent?.type ?? "");
  const up = node.parent?.type === "parenthesized_expression" ? node.parent.parent : node.parent;
  return node.type === "identifier" && up?.type === "sizeof_expression" && node.parent?.type === "parenthesized_expression";
}
