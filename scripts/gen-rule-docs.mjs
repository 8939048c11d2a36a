// Writes docs/rules/<rule-id>.md and docs/rules/README.md from each rule's metadata and its example, ported by the current build.
// Run with `npm run docs:rules` after changing a rule; tests/explain/rule-docs.test.ts fails while the docs are stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { rules, translate } from "../dist/index.js";
import { generateRuleDocs } from "../dist/emit/explain/rule-docs.js";

const docsDir = fileURLToPath(new URL("../docs/rules", import.meta.url));
const examplesDir = join(docsDir, "examples");
mkdirSync(docsDir, { recursive: true });

const examples = new Map();
for (const rule of rules) {
  const file = join(examplesDir, `${rule.id}.c`);
  if (existsSync(file)) examples.set(rule.id, readFileSync(file, "utf8"));
  else console.warn(`no example for ${rule.id}: add docs/rules/examples/${rule.id}.c`);
}

const files = await generateRuleDocs(rules, examples, translate);
// A page whose rule is gone goes too, so the folder lists exactly the rules there are.
for (const name of readdirSync(docsDir).filter((f) => f.endsWith(".md") && !files.has(f))) {
  rmSync(join(docsDir, name));
  console.log(`removed ${name}`);
}
let changed = 0;
for (const [name, text] of files) {
  const path = join(docsDir, name);
  if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
  writeFileSync(path, text);
  changed++;
  console.log(`wrote docs/rules/${name}`);
}
console.log(`${files.size} files, ${changed} changed`);
