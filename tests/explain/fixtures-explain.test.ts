// Whole-program goldens of the explain report: each ported fixture's explain.md, and what every report must hold.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { buildExplainReport, renderMarkdown } from "../../src/emit/explain/index.js";
import { repoRoot } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures");
const ported = readdirSync(fixturesDir)
  .filter((name) => existsSync(join(fixturesDir, name, "kernel.c")))
  .sort();

describe.each(ported)("fixture %s", (name) => {
  const dir = join(fixturesDir, name);
  const user = readFileSync(join(dir, "user.c"), "utf8");
  const report = async () => buildExplainReport(user, await translate(user, { name: name.replace(/-/g, "_"), fileName: "user.c" }), { userFile: "user.c" });

  it("explains its port as explain.md says (accept changes with npm run goldens:accept)", async () => {
    expect(existsSync(join(dir, "explain.md")), "explain.md is missing: run npm run goldens:accept").toBe(true);
    expect(renderMarkdown(await report())).toBe(readFileSync(join(dir, "explain.md"), "utf8"));
  });

  it("places every edit in a hunk, explains every rule that fired and shows every diagnostic", async () => {
    const r = await report();
    expect(r.edits.filter((e) => e.hunks.length === 0 && (e.text !== "" || e.source.start !== e.source.end))).toEqual([]);
    expect(r.rules.map((x) => x.id)).toEqual(r.rulesFired);
    const md = renderMarkdown(r);
    for (const rule of r.rules) expect(md).toContain(`<a id="rule-${rule.id}"></a>`);
    for (const d of r.diagnostics) expect(md).toContain(`**${d.severity === "warning" ? "Warning" : d.severity === "error" ? "Error" : "Note"} ${d.code}**`);
  });
});
