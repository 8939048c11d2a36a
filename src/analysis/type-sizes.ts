// The size and alignment of the program's types as x86-64 lays them out (the kernel's ABI): scalars, pointers, and the structures and unions the file defines.
import type { Node } from "../core/syntax-tree.js";
import { namedChildren } from "../core/syntax.js";
import { arrayCount, scalarTypeSize } from "./constant-value.js";
import type { ProgramFacts } from "./program.js";

export interface TypeLayout {
  size: number;
  align: number;
}

const POINTER: TypeLayout = { size: 8, align: 8 };

/**
 * The layout of a type as written in a declaration (its type node): a scalar is its own size and
 * alignment; a structure puts each member at the next multiple of the member's alignment and rounds
 * its size up to its largest alignment, a union takes its largest member's. Undefined where the
 * file does not tell: a type it does not define, a bit-field, a packed or aligned attribute.
 */
export function typeLayout(program: ProgramFacts, type: Node | null, depth = 0): TypeLayout | undefined {
  if (!type || depth > 8) return undefined;
  if (type.type === "enum_specifier") return { size: 4, align: 4 };
  if (type.type === "primitive_type" || type.type === "sized_type_specifier" || type.type === "type_identifier") {
    const scalar = scalarTypeSize(type.text);
    if (scalar !== undefined) return { size: scalar, align: scalar };
  }
  if (type.type === "type_identifier") {
    // A typedef's name: the type it names (`typedef struct label Label;`, `typedef unsigned long ulong;`), or a pointer.
    const named = typedefOf(program, type.text);
    if (named?.declarator.type === "pointer_declarator") return POINTER;
    return named?.declarator.type === "type_identifier" ? typeLayout(program, named.type, depth + 1) : undefined;
  }
  const body = typeBody(program, type);
  if (!body || /__attribute__|_Alignas|alignas/.test(body.parent?.text ?? "")) return undefined;
  const union = body.parent?.type === "union_specifier";
  let size = 0;
  let align = 1;
  for (const field of namedChildren(body)) {
    if (field.type === "comment") continue;
    if (field.type !== "field_declaration" || namedChildren(field).some((c) => c.type === "bitfield_clause")) return undefined;
    const fieldType = field.childForFieldName("type");
    const declarators = field.childrenForFieldName("declarator");
    // A structure or union without a name is a member all the same (C11's anonymous members).
    const members = declarators.length > 0 ? declarators : [null];
    for (const d of members) {
      let count = 1;
      let inner: Node | null = d;
      while (inner?.type === "array_declarator") {
        const bound = inner.childForFieldName("size");
        // A flexible array member (`char data[];`) takes no room.
        const n = bound ? arrayCount(bound.text, program) : 0;
        if (n === undefined) return undefined;
        count *= n;
        inner = inner.childForFieldName("declarator");
      }
      const one = inner?.type === "pointer_declarator" || inner?.type === "function_declarator" ? POINTER : typeLayout(program, fieldType, depth + 1);
      if (!one) return undefined;
      align = Math.max(align, one.align);
      size = union ? Math.max(size, count * one.size) : roundUp(size, one.align) + count * one.size;
    }
  }
  return { size: roundUp(size, align), align };
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** The member list of a struct or union type: its own body, or its tag's definition. */
function typeBody(program: ProgramFacts, type: Node): Node | null {
  if (type.type !== "struct_specifier" && type.type !== "union_specifier") return null;
  const own = type.childForFieldName("body");
  if (own) return own;
  const tag = type.childForFieldName("name")?.text;
  if (!tag) return null;
  for (const spec of program.root.descendantsOfType(type.type)) {
    if (spec.childForFieldName("name")?.text === tag && spec.childForFieldName("body")) return spec.childForFieldName("body");
  }
  return null;
}

/** The file-scope typedef that defines `name`: its type, and the declarator naming it (a name, or a pointer's). */
function typedefOf(program: ProgramFacts, name: string): { type: Node; declarator: Node } | undefined {
  for (const t of namedChildren(program.root)) {
    if (t.type !== "type_definition") continue;
    for (const d of t.childrenForFieldName("declarator")) {
      let id: Node | null = d;
      while (id?.type === "pointer_declarator") id = id.childForFieldName("declarator");
      const type = t.childForFieldName("type");
      if (id?.type === "type_identifier" && id.text === name && type) return { type, declarator: d };
    }
  }
  return undefined;
}
