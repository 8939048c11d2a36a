// What a function's frame takes of the kernel stack: its arrays, and a lower bound for one level of a recursion.
import type { Node } from "../core/syntax-tree.js";
import { descendants, namedChildren } from "../core/syntax.js";
import { arrayDeclaratorBytes, bigArrays, onlyDecays } from "./heap-arrays.js";
import { typeLayout } from "./type-sizes.js";
import type { FunctionFacts, ProgramFacts } from "./program.js";

export { FRAME_WARN, RECURSION_RESERVE, THREAD_SIZE } from "./kernel-stack.js";
import { FRAME_WARN, RECURSION_RESERVE, THREAD_SIZE } from "./kernel-stack.js";
import { postOrder } from "./post-order.js";

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
      bytes += declarator.type === "pointer_declarator" ? 8 : Math.max(8, typeLayout(program, d.childForFieldName("type"))?.size ?? 0);
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
      const bytes = arrayDeclaratorBytes(declarator, d, program);
      if (bytes !== undefined) found.push(bytes);
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
    const size = typeLayout(program, p.childForFieldName("type"))?.size ?? 0;
    if (size > 8) bytes += size - 8;
  }
  return bytes;
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

/**
 * The functions whose arrays must leave the stack because a chain of calls through them, from
 * main(), passes what a module can use of it (THREAD_SIZE less RECURSION_RESERVE): each frame may
 * be under FRAME_WARN, and nine of 1,900 bytes called one from another still overrun 16 KiB. The
 * deepest chain is relieved first where it holds the most movable bytes (arrays declared without
 * an initialiser, used only by name and index), until it fits or nothing on it can move.
 * Recursions are left to their guard (a cycle counts once). Only a program whose arrays add up to
 * more than the budget is read.
 */
export function framesOverChainBudget(program: ProgramFacts, callees: (name: string) => Iterable<string>): Set<string> {
  const chosen = new Set<string>();
  const budget = THREAD_SIZE - RECURSION_RESERVE;
  const frames = new Map<string, { bytes: number; movable: number }>();
  let total = 0;
  for (const name of program.functions.names()) {
    const fn = program.functions.get(name);
    if (!fn || !program.source.slice(fn.body.startIndex, fn.body.endIndex).includes("[")) continue;
    const bytes = frameBytes(fn.body, program);
    if (bytes === 0) continue;
    // What stack-arrays-to-kmalloc or the frame limit already moves is no longer on the stack.
    const moved = arraysMovedToHeap(fn, program).reduce((sum, b) => sum + b - 8, 0);
    const failsWithValue = fn.name !== "main" && (fn.returnsPointer || /^(?:bool|_Bool)$/.test(fn.returnType));
    const movable = moved > 0 || failsWithValue ? 0 : bigArrays(fn.body, program).filter((a) => !a.initialised && onlyDecays(fn.body, a.name)).reduce((sum, a) => sum + a.bytes - 8, 0);
    frames.set(name, { bytes: bytes - moved, movable });
    total += bytes - moved;
  }
  if (total <= budget || !program.main) return chosen;
  const frameOf = (name: string) => {
    const f = frames.get(name);
    return 16 + (f ? f.bytes - (chosen.has(name) ? f.movable : 0) : 0);
  };
  for (;;) {
    // The deepest chain from main(): each function's own frame and its deepest callee's.
    const deepest = new Map<string, { bytes: number; next: string | undefined }>();
    // Post-order with a stack of its own (call chains of generated code run tens of thousands
    // deep); a callee still being walked (a recursion) adds nothing.
    postOrder(
      "main",
      (name) => callees(name),
      (name) => {
        if (deepest.has(name) || !program.functions.has(name)) return false;
        deepest.set(name, { bytes: 0, next: undefined });
        return true;
      },
      (name) => {
        let best = 0;
        let next: string | undefined;
        for (const c of callees(name)) {
          const d = deepest.get(c)?.bytes ?? 0;
          if (d > best) [best, next] = [d, c];
        }
        deepest.set(name, { bytes: frameOf(name) + best, next });
      },
    );
    const depth = (name: string) => deepest.get(name)?.bytes ?? 0;
    if (depth("main") <= budget) return chosen;
    let pick: string | undefined;
    const onPath = new Set<string>();
    for (let at: string | undefined = "main"; at && !onPath.has(at); at = deepest.get(at)?.next) {
      onPath.add(at);
      const f = frames.get(at);
      if (f && f.movable > 0 && !chosen.has(at) && (!pick || f.movable > frames.get(pick)!.movable)) pick = at;
    }
    if (!pick) return chosen;
    chosen.add(pick);
  }
}
