// Arrays a function declares that the port can move to the heap: used only by name, and for a variable-length one, declared where one allocation can stand for it.
import type { Node } from "../core/syntax-tree.js";
import { macroDefinitionLines } from "../core/parse.js";
import { descendants, namedChildren, statementsOf } from "../core/syntax.js";
import { arrayBytes, STACK_ARRAY_LIMIT } from "./portability.js";
import { arrayCount } from "./constant-value.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

/**
 * Whether every use of the array lets it decay to a pointer or asks its size: indexing, passing,
 * arithmetic, sizeof. Its address (&a) or a second declaration of the name stops the move.
 */
export function onlyDecays(body: Node, name: string): boolean {
  let declarations = 0;
  for (const id of descendants(body, "identifier")) {
    if (id.text !== name) continue;
    const parent = id.parent!;
    if (parent.type === "array_declarator") {
      declarations++;
      continue;
    }
    // Given to a macro that takes its sizeof (`NELEMS(buf)`): the macro's sizeof would measure a
    // pointer once the array is one, where the rules rewriting `sizeof buf` cannot see it.
    if (parent.type === "argument_list" && sizeofMacros(body.tree.text).has(parent.parent?.childForFieldName("function")?.text ?? "")) return false;
    if (parent.type === "pointer_expression" && parent.childForFieldName("operator")?.text === "&") return false;
    if (parent.type === "assignment_expression" && parent.childForFieldName("left")?.id === id.id) return false;
    if (parent.type === "init_declarator" || parent.type === "parameter_declaration") return false;
  }
  return declarations === 1;
}

/** The function-like macros a text defines whose bodies take a sizeof (`#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))`), for the last text asked. */
function sizeofMacros(text: string): ReadonlySet<string> {
  if (sizeofMacrosRead?.text !== text) {
    const names = new Set<string>();
    if (text.includes("sizeof")) for (const d of macroDefinitionLines(text)) if (d.functionLike && /\bsizeof\b/.test(d.body)) names.add(d.name);
    sizeofMacrosRead = { text, names };
  }
  return sizeofMacrosRead.names;
}
let sizeofMacrosRead: { text: string; names: ReadonlySet<string> } | undefined;

/**
 * An array declarator with all its dimensions: `a[n][m][4]` is three nested array declarators, the
 * outermost holding the last size. Given any of them, the whole: the outermost declarator, the
 * name, and the declarators and sizes from the first dimension to the last.
 */
export interface ArrayDimensions {
  outer: Node;
  name: Node | null;
  declarators: Node[];
  sizes: Array<Node | null>;
}

/**
 * The bytes an array declarator of constant sizes takes (`int m[16][32]`: 2,048), given any of its
 * levels: the element's bytes times every size; undefined where a size is not a constant.
 */
export function arrayDeclaratorBytes(declarator: Node, declaration: Node, program: ProgramFacts): number | undefined {
  const { declarators, sizes } = arrayDimensions(declarator);
  const counts = sizes.slice(1).map((size) => (size ? arrayCount(size.text, program) : undefined));
  const first = arrayBytes(declarators[0]!, declaration, program);
  if (first === undefined || counts.some((n) => n === undefined)) return undefined;
  return counts.reduce((product: number, n) => product * n!, first);
}

export function arrayDimensions(declarator: Node): ArrayDimensions {
  let outer = declarator;
  while (outer.parent?.type === "array_declarator") outer = outer.parent;
  const declarators: Node[] = [];
  let d: Node | null = outer;
  for (; d?.type === "array_declarator"; d = d.childForFieldName("declarator")) declarators.unshift(d);
  return { outer, name: d?.type === "identifier" ? d : null, declarators, sizes: declarators.map((x) => x.childForFieldName("size")) };
}

/** A variable-length array the port can allocate once, where it is declared, and free on every way out. */
export interface HeapVariableLengthArray {
  declaration: Node;
  /** The outermost array declarator (the whole `a[n][m]`). */
  declarator: Node;
  name: string;
  /** The first dimension's size, evaluated once where the array was declared. */
  size: Node;
  /** The sizes of the dimensions after the first (none for a one-dimensional array). */
  inner: Node[];
  /**
   * How a two- or more-dimensional array moves: `rows` when every size after the first is a
   * constant (a pointer to rows, `int (*a)[4]`, whose subscripts stay as written), `flat` when one
   * of them is known only at run time (a pointer to the elements, each `a[i][j]` written
   * `a[i * m + j]`: a pointer to rows of a run-time length is itself variably modified, which -Wvla
   * rejects). `single` for one dimension.
   */
  shape: "single" | "rows" | "flat";
  elementType: string;
}

/**
 * Whether `declarator` (an array declarator with a run-time size, in `fn`; any of a
 * multi-dimensional array's) can move to the heap: declared alone in a statement of the function's
 * own body (not in a loop or an inner block, whose every pass would allocate again), no storage
 * class or qualifier, used only by name (and, for a flat move, only as whole elements, rows or
 * sizeof's operand); and in a function whose failure the exits engine can carry (not one returning
 * a pointer or a bool, whose NULL or false the program may already give another meaning).
 * `runtime` says which of its declarators has a run-time size.
 */
export function heapVariableLengthArray(fn: FunctionFacts, declarator: Node, runtime: (arrayDeclarator: Node) => boolean): HeapVariableLengthArray | undefined {
  if (fn.returnsPointer || /^(?:bool|_Bool)$/.test(fn.returnType)) return undefined;
  const dims = arrayDimensions(declarator);
  const declaration = dims.outer.parent;
  if (declaration?.type !== "declaration" || declaration.parent?.type !== "compound_statement") return undefined;
  // In an inner block (a loop's body), each pass allocates and the block's ways out free: a goto
  // could leave it for anywhere, and is not followed.
  const block = declaration.parent;
  if (block.id !== fn.body.id && descendants(block, "goto_statement").length > 0) return undefined;
  // One block's arrays are freed at its ways out; a block inside another that moves arrays too
  // would free at the same returns twice over, so the inner one is left.
  for (let b = block.parent; block.id !== fn.body.id && b && b.id !== fn.node.id; b = b.parent) {
    if (b.type === "compound_statement" && statementsOf(b).some((d) => d.type === "declaration" && descendants(d, "array_declarator").some(runtime))) return undefined;
  }
  if (namedChildren(declaration).some((c) => c.type === "storage_class_specifier" || c.type === "type_qualifier")) return undefined;
  if (declaration.childrenForFieldName("declarator").length !== 1 && !splitsIntoOnePerVariable(declaration)) return undefined;
  const name = dims.name;
  const sizes = dims.sizes.filter((x): x is Node => x !== null);
  if (!name || sizes.length !== dims.declarators.length) return undefined;
  if (!onlyDecays(fn.body, name.text)) return undefined;
  const shape = sizes.length === 1 ? "single" : dims.declarators.slice(1).some(runtime) ? "flat" : "rows";
  if (shape === "flat" && !flatUses(fn.body, name.text, sizes.length)) return undefined;
  return { declaration, declarator: dims.outer, name: name.text, size: sizes[0]!, inner: sizes.slice(1), shape, elementType: declaration.childForFieldName("type")!.text };
}

/**
 * The array declarators whose `[` lies in `[start, end)` of the program's text (a function's
 * range), in order: found from the brackets in the text, so that only the paths to them are read
 * of the tree, and told from subscripts by the tree.
 */
export function* arrayDeclaratorsIn(program: ProgramFacts, start: number, end: number): Generator<Node> {
  for (let at = program.source.indexOf("[", start); at >= 0 && at < end; at = program.source.indexOf("[", at + 1)) {
    const open = program.root.descendantForIndex(at, at + 1);
    if (open.type === "[" && open.parent?.type === "array_declarator") yield open.parent;
  }
}

/**
 * Whether a declaration of several variables among a block's statements can be written as one
 * declaration per variable (variable-length-array-declarations-split does so before the arrays
 * move): not a typedef, not one whose type is defined in it (`struct { … } a[n], b[n];` written
 * twice would be two types), and no comment between its parts.
 */
export function splitsIntoOnePerVariable(declaration: Node): boolean {
  if (declaration.type !== "declaration" || declaration.parent?.type !== "compound_statement") return false;
  const declarators = declaration.childrenForFieldName("declarator");
  const type = declaration.childForFieldName("type");
  if (declarators.length < 2 || !type || type.childForFieldName("body")) return false;
  if (namedChildren(declaration).some((c) => c.type === "comment" || (c.type === "storage_class_specifier" && c.text === "typedef"))) return false;
  return true;
}

/** A use of a multi-dimensional array: the subscripts applied to it, outermost last, and the node they make. */
export interface ArrayUse {
  /** The identifier itself, or the subscript expression of the last index applied. */
  node: Node;
  indices: Node[];
  /** The sizeof expression whose operand the use is, if it is one. */
  sizeOf: Node | undefined;
}

/** Every use of the array named `name` in `body` (its declaration aside), with the indices (at most `dimensions`) applied to each. */
export function arrayUses(body: Node, name: string, dimensions: number): ArrayUse[] {
  const uses: ArrayUse[] = [];
  for (const id of descendants(body, "identifier")) {
    if (id.text !== name || id.parent?.type === "array_declarator") continue;
    let node = id;
    const indices: Node[] = [];
    while (indices.length < dimensions && node.parent?.type === "subscript_expression" && node.parent.childForFieldName("argument")?.id === node.id) {
      node = node.parent;
      indices.push(node.childForFieldName("index")!);
    }
    let outside = node.parent;
    while (outside?.type === "parenthesized_expression") outside = outside.parent;
    uses.push({ node, indices, sizeOf: outside?.type === "sizeof_expression" ? outside : undefined });
  }
  return uses;
}

/**
 * Whether a flat move can write every use: whole elements anywhere, rows (all indices but the last)
 * as pointers or sizeof's operand, anything shorter only as sizeof's operand or, the whole array, as
 * the bytes memset() and its kind take; no index that names the array itself (its rewriting would nest).
 */
function flatUses(body: Node, name: string, dimensions: number): boolean {
  return arrayUses(body, name, dimensions).every((use) => {
    if (use.indices.some((i) => i.text.includes(name) && descendants(i, "identifier").some((x) => x.text === name))) return false;
    return use.indices.length === dimensions || use.sizeOf !== undefined || (use.indices.length === dimensions - 1 && use.indices.length > 0) || (use.indices.length === 0 && toBytes(use.node));
  });
}

/** The C library's functions that see their array arguments as bytes (`void *`), whatever the array's shape. */
const BYTE_FUNCTIONS = new Set(["memset", "memcpy", "memmove", "memcmp"]);

/** Whether the whole array is an argument of a function that takes it as bytes: its layout does not matter there. */
function toBytes(use: Node): boolean {
  let arg = use;
  while (arg.parent?.type === "parenthesized_expression") arg = arg.parent;
  const call = arg.parent?.type === "argument_list" ? arg.parent.parent : null;
  const callee = call?.type === "call_expression" ? call.childForFieldName("function") : null;
  return callee?.type === "identifier" && BYTE_FUNCTIONS.has(callee.text);
}

export interface BigArray {
  declaration: Node;
  declarator: Node;
  name: string;
  count: string;
  elementType: string;
  zeroed: boolean;
  /** Initialised with something other than zeros: it cannot move (the values would need copying in). */
  initialised: boolean;
  bytes: number;
  /** A declaration that holds the count in a variable, written before the pointer (a run-time size that sizeof must see as it was). */
  countDeclaration?: string;
  /**
   * The pointer's declarator when it is not `*name`: `(*name)[4]` for an array of rows, whose
   * count is of rows and whose element (*name) is a row, never a char.
   */
  pointerDeclarator?: string;
}

/** Arrays declared directly in the function's body, over the limit, one declarator each. */
export function bigArrays(body: Node, program: ProgramFacts): BigArray[] {
  const found: BigArray[] = [];
  for (const d of statementsOf(body)) {
    if (d.type !== "declaration" || namedChildren(d).some((c) => c.type === "storage_class_specifier" || c.type === "type_qualifier")) continue;
    const declarators = d.childrenForFieldName("declarator").filter((x): x is Node => x !== null);
    if (declarators.length !== 1) continue;
    const init = declarators[0]!.type === "init_declarator" ? declarators[0]! : undefined;
    const declarator = init ? init.childForFieldName("declarator")! : declarators[0]!;
    if (declarator.type !== "array_declarator") continue;
    // `int seen[300][300]`: the count is of rows, each the product of the later sizes.
    const { name, sizes, declarators: levels } = arrayDimensions(declarator);
    if (!name) continue;
    const counts = sizes.map((size) => (size ? arrayCount(size.text, program) : undefined));
    if (!counts.every((n): n is number => n !== undefined)) continue;
    const rows = sizes.slice(1).map((size) => size!.text);
    const bytes = arrayDeclaratorBytes(declarator, d, program);
    if (bytes === undefined || bytes <= STACK_ARRAY_LIMIT) continue;
    const value = init?.childForFieldName("value") ?? undefined;
    const zeroed = value !== undefined && /^(?:\{\s*0?\s*\}|"")$/.test(value.text);
    const array: BigArray = { declaration: d, declarator, name: name.text, count: sizes[0]!.text, elementType: d.childForFieldName("type")!.text, zeroed, initialised: value !== undefined && !zeroed, bytes };
    if (rows.length > 0) array.pointerDeclarator = `(*${name.text})${rows.map((size) => `[${size}]`).join("")}`;
    found.push(array);
  }
  return found;
}
