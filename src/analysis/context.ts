// Execution context of each function: may it sleep (process context) or not (atomic context)?
import type { Node } from "../core/syntax-tree.js";
import { declaratorName, functionDeclarator } from "../core/syntax.js";
import type { ProgramFacts } from "./program.js";

export type GfpFlag = "GFP_KERNEL" | "GFP_ATOMIC";

export interface GfpChoice {
  flag: GfpFlag;
  /** Why this flag, in words, for the explanation. */
  reason: string;
}

export interface ExecutionContextModel {
  gfpFor(node: Node): GfpChoice;
}

/**
 * A single-threaded program runs everything from main(), and main() becomes module init, which
 * the kernel calls from the insmod process: process context, where sleeping is allowed. Programs
 * never hold spinlocks or run interrupt handlers, so nothing ported from one starts out atomic.
 */
export function analyzeExecutionContext(_program: ProgramFacts): ExecutionContextModel {
  const names = new Map<number, string | undefined>();
  const enclosing = (node: Node): string | undefined => {
    for (let n: Node | null = node; n; n = n.parent) {
      if (n.type !== "function_definition") continue;
      if (!names.has(n.id)) {
        const fd = functionDeclarator(n);
        names.set(n.id, fd ? declaratorName(fd)?.text : undefined);
      }
      return names.get(n.id);
    }
    return undefined;
  };
  return {
    gfpFor(node) {
      return {
        flag: "GFP_KERNEL",
        // Worded only when an explanation asks: finding the enclosing function walks the tree.
        get reason() {
          const fn = enclosing(node);
          const where = fn === undefined || fn === "main" ? "module init" : `${fn}(), called from module init,`;
          return `${where} runs in process context (the insmod process), where the allocator may sleep to find memory`;
        },
      };
    },
  };
}
