// Execution context of each function: may it sleep (process context) or not (atomic context)?
import type { Node } from "web-tree-sitter";
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
export function analyzeExecutionContext(program: ProgramFacts): ExecutionContextModel {
  const enclosing = (node: Node): string | undefined => {
    for (let n: Node | null = node; n; n = n.parent) {
      if (n.type === "function_definition") {
        for (const [name, f] of program.functions) if (f.node.id === n.id) return name;
      }
    }
    return undefined;
  };
  return {
    gfpFor(node) {
      const fn = enclosing(node);
      const where = fn === undefined || fn === "main" ? "module init" : `${fn}(), called from module init,`;
      return {
        flag: "GFP_KERNEL",
        reason: `${where} runs in process context (the insmod process), where the allocator may sleep to find memory`,
      };
    },
  };
}
