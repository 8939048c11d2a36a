// What a function's frame takes of the kernel stack: its arrays, and a lower bound for one level of a recursion.
import type { Node } from "../core/syntax-tree.js";
import { descendants, namedChildren } from "../core/syntax.js";
import { bigArrays, onlyDecays } from "./heap-arrays.js";
import { scalarTypeSize } from "./constant-value.js";
import { arrayBytes, arrayCount } from "./portability.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

/** CONFIG_FRAME_WARN on 64-bit: the build warns about any function whose frame is larger. */
export const FRAME_WARN = 2048;
/** THREAD_SIZE on x86-64 (16 KiB): the whole stack a call chain has, interrupts included. */
export const THREAD_SIZE = 16384;

/** Bytes of every array a function's body declares (static ones live elsewhere): an upper bound on what its frame holds in arrays. */
export function frameBytes(body: Node, program: ProgramFacts): number {
  return localArrays(body, program).reduce((sum, bytes) => sum + bytes, 0);
}

/**
 * Whether the build would warn about the function's frame: its arrays, and beside them 8 bytes for
 * each other local (a structure its members' bytes) and 16 for the return address and a saved
 * register. Arrays of exactly FRAME_WARN bytes pass it once one counter sits beside them.
 */
export function frameOverWarning(body: Node, program: ProgramFacts): boolean {
  const arrays = frameBytes(body, program);
  return arrays > 0 && arrays + otherLocalsBytes(body, program) + 16 > FRAME_WARN;
}

/** What the body's locals other than arrays take at least: 8 bytes each (a pointer, a number, padding), a structure its members' bytes. */
function otherLocalsBytes(body: Node, program: ProgramFacts): number {
  let bytes = 0;
  for (const d of descendants(body, "declaration")) {
    if (namedChildren(d).some((c) => c.type === "storage_class_specifier" && /^(static|extern)$/.test(c.text))) continue;
    for (const listed of d.childrenForFieldName("declarator")) {
      const declarator = listed.type === "init_declarator" ? listed.childForFieldName("declarator") : listed;
      if (!declarator || declarator.type === "array_declarator" || declarator.type === "function_declarator") continue;
      bytes += declarator.type === "pointer_declarator" ? 8 : Math.max(8, structBytes(program, d.childForFieldName("type"), 0));
    }
  }
  return bytes;
}

/** The bytes of each array with a known size that the body declares on the stack. */
function localArrays(body: Node, program: ProgramFacts): number[] {
  const found: number[] = [];
  for (const d of descendants(body, "declaration")) {
    if (namedChildren(d).some((c) => c.type === "storage_class_specifier" && /^(static|extern)$/.test(c.text))) continue;
    for (const listed of d.childrenForFieldName("declarator")) {
      const declarator = listed.type === "init_declarator" ? listed.childForFieldName("declarator") : listed;
      if (declarator?.type !== "array_declarator") continue;
      // int m[A][B]: the outer declarator's size times the inner one's bytes.
      let count = 1;
      let inner: Node | null = declarator;
      while (inner?.type === "array_declarator" && inner.childForFieldName("declarator")?.type === "array_declarator") {
        const size = inner.childForFieldName("size");
        count *= (size && arrayCount(size.text, program)) ?? NaN;
        inner = inner.childForFieldName("declarator");
      }
      const bytes = inner ? arrayBytes(inner, d, program) : undefined;
      if (bytes !== undefined && !Number.isNaN(count)) found.push(count * bytes);
    }
  }
  return found;
}

/**
 * The least stack one call of the function takes in the module: the return address and one saved
 * register (16 bytes, whatever the compiler keeps in registers), 8 bytes a parameter (a value the
 * call must keep across the next level's call), and its arrays, whole, except those a rule moves
 * to the heap, which leave a pointer: stack-arrays-to-kmalloc moves them only in a function that
 * returns a pointer or a bool, large-stack-frames-to-heap only where the frame passes FRAME_WARN.
 * A lower bound, so that a recursion refused for its depth overflows the stack for certain.
 */
export function levelBytes(fn: FunctionFacts, program: ProgramFacts): number {
  const moved = arraysMovedToHeap(fn, program);
  const all = localArrays(fn.body, program).reduce((sum, bytes) => sum + bytes, 0);
  return 16 + 8 * fn.parameterNames.length + byValueBytes(fn, program) + all - moved.reduce((sum, bytes) => sum + bytes - 8, 0);
}

/**
 * What the structures a function takes by value add to its frame beyond the 8 bytes a parameter
 * is counted: such an argument is copied onto the stack for each call (`fill(board b, int pos)`
 * with a 324-byte board carries a board a level).
 */
function byValueBytes(fn: FunctionFacts, program: ProgramFacts): number {
  let bytes = 0;
  for (const p of namedChildren(fn.parameters)) {
    if (p.type !== "parameter_declaration" || p.childForFieldName("declarator")?.type !== "identifier") continue;
    const size = structBytes(program, p.childForFieldName("type"), 0);
    if (size > 8) bytes += size - 8;
  }
  return bytes;
}

/**
 * The bytes a struct or union type (written `struct tag`, or a typedef's name) takes at least: the
 * sum of its members' sizes (a union's largest), padding left out, 0 for what cannot be told.
 */
function structBytes(program: ProgramFacts, type: Node | null, depth: number): number {
  if (!type || depth > 8) return 0;
  const body = typeBody(program, type);
  if (!body) return 0;
  const sizes: number[] = [];
  for (const field of namedChildren(body)) {
    if (field.type !== "field_declaration") continue;
    const fieldType = field.childForFieldName("type");
    for (const d of field.childrenForFieldName("declarator")) {
      let count = 1;
      let inner: Node | null = d;
      while (inner?.type === "array_declarator") {
        const size = inner.childForFieldName("size");
        count *= (size && arrayCount(size.text, program)) ?? 0;
        inner = inner.childForFieldName("declarator");
      }
      const one = inner?.type === "pointer_declarator" || inner?.type === "function_declarator" ? 8 : (scalarTypeSize(fieldType?.text ?? "") ?? structBytes(program, fieldType, depth + 1));
      sizes.push(count * one);
    }
  }
  const union = body.parent?.type === "union_specifier";
  return union ? Math.max(0, ...sizes) : sizes.reduce((sum, n) => sum + n, 0);
}

/** The member list of a struct or union type: its own body, its tag's definition, or a typedef's. */
function typeBody(program: ProgramFacts, type: Node): Node | null {
  if (type.type === "struct_specifier" || type.type === "union_specifier") {
    const own = type.childForFieldName("body");
    if (own) return own;
    const tag = type.childForFieldName("name")?.text;
    if (!tag) return null;
    for (const spec of program.root.descendantsOfType(type.type)) {
      if (spec.childForFieldName("name")?.text === tag && spec.childForFieldName("body")) return spec.childForFieldName("body");
    }
    return null;
  }
  if (type.type !== "type_identifier") return null;
  for (const t of namedChildren(program.root).filter((n) => n.type === "type_definition")) {
    if (t.childrenForFieldName("declarator").some((d) => d.type === "type_identifier" && d.text === type.text)) return typeBody(program, t.childForFieldName("type")!);
  }
  return null;
}

/** The bytes of each array one of the two heap rules moves out of the function's frame (the same tests they make). */
function arraysMovedToHeap(fn: FunctionFacts, program: ProgramFacts): number[] {
  const movable = bigArrays(fn.body, program).filter((a) => !a.initialised && onlyDecays(fn.body, a.name));
  if (movable.length === 0) return [];
  const failsWithValue = fn.name !== "main" && (fn.returnsPointer || /^(?:bool|_Bool)$/.test(fn.returnType));
  if (failsWithValue) return movable.map((a) => a.bytes);
  const left = frameBytes(fn.body, program) - movable.reduce((sum, a) => sum + a.bytes, 0);
  return frameOverWarning(fn.body, program) && left <= THREAD_SIZE ? movable.map((a) => a.bytes) : [];
}
