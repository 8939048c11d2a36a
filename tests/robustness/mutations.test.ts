// Robustness: damaged and reshaped programs (bench/mutate.mjs), each must end in a module or in diagnostics, never a crash or a hang.
// The suite runs the first 600 inputs of the sequence that `npm run fuzz` runs 10,000 of.
import { describe, expect, it } from "vitest";
import type { Node } from "../../src/core/syntax-tree.js";
import { grammarView } from "../../src/core/parse.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC, translate } from "../../src/index.js";
import { repoRoot } from "../helpers/paths.js";
// @ts-expect-error plain JavaScript, shared with bench/fuzz.mjs
import { compiledSyntaxError, fuzzSources, mutatedInput, mutationKinds, structuralMutations } from "../../bench/mutate.mjs";

/** The seed of `npm run fuzz`: input #i here is its input #i. */
const SEED = 20261204;
const SAMPLE = 600;

/** The line around the first ERROR or MISSING node, to show in a failure. */
function firstError(node: Node): string | undefined {
  if (node.isError || node.isMissing) return `line ${node.startPosition.row + 1}: ${node.parent?.text.slice(0, 300) ?? node.text}`;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return undefined;
}

describe("mutated programs", () => {
  it(`the first ${SAMPLE} of the fuzz sequence, every kind of mutation among them, end in a module or in diagnostics, each within 2 s`, async () => {
    const sources = fuzzSources(repoRoot);
    const language = await loadC();
    const parse = (text: string) => language.parse(text);
    let outputs = 0;
    let refused = 0;
    let slowest = 0;
    const kinds = new Set<string>();
    // Warm up once: the first port pays for compiling the code, which is no input's time.
    await translate(sources[0]!, { name: "fuzz" });
    for (let i = 0; i < SAMPLE; i++) {
      const input = mutatedInput(sources, i, SEED, parse);
      const kind = input.kinds.join("+");
      for (const k of input.kinds) if (k !== "none") kinds.add(k);
      const started = performance.now();
      let result;
      try {
        result = await translate(input.text, { name: "fuzz" });
      } catch (e) {
        throw new Error(`input #${i} (${kind}) crashed: ${(e as Error).stack}\n--- input (node bench/fuzz.mjs --only ${i} --save DIR writes it) ---\n${input.text.slice(0, 2000)}`);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect(elapsed, `input #${i} (${kind}) took ${elapsed.toFixed(0)} ms`).toBeLessThan(2000);
      if (result.ok) {
        outputs++;
        // Input that parsed cleanly (it was ported) must give output that parses cleanly too.
        const error = compiledSyntaxError(language, analyzeProgram, result.module!, grammarView);
        expect(error, `input #${i} (${kind}) ported to a module with a syntax error:\n${error}\n--- input ---\n${input.text.slice(0, 5000)}`).toBeUndefined();
      } else {
        refused++;
        expect(result.diagnostics.some((d) => d.severity === "error"), `input #${i} (${kind}): refused without an error`).toBe(true);
      }
    }
    expect(outputs + refused).toBe(SAMPLE);
    // Every kind of mutation took part, and both outcomes occur, or the mutations are not exercising anything.
    expect([...kinds].sort()).toEqual([...mutationKinds].sort());
    expect(outputs).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    console.log(`mutations: ${SAMPLE} inputs, ${outputs} ported, ${refused} refused, slowest ${slowest.toFixed(0)} ms`);
  }, 600_000);

  it("the structure-aware mutations keep most programs parsing: they reach the analyses, not only the syntax errors", async () => {
    const sources = fuzzSources(repoRoot);
    const language = await loadC();
    const parse = (text: string) => language.parse(text);
    let structural = 0;
    let clean = 0;
    for (let i = 0; i < 120; i++) {
      const input = mutatedInput(sources, i, SEED, parse);
      if (!input.kinds.every((k: string) => k in structuralMutations)) continue;
      structural++;
      const tree = language.parse(grammarView(input.text.replace(/\r(?!\n)/g, "\n")));
      if (!tree.rootNode.hasError) clean++;
      tree.delete();
    }
    expect(structural).toBeGreaterThan(60);
    expect(clean / structural).toBeGreaterThan(0.6);
  });

  it("input #i is the same on every run: the sample here is the start of npm run fuzz's sequence", async () => {
    const sources = fuzzSources(repoRoot);
    const language = await loadC();
    const parse = (text: string) => language.parse(text);
    for (const i of [0, 7, 599, 9999]) expect(mutatedInput(sources, i, SEED, parse)).toEqual(mutatedInput(sources, i, SEED, parse));
    expect(mutatedInput(sources, 1, SEED, parse).text).not.toBe(mutatedInput(sources, 2, SEED, parse).text);
  });

  it("in the kernel style too: 300 of them end in a module that parses (annotations aside) or in diagnostics", async () => {
    const sources = fuzzSources(repoRoot);
    const language = await loadC();
    const parse = (text: string) => language.parse(text);
    let outputs = 0;
    for (let i = 0; i < 300; i++) {
      // Another stretch of the sequence than the test above.
      const input = mutatedInput(sources, 20_000 + i, SEED, parse);
      const kind = `#${20_000 + i}: ${input.kinds.join("+")}`;
      const mutated = input.text;
      let result;
      try {
        result = await translate(mutated, { name: "fuzz", style: "kernel" });
      } catch (e) {
        throw new Error(`input (${kind}) crashed: ${(e as Error).stack}\n--- input ---\n${mutated.slice(0, 2000)}`);
      }
      if (!result.ok) {
        expect(result.diagnostics.some((d) => d.severity === "error"), `input (${kind}): refused without an error`).toBe(true);
        continue;
      }
      outputs++;
      // An input that itself does not parse (an error kernelize tolerates, in a branch the module
      // build's preprocessor removes) has no clean parse to keep.
      const inputTree = language.parse(grammarView(mutated.replace(/\r(?!\n)/g, "\n")));
      const inputClean = !inputTree.rootNode.hasError;
      inputTree.delete();
      if (!inputClean) continue;
      // tree-sitter does not know the kernel's attribute macros (__init, __printf(1, 2), __maybe_unused, …);
      // grammarView() blanks every one kernelize knows, as the port's own re-parse does.
      const plain = grammarView(result.module!.replace(/\r(?!\n)/g, "\n"));
      const tree = language.parse(plain);
      const error = tree.rootNode.hasError ? firstError(tree.rootNode) : undefined;
      tree.delete();
      expect(error, `input (${kind}) ported to a kernel-style module with a syntax error:\n${error}\n--- output ---\n${result.module}`).toBeUndefined();
    }
    expect(outputs).toBeGreaterThan(50);
  }, 600_000);
});
