// A function whose locals would pass the kernel's frame limit gets its large arrays from the heap, with a failure path, whatever it returns.
import type { Node } from "../core/syntax-tree.js";
import { STACK_ARRAY_LIMIT } from "../analysis/portability.js";
import { defineRule } from "../core/rule.js";
import { statementsOf } from "../core/syntax.js";
import { FRAME_WARN, frameBytes, frameOverWarning, framesOverChainBudget, THREAD_SIZE } from "../analysis/stack-frames.js";
import { onlyDecays } from "../analysis/heap-arrays.js";
import { RECURSION_RESERVE } from "../analysis/kernel-stack.js";
import { bigArrays, type HeapDialect, mayDeclareLargeArray, move } from "./stack-arrays-to-kmalloc.js";


export default defineRule({
  id: "large-stack-frames-to-heap",
  summary: `a function whose frame passes ${FRAME_WARN} bytes (its arrays, beside its other locals) gets its arrays over ${STACK_ARRAY_LIMIT} bytes from calloc(), tested and freed on every way out, before its exits are ported; a frame that still cannot fit a kernel stack is refused`,
  explanation: [
    `A user program's stack is 8 MiB and grows on demand; a kernel thread has ${THREAD_SIZE / 1024} KiB, fixed, for every function of its call chain and the interrupts that arrive meanwhile, and the kernel's build warns about any function whose frame passes ${FRAME_WARN} bytes (CONFIG_FRAME_WARN). A larger frame overruns the stack into whatever lies below it: memory corruption, or a guard-page fault, which takes the machine down rather than the program.`,
    "So where a function's frame would pass that (its local arrays, and beside them at least 8 bytes for each other local), each array over 256 bytes declared in its body moves to the heap, whatever the function returns: the declaration becomes a pointer to calloc()'d memory (count and element size checked for overflow, zeroed as a stack array initialised with `= {0}` is; an array that was not initialised holds no values the program may read, so zeroes are as good, and no old kernel data can show through), sizeof on it becomes its size in bytes, and it is freed before every return and before the closing brace. A table of several dimensions moves whole, in one allocation, as a pointer to its rows (`int (*seen)[300]`), so that every subscript stays as the program wrote it.",
    "A failed allocation ends the program as the C library's would have (`if (!buf) exit(EXIT_FAILURE);`), written before the rules that port exits run: they turn it into the function's failure path, so a void helper or main() gets one too, and the failure travels up to init, which frees what it holds and returns -ENOMEM. The later allocation rules then choose kcalloc() or, above 4 MiB, kvcalloc() and kvfree().",
    `Frames under that limit can still add up: a chain of calls (nine functions of 1,900 bytes, each calling the next) overruns the stack as surely as one large frame. So the frames along the deepest chain of calls from main() are added up, and where they leave less than ${RECURSION_RESERVE} bytes of the stack (for the module loader below init and the kernel's own calls at the deepest point), the arrays of the function on that chain with the most to move go to the heap the same way, then the next, until the chain fits.`,
    `A static array would need no failure path, but it would be one buffer shared by every call: wrong for a function that recurses or runs twice at once, so the port does not use one. Arrays it cannot move (initialised with values, or whose address is taken) stay; where they alone still pass ${THREAD_SIZE} bytes the port is refused, since no module with that frame can run.`,
  ].join(" "),
  docs: ["https://docs.kernel.org/process/coding-style.html", "https://docs.kernel.org/core-api/memory-allocation.html", "https://docs.kernel.org/mm/vmalloced-kernel-stacks.html"],
  headers: [],
  safety: "review",
  // Not for a file that already is a module: its arrays are its author's choice.
  appliesTo: (_target, source) => mayDeclareLargeArray(source, 3) && !/\bmodule_init\s*\(/.test(source),
  run(ctx) {
    const { program } = ctx.facts;
    // Frames under the limit each that add up, along a chain of calls, to more than the stack.
    const chained = framesOverChainBudget(program, (name) => ctx.facts.flow.callees(name) ?? []);
    for (const name of program.functions.names()) {
      const fn = program.functions.get(name)!;
      // Only a body with a `[` declares an array.
      if (!program.source.slice(fn.body.startIndex, fn.body.endIndex).includes("[")) continue;
      if (!frameOverWarning(fn.body, program) && !chained.has(name)) continue;
      const frame = frameBytes(fn.body, program);
      const big = bigArrays(fn.body, program);
      const movable = big.filter((a) => !a.initialised && onlyDecays(fn.body, a.name));
      const left = frame - movable.reduce((sum, a) => sum + a.bytes, 0);
      if (left > THREAD_SIZE) {
        ctx.report("K3016", `${name}() keeps ${left} bytes of arrays on the stack, more than the kernel's whole ${THREAD_SIZE}-byte stack`, fn.nameNode, {
          note: "declare the arrays without an initialiser and use them only by name and index, so that the port can allocate them; or allocate them with malloc() and free them yourself",
        });
        continue;
      }
      // A function that fails with NULL or false keeps its arrays for stack-arrays-to-kmalloc, which returns that value.
      if (movable.length === 0 || fn.returnsPointer || /^(?:bool|_Bool)$/.test(fn.returnType)) continue;
      move(ctx, fn.node, fn.body, movable, libcHeap(fn.body));
    }
  },
});

/** The move in the C library's own terms: the rules that port allocations and exits take it from there. */
export function libcHeap(body: Node): HeapDialect {
  const last = statementsOf(body).filter((s) => s.type !== "comment").at(-1);
  return {
    allocation: (a) => `calloc(${a.count}, sizeof(*${a.name}))`,
    release: "free",
    bail: () => ["exit(EXIT_FAILURE);"],
    // After a final return the closing brace is never reached; elsewhere it may be.
    freeAtEnd: last?.type !== "return_statement",
  };
}
