// docs/rules/*.md are generated from the rules and their examples: regenerated here in memory, they must equal what is committed.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules, translate } from "../../src/index.js";
import { exampleOptions, exampleProgram, exampleShowsRule, generateRuleDocs } from "../../src/emit/explain/rule-docs.js";
import { topicById, topics } from "../../src/explain/topics.js";
import { repoRoot } from "../helpers/paths.js";

const docsDir = join(repoRoot, "docs", "rules");
const examplesDir = join(docsDir, "examples");
const exampleOf = (id: string) => readFileSync(join(examplesDir, `${id}.c`), "utf8");

describe("docs/rules", () => {
  it.each(rules.map((r) => r.id))("%s has an example the port runs, and the rule shows in it", async (id) => {
    expect(existsSync(join(examplesDir, `${id}.c`)), `add docs/rules/examples/${id}.c`).toBe(true);
    const result = await translate(exampleProgram(exampleOf(id)), exampleOptions(exampleOf(id)));
    expect(exampleShowsRule(rules.find((r) => r.id === id)!, result)).toBe(true);
  });

  it("are what npm run docs:rules generates from the current rules", async () => {
    const examples = new Map(rules.filter((r) => existsSync(join(examplesDir, `${r.id}.c`))).map((r) => [r.id, exampleOf(r.id)]));
    const files = await generateRuleDocs(rules, examples, translate);
    const committed = readdirSync(docsDir).filter((f) => f.endsWith(".md")).sort();
    expect(committed, "a rule was added or removed: run npm run docs:rules").toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(join(docsDir, name), "utf8"), `docs/rules/${name} is stale: run npm run docs:rules`).toBe(text);
  });

  it("has no example for a rule that does not exist", () => {
    const ids = new Set(rules.map((r) => r.id));
    expect(readdirSync(examplesDir).filter((f) => !ids.has(f.replace(/\.c$/, "")))).toEqual([]);
  });
});

describe("topics", () => {
  it("every topic a rule names exists", () => {
    for (const rule of rules) for (const id of rule.topics ?? []) expect(topicById(id), `${rule.id} names topic ${id}`).toBeDefined();
  });

  it("every topic is brought in by some rule, except the Makefile's, which every port needs, and what a program's objects need", () => {
    const named = new Set(rules.flatMap((r) => r.topics ?? []));
    expect(topics.map((t) => t.id).filter((id) => !named.has(id))).toEqual(["kbuild-makefile", "objects-compile-alone"]);
  });

  it("ids are unique kebab-case, and each topic links documentation", () => {
    expect(new Set(topics.map((t) => t.id)).size).toBe(topics.length);
    for (const t of topics) {
      expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.docs.length, t.id).toBeGreaterThan(0);
      expect(t.docs.every((u) => u.startsWith("https://")), t.id).toBe(true);
    }
  });
});
