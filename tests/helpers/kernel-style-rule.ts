// One rule alone in a given style, the layout left out, for the rule tests of the kernel style's rules.
import { DEFAULT_KERNEL } from "../../src/core/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import type { Rule } from "../../src/core/rule.js";
import type { PortTarget } from "../../src/core/target.js";
import { loadC } from "../../src/node-language.js";

export async function runInStyle(rule: Rule, code: string, style: "kernel" | "minimal" = "kernel", target: Partial<PortTarget> = {}) {
  return runPipeline(await loadC(), code, [[rule]], { checkPortability: false, name: "m", target: { style, kernel: DEFAULT_KERNEL, ...target }, format: (c) => c });
}
