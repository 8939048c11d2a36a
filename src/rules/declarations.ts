// What a name in an expression was declared as: scope lookup and a small C type model for the rules that need types.
import type { Node } from "../core/syntax-tree.js";
import { namedChildren, unparenthesize } from "../core/syntax.js";

/**
 * How a declarator derives the variable's type from the base type, read from the name outward:
 * `char *a[3]` is ["array", "pointer"] (an array of pointers), `char (*p)[3]` is ["pointer", "array"].
 */
export type Derivation = ReadonlyArray<"array" | "pointer">;

export interface DeclaredType {
  /** The base type as written, whitespace collapsed: `unsigned long`, `struct timespec`, `time_t`. */
  base: string;
  derivation: Derivation;
  /** `const` qualifies the base type (so a plain variable of it cannot be written). */
  isConst: boolean;
}

export interface VariableDeclaration extends DeclaredType {
  /** The declaration, parameter_declaration or field_declaration. */
  node: Node;
  /** The identifier (or field_identifier) the declarator names. */
  name: Node;
  isParameter: boolean;
}

/** Where a block's own declarations live: statements of these nodes see the declarations before them. */
const BLOCKS = new Set(["compound_statement", "case_statement", "translation_unit", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"]);

/** The declaration of `name` visible at `at`, innermost scope first; undefined when the file does not declare it. */
export function findDeclaration(name: string, at: Node): VariableDeclaration | undefined {
  for (let child: Node = at, parent = at.parent; parent; child = parent, parent = parent.parent) {
    if (BLOCKS.has(parent.type)) {
      let found: VariableDeclaration | undefined;
      for (const c of namedChildren(parent)) {
        if (c.startIndex >= child.startIndex) break;
        if (c.type === "declaration") found = declaredIn(c, name, false) ?? found;
      }
      if (found) return found;
    } else if (parent.type === "for_statement") {
      const init = parent.childForFieldName("initializer");
      const found = init?.type === "declaration" && init.id !== child.id ? declaredIn(init, name, false) : undefined;
      if (found) return found;
    } else if (parent.type === "function_definition") {
      const parameters = functionParameters(parent);
      for (const p of parameters) {
        const found = p.type === "parameter_declaration" ? declaredIn(p, name, true) : undefined;
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The type of an lvalue-like expression, where the file says it: names, subscripts, fields, dereferences. */
export function typeOfExpression(expression: Node): DeclaredType | undefined {
  const e = unparenthesize(expression);
  switch (e.type) {
    case "identifier": {
      const d = findDeclaration(e.text, e);
      return d && { base: d.base, derivation: d.derivation, isConst: d.isConst };
    }
    case "subscript_expression":
    case "pointer_expression": {
      if (e.type === "pointer_expression" && e.child(0)?.type !== "*") return undefined;
      const inner = typeOfExpression(e.childForFieldName("argument")!);
      if (!inner || inner.derivation.length === 0) return undefined;
      return { ...inner, derivation: inner.derivation.slice(1) };
    }
    case "field_expression": {
      const field = e.childForFieldName("field");
      return field ? fieldType(field.text, e) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether `sizeof(expression)` is the size of an array the expression names (not of a pointer). A
 * structure's last member declared `[]`, `[0]` or `[1]` is not one: it is the old and the new way
 * to say that the structure is allocated longer (`malloc(sizeof(*e) + strlen(w) + 1)`), and its
 * sizeof is nothing (an error for `[]`) or one byte, not the room the string has.
 */
export function isArrayExpression(expression: Node): boolean {
  const e = unparenthesize(expression);
  const field = e.type === "field_expression" ? e.childForFieldName("field") : null;
  if (field && membersOf(e).trailing.has(field.text)) return false;
  return typeOfExpression(expression)?.derivation[0] === "array";
}

/**
 * The type of a struct or union member by its name. The file's own structs are the only ones a
 * single-file program can have; a name declared with different types in different structs is unknown.
 */
function fieldType(name: string, at: Node): DeclaredType | undefined {
  return membersOf(at).types.get(name) ?? undefined;
}

/**
 * What the file's structures and unions declare, read once per tree (a port asks for many members
 * of few structs): each member name's type, null where a name is declared with two; and the names
 * of members that end a structure as an array of no size, 0 or 1.
 */
function membersOf(at: Node): { types: Map<string, DeclaredType | null>; trailing: Set<string> } {
  let root = at;
  while (root.parent) root = root.parent;
  let known = memberFacts.get(root);
  if (known) return known;
  known = { types: new Map(), trailing: new Set() };
  memberFacts.set(root, known);
  // One walk that leaves unread the functions whose text defines no struct or union of its own.
  const definesOne = (f: Node) => /\b(?:struct|union)\b[\w\s]*\{/.test(f.text);
  const fields = namedChildren(root).flatMap((top) => (top.type === "function_definition" && !definesOne(top) ? [] : top.descendantsOfType("field_declaration")));
  for (const field of fields) {
    // The last member, an array of no size, of 0 or of 1: a structure allocated longer than it is declared.
    const siblings = field.parent ? namedChildren(field.parent).filter((m) => m.type === "field_declaration") : [];
    const last = field.parent?.type === "field_declaration_list" && siblings.at(-1)?.id === field.id ? field.childrenForFieldName("declarator").at(-1) : undefined;
    if (last?.type === "array_declarator" && /^(?:0|1)?$/.test(last.childForFieldName("size")?.text.trim() ?? "")) {
      const name = last.childForFieldName("declarator");
      if (name) known.trailing.add(name.text);
    }
    for (const top of field?.childrenForFieldName("declarator") ?? []) {
      let id: Node | null = top;
      while (id && id.type !== "field_identifier" && id.type !== "identifier") id = id.type === "parenthesized_declarator" ? id.namedChild(0) : id.childForFieldName("declarator");
      const d = id ? declaredIn(field!, id.text, false) : undefined;
      if (!d) continue;
      const type: DeclaredType = { base: d.base, derivation: d.derivation, isConst: d.isConst };
      const before = known.types.get(d.name.text);
      known.types.set(d.name.text, before === undefined || (before && before.base === type.base && before.derivation.join() === type.derivation.join()) ? type : null);
    }
  }
  return known;
}

/** membersOf()'s answers, per tree (by its root). */
const memberFacts = new WeakMap<Node, { types: Map<string, DeclaredType | null>; trailing: Set<string> }>();

function functionParameters(definition: Node): readonly Node[] {
  let d = definition.childForFieldName("declarator");
  while (d && d.type !== "function_declarator") d = d.childForFieldName("declarator");
  const list = d?.childForFieldName("parameters");
  return list ? namedChildren(list) : [];
}

/** The declarator of `declaration` that names `name`, with the type it gives. */
function declaredIn(declaration: Node, name: string, isParameter: boolean): VariableDeclaration | undefined {
  const type = declaration.childForFieldName("type");
  if (!type) return undefined;
  const isConst = namedChildren(declaration).some((c) => c.type === "type_qualifier" && c.text === "const");
  for (let i = 0; i < declaration.childCount; i++) {
    if (declaration.fieldNameForChild(i) !== "declarator") continue;
    const top = declaration.child(i)!;
    const chain: Array<"array" | "pointer"> = [];
    let d: Node | null = top.type === "init_declarator" ? top.childForFieldName("declarator") : top;
    let isFunction = false;
    while (d && d.type !== "identifier" && d.type !== "field_identifier") {
      if (d.type === "pointer_declarator") chain.push("pointer");
      else if (d.type === "array_declarator") chain.push("array");
      else if (d.type === "function_declarator") isFunction = true;
      else if (d.type !== "parenthesized_declarator") return undefined;
      d = d.type === "parenthesized_declarator" ? d.namedChild(0) : d.childForFieldName("declarator");
    }
    if (!d || d.text !== name || isFunction) continue;
    // The constructor written next to the name applies first: reverse the outside-in chain.
    const derivation = chain.reverse();
    // An array parameter is a pointer: sizeof on it measures the pointer.
    if (isParameter && derivation[0] === "array") derivation[0] = "pointer";
    return { node: declaration, name: d, base: type.text.replace(/\s+/g, " "), derivation, isConst, isParameter };
  }
  return undefined;
}

/**
 * An integer type written in any of C's spellings, in one canonical spelling: `long int`,
 * `signed long` and `long signed int` are all `long`; `unsigned` is `unsigned int`. Other
 * types (typedef names, structs) come back unchanged.
 */
export function canonicalIntegerType(base: string): string {
  const words = base.trim().split(/\s+/);
  const known = new Set(["signed", "unsigned", "short", "long", "int", "char"]);
  if (!words.every((w) => known.has(w))) return base.trim().replace(/\s+/g, " ");
  const unsigned = words.includes("unsigned");
  const longs = words.filter((w) => w === "long").length;
  let core = words.includes("char") ? "char" : words.includes("short") ? "short" : longs === 2 ? "long long" : longs === 1 ? "long" : "int";
  if (core === "char" && words.includes("signed")) core = "signed char";
  return unsigned ? `unsigned ${core === "signed char" ? "char" : core}` : core;
}
