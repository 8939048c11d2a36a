// What a function's frame takes of the kernel stack: its arrays, and a lower bound for one level of a recursion.
import type { Node } from "web-tree-sitter";
import { descendants, namedChildren } from "../core/syntax.js";
import { arrayBytes, arrayCount, STACK_ARRAY_LIMIT } from "./portability.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

/** CONFIG_FRAME_WARN on 64-bit: the build warns about any function whose frame is larger. */
export const FRAME_WARN = 2048;
/** THREAD_SIZE on x86-64 (16 KiB): the whole stack a call chain has, interrupts included. */
export const THREAD_SIZE = 16384;

/** Bytes of every array a function's body declares (static ones live elsewhere): an upper bound on what its frame holds in arrays. */
export function frameBytes(body: Node, program: ProgramFacts): number {
  return localArrays(body, program).reduce((sum, bytes) => sum + bytes, 0);
}

/** The bytes of each array with a known size that the body declares on the stack. */
function localArrays(body: Node, program: ProgramFacts): number[] {
  const found: number[] = [];
  for (const d of descendants(body, "declaration")) {
    if (namedChildren(d).some((c) => c.type === "storage_class_specifier" && /^(static|extern)$/.test(c.text))) continue;
    for (let declarator of d.childrenForFieldName("declarator")) {
      if (declarator?.type === "init_declarator") declarator = declarator.childForFieldName("declarator");
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
 * call must keep across the next level's call), and its arrays of at most STACK_ARRAY_LIMIT bytes,
 * which no rule moves (a larger one may move to the heap, and leaves a pointer). A lower bound, so
 * that a recursion refused for its depth overflows the stack for certain.
 */
export function levelBytes(fn: FunctionFacts, program: ProgramFacts): number {
  const arrays = localArrays(fn.body, program).reduce((sum, bytes) => sum + (bytes <= STACK_ARRAY_LIMIT ? bytes : 8), 0);
  return 16 + 8 * fn.parameterNames.length + arrays;
}
