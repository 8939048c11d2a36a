// RuleTester: runs one rule (or the whole pipeline) on a small program and checks output and diagnostics.
import { expect } from "vitest";
import { loadC } from "../../src/index.js";
import { runPipeline } from "../../src/core/pipeline.js";
import type { Rule } from "../../src/core/rule.js";
import { phases } from "../../src/rules/index.js";

export interface RuleCase {
  code: string;
  /** Expected output; omit with `unchanged: true`. */
  output?: string;
  unchanged?: boolean;
  /** Expected diagnostics, each as `CODE@line:column`. */
  diagnostics?: string[];
  name?: string;
}

/** Runs `rule` alone (no portability refusals, since the other rules are absent). */
export async function runRule(rule: Rule, code: string, options: { name?: string } = {}) {
  return runPipeline(await loadC(), code, [[rule]], { ...options, checkPortability: false });
}

/** Runs the whole pipeline. */
export async function runAll(code: string, options: { name?: string; fileStem?: string; fileBase?: string } = {}) {
  return runPipeline(await loadC(), code, phases, options);
}

export async function checkCase(rule: Rule | "all", c: RuleCase): Promise<void> {
  const options = c.name ? { name: c.name } : {};
  const result = rule === "all" ? await runAll(c.code, options) : await runRule(rule, c.code, options);
  const found = result.diagnostics.map((d) => `${d.code}@${d.range ? `${d.range.line}:${d.range.column}` : "-"}`);
  expect(found).toEqual(c.diagnostics ?? []);
  if (c.unchanged) expect(result.output).toBe(c.code);
  else if (c.output !== undefined) expect(result.output).toBe(c.output);
}
