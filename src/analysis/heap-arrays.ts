// Arrays a function declares that the port can move to the heap: used only by name, and for a variable-length one, declared where one allocation can stand for it.
import type { Node } from "web-tree-sitter";
import { descendants, namedChildren } from "../core/syntax.js";
import type { FunctionFacts } from "./program.js";

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
    if (parent.type === "pointer_expression" && parent.childForFieldName("operator")?.text === "&") return false;
    if (parent.type === "assignment_expression" && parent.childForFieldName("left")?.id === id.id) return false;
    if (parent.type === "init_declarator" || parent.type === "parameter_declaration") return false;
  }
  return declarations === 1;
}

/** A variable-length array the port can allocate once, where it is declared, and free on every way out. */
export interface HeapVariableLengthArray {
  declaration: Node;
  declarator: Node;
  name: string;
  /** The size expression, evaluated once where the array was declared. */
  size: Node;
  elementType: string;
}

/**
 * Whether `declarator` (an array declarator with a run-time size, in `fn`) can move to the heap:
 * declared alone in a statement of the function's own body (not in a loop or an inner block, whose
 * every pass would allocate again), one dimension, no storage class or qualifier, used only by name;
 * and in a function whose failure the exits engine can carry (not one returning a pointer or a bool,
 * whose NULL or false the program may already give another meaning).
 */
export function heapVariableLengthArray(fn: FunctionFacts, declarator: Node): HeapVariableLengthArray | undefined {
  if (fn.returnsPointer || /^(?:bool|_Bool)$/.test(fn.returnType)) return undefined;
  const declaration = declarator.parent;
  if (declaration?.type !== "declaration" || declaration.parent?.id !== fn.body.id) return undefined;
  if (namedChildren(declaration).some((c) => c.type === "storage_class_specifier" || c.type === "type_qualifier")) return undefined;
  if (declaration.childrenForFieldName("declarator").length !== 1) return undefined;
  const name = declarator.childForFieldName("declarator");
  const size = declarator.childForFieldName("size");
  if (name?.type !== "identifier" || !size) return undefined;
  if (!onlyDecays(fn.body, name.text)) return undefined;
  return { declaration, declarator, name: name.text, size, elementType: declaration.childForFieldName("type")!.text };
}
