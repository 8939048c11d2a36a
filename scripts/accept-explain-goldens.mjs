// Regenerates the explain goldens: tests/fixtures/<case>/explain.md for each ported fixture, and the seed's Markdown and JSON reports.
// Review the resulting `git diff` before committing: goldens change only on purpose.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { translate } from "../dist/index.js";
import { buildExplainReport, renderJson, renderMarkdown } from "../dist/emit/explain/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

// The seed, named as the article names it: user_code.c becomes kernel_code.c.
const seedSource = readFileSync(join(root, "..", "shared", "seed", "user_code.c"), "utf8");
const seed = buildExplainReport(seedSource, await translate(seedSource, { name: "kernel_code", fileName: "user_code.c" }), { userFile: "user_code.c" });
const goldens = join(root, "tests", "explain", "goldens");
mkdirSync(goldens, { recursive: true });
writeFileSync(join(goldens, "seed.explain.md"), renderMarkdown(seed));
writeFileSync(join(goldens, "seed.explain.json"), renderJson(seed));
console.log("seed.explain.md + seed.explain.json");

const fixtures = join(root, "tests", "fixtures");
for (const name of readdirSync(fixtures).sort()) {
  const dir = join(fixtures, name);
  if (!existsSync(join(dir, "user.c"))) continue;
  const source = readFileSync(join(dir, "user.c"), "utf8");
  const result = await translate(source, { name: name.replace(/-/g, "_"), fileName: "user.c" });
  // A refused program has no port to explain: its golden is diagnostics.txt alone.
  if (result.ok) writeFileSync(join(dir, "explain.md"), renderMarkdown(buildExplainReport(source, result, { userFile: "user.c" })));
  else rmSync(join(dir, "explain.md"), { force: true });
  console.log(`${result.ok ? "explain.md" : "refused   "}  ${name}`);
}

// A program of several files: tests/fixtures-multi/<case>/explain.md where the case asks for one
// (an explain.md is there), its files named as `kernelize explain program` names them from the case's directory.
const { readProgramInput } = await import("../dist/cli/program-input.js");
const { programReport } = await import("../dist/cli/explain.js");
const { translateProgram } = await import("../dist/index.js");
const multi = join(root, "tests", "fixtures-multi");
for (const name of readdirSync(multi).sort()) {
  const dir = join(multi, name);
  if (!existsSync(join(dir, "explain.md"))) continue;
  const input = { ...readProgramInput([join(dir, "program")], undefined), display: (path) => `program/${path}` };
  const moduleName = existsSync(join(dir, "module-name")) ? readFileSync(join(dir, "module-name"), "utf8").trim() : name.replace(/-/g, "_");
  const result = await translateProgram(input.files, { name: moduleName, includeDirs: input.includeDirs });
  writeFileSync(join(dir, "explain.md"), renderMarkdown(await programReport(input, result, "program")));
  console.log(`explain.md  fixtures-multi/${name}`);
}
