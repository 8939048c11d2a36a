// Robustness: thousands of damaged programs, each must end in a module or in diagnostics, never a crash or a hang.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Node } from "web-tree-sitter";
import { grammarView } from "../../src/core/parse.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC, translate } from "../../src/index.js";
import { repoRoot, seedDir } from "../helpers/paths.js";

/** A small deterministic generator (mulberry32), so every run tries the same inputs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKEN = /[A-Za-z_]\w*|\d+|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\S/g;

type Mutation = (source: string, rnd: () => number) => string;

const mutations: Record<string, Mutation> = {
  truncate: (s, r) => s.slice(0, Math.floor(r() * s.length)),
  deleteToken: (s, r) => {
    const tokens = [...s.matchAll(TOKEN)];
    const t = tokens[Math.floor(r() * tokens.length)];
    return t ? s.slice(0, t.index) + s.slice(t.index! + t[0].length) : s;
  },
  duplicateToken: (s, r) => {
    const tokens = [...s.matchAll(TOKEN)];
    const t = tokens[Math.floor(r() * tokens.length)];
    return t ? s.slice(0, t.index) + t[0] + " " + s.slice(t.index!) : s;
  },
  swapBytes: (s, r) => {
    const chars = [...s];
    const i = Math.floor(r() * (chars.length - 1));
    [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
    return chars.join("");
  },
  deepNesting: (s, r) => {
    const depth = 50 + Math.floor(r() * 400);
    const inner = `${"{ ".repeat(depth)}x = ${"(".repeat(depth)}1${")".repeat(depth)};${" }".repeat(depth)}`;
    return s.replace(/\{\n/, `{\n\tint x;\n\t${inner}\n`);
  },
  hugeLiteral: (s, r) => {
    const big = r() < 0.5 ? `"${"A".repeat(20_000 + Math.floor(r() * 50_000))}"` : "9".repeat(5_000);
    return s.replace(/"[^"\n]*"|\b\d+\b/, big);
  },
  controlBytes: (s, r) => {
    const at = Math.floor(r() * s.length);
    return s.slice(0, at) + String.fromCharCode(1 + Math.floor(r() * 31)) + s.slice(at);
  },
  unicode: (s, r) => {
    const at = Math.floor(r() * s.length);
    return s.slice(0, at) + ["é", "€", "😀", "\u200b", "\ufeff"][Math.floor(r() * 5)] + s.slice(at);
  },
};

/**
 * The first ERROR or MISSING node in code the module build compiles: text inside a branch the
 * preprocessor removes (`#ifdef _WIN32`) is never compiled, by gcc or Kbuild, and is left as the
 * program had it.
 */
function compiledError(tree: import("web-tree-sitter").Tree, source: string): string | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const facts = analyzeProgram(tree, source);
  const visit = (node: Node): string | undefined => {
    if ((node.isError || node.isMissing) && facts.isCompiled(node.startIndex)) return `line ${node.startPosition.row + 1}: ${node.parent?.text.slice(0, 300) ?? node.text}`;
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) {
      const found = visit(child);
      if (found) return found;
    }
    return undefined;
  };
  return visit(tree.rootNode);
}

/** The line around the first ERROR or MISSING node, to show in a failure. */
function firstError(node: Node): string | undefined {
  if (node.isError || node.isMissing) return `line ${node.startPosition.row + 1}: ${node.parent?.text.slice(0, 300) ?? node.text}`;
  for (const child of node.children) {
    if (child?.hasError || child?.isMissing) return firstError(child);
  }
  return undefined;
}

function corpus(): string[] {
  const fixtures = join(repoRoot, "tests", "fixtures");
  const sources = readdirSync(fixtures).map((d) => readFileSync(join(fixtures, d, "user.c"), "utf8"));
  sources.push(readFileSync(join(seedDir, "user_code.c"), "utf8"));
  return sources;
}

describe("mutated programs", () => {
  it("every one of at least 2,000 ends in a module or in diagnostics, within 2 s", async () => {
    const sources = corpus();
    const language = await loadC();
    const rnd = random(20261127);
    const names = Object.keys(mutations);
    const total = Math.max(2000, sources.length * names.length * 4);
    let outputs = 0;
    let refused = 0;
    let slowest = 0;
    for (let i = 0; i < total; i++) {
      const source = sources[i % sources.length]!;
      const kind = names[Math.floor(i / sources.length) % names.length]!;
      let mutated = mutations[kind]!(source, rnd);
      if (rnd() < 0.3) mutated = mutations[names[Math.floor(rnd() * names.length)]!]!(mutated, rnd);
      const started = performance.now();
      let result;
      try {
        result = await translate(mutated, { name: "fuzz" });
      } catch (e) {
        throw new Error(`input #${i} (${kind}) crashed: ${(e as Error).stack}\n--- input ---\n${mutated.slice(0, 2000)}`);
      }
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      expect(elapsed, `input #${i} (${kind}) took ${elapsed.toFixed(0)} ms`).toBeLessThan(2000);
      if (result.ok) {
        outputs++;
        // Input that parsed cleanly (it was ported) must give output that parses cleanly too.
        const tree = language.parse(result.module!);
        const error = compiledError(tree, result.module!);
        tree.delete();
        expect(error, `input #${i} (${kind}) ported to a module with a syntax error:\n${error}\n--- input ---\n${mutated}`).toBeUndefined();
      } else {
        refused++;
        expect(result.diagnostics.some((d) => d.severity === "error"), `input #${i} (${kind}): refused without an error`).toBe(true);
      }
    }
    expect(outputs + refused).toBe(total);
    // Both outcomes must occur, or the mutations are not exercising anything.
    expect(outputs).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(50);
    console.log(`mutations: ${total} inputs, ${outputs} ported, ${refused} refused, slowest ${slowest.toFixed(0)} ms`);
  }, 600_000);

  it("in the kernel style too: 500 of them end in a module that parses (annotations aside) or in diagnostics", async () => {
    const sources = corpus();
    const language = await loadC();
    const rnd = random(20261128);
    const names = Object.keys(mutations);
    let outputs = 0;
    for (let i = 0; i < 500; i++) {
      const source = sources[i % sources.length]!;
      const kind = names[Math.floor(rnd() * names.length)]!;
      const mutated = mutations[kind]!(source, rnd);
      let result;
      try {
        result = await translate(mutated, { name: "fuzz", style: "kernel" });
      } catch (e) {
        throw new Error(`input #${i} (${kind}) crashed: ${(e as Error).stack}\n--- input ---\n${mutated.slice(0, 2000)}`);
      }
      if (!result.ok) {
        expect(result.diagnostics.some((d) => d.severity === "error"), `input #${i} (${kind}): refused without an error`).toBe(true);
        continue;
      }
      outputs++;
      // An input that itself does not parse (an error kernelize tolerates, in a branch the module
      // build's preprocessor removes) has no clean parse to keep.
      const input = language.parse(grammarView(mutated));
      const inputClean = !input.rootNode.hasError;
      input.delete();
      if (!inputClean) continue;
      // tree-sitter does not know the kernel's section, format and alignment annotations; without them the module must parse.
      const plain = result.module!.replace(/\b__(?:init|exit)\b|\b__printf\(\d+, \d+\)|\b__aligned\((?:[^()"]|"[^"]*")*\)/g, "");
      const tree = language.parse(plain);
      const error = tree.rootNode.hasError ? firstError(tree.rootNode) : undefined;
      tree.delete();
      expect(error, `input #${i} (${kind}) ported to a kernel-style module with a syntax error:\n${error}\n--- output ---\n${result.module}`).toBeUndefined();
    }
    expect(outputs).toBeGreaterThan(50);
  }, 600_000);
});
