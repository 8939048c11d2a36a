// What the kernel style changes beyond layout, shared by the rules that write it.
import type { RuleContext } from "../core/rule.js";
import type { PortTarget } from "../core/target.js";

export function kernelStyle(ctx: RuleContext): boolean {
  return ctx.facts.target.style === "kernel";
}

/** For `appliesTo`: rules that only the kernel style runs. */
export function kernelStyleOnly(target: PortTarget): boolean {
  return target.style === "kernel";
}
