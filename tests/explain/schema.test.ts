// docs/explain-schema.md against real JSON reports: every field the reports have is documented, and every documented field is there.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderJson, type ExplainReport } from "../../src/emit/explain/index.js";
import { repoRoot } from "../helpers/paths.js";
import { programReportOf, reportOf, seedReport } from "./helpers.js";

const doc = readFileSync(join(repoRoot, "docs", "explain-schema.md"), "utf8");

/** Each `### \`Object\`` section's table: field name -> optional? */
function documentedObjects(): Map<string, Map<string, boolean>> {
  const objects = new Map<string, Map<string, boolean>>();
  for (const section of doc.split(/^### /m).slice(1)) {
    const name = section.match(/^`(\w+)`/)?.[1];
    if (!name) continue;
    const fields = new Map<string, boolean>();
    for (const row of section.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)) fields.set(row[1]!, row[2]!.includes("(optional)"));
    objects.set(name, fields);
  }
  return objects;
}

/** The objects of a report, as the JSON has them, by the name the schema gives their type. */
function instances(report: ExplainReport): Map<string, object[]> {
  const json = JSON.parse(renderJson(report)) as ExplainReport;
  const add = (map: Map<string, object[]>, name: string, ...items: Array<object | null | undefined>) =>
    map.set(name, [...(map.get(name) ?? []), ...items.filter((i): i is object => i !== null && i !== undefined)]);
  const map = new Map<string, object[]>();
  add(map, "Report", json);
  add(map, "Files", json.files);
  add(map, "Names", json.names);
  add(map, "Stats", json.stats);
  for (const h of json.hunks) {
    add(map, "Hunk", h);
    add(map, "Span", h.old, h.new);
    add(map, "Range", h.sourceRange, h.outputRange);
    add(map, "DiffLine", ...h.lines);
  }
  for (const e of json.edits) add(map, "Edit", e), add(map, "SourceRange", e.source, e.output);
  add(map, "Rule", ...json.rules);
  add(map, "Topic", ...json.topics);
  for (const d of json.diagnostics) add(map, "Diagnostic", d), add(map, "SourceRange", d.range);
  add(map, "FileDiff", ...(json.program ?? []));
  return map;
}

describe("docs/explain-schema.md", async () => {
  // The seed has no diagnostic; a program that recurses gets one (K3013), with a rule, a range and a note.
  const recursive = await reportOf('#include <stdio.h>\n\nstatic int depth(int n)\n{\n\treturn n == 0 ? 0 : 1 + depth(n - 1);\n}\n\nint main(void)\n{\n\tprintf("%d\\n", depth(3));\n\treturn 0;\n}\n');
  // A program of several files, with a diagnostic in one of them: its files, and the fields its hunks, edits and diagnostics add.
  const program = await programReportOf({
    "depth.h": "int depth(int n);\n",
    "depth.c": '#include "depth.h"\n\nint depth(int n)\n{\n\treturn n == 0 ? 0 : 1 + depth(n - 1);\n}\n',
    "main.c": '#include <stdio.h>\n#include "depth.h"\n\nint main(void)\n{\n\tprintf("%d\\n", depth(3));\n\treturn 0;\n}\n',
  });
  const reports = [await seedReport(), recursive, program];
  const documented = documentedObjects();

  it("documents each kind of object the reports contain", () => {
    const seen = new Set(reports.flatMap((r) => [...instances(r).keys()]));
    expect([...documented.keys()].sort()).toEqual([...seen].sort());
    expect(recursive.diagnostics.length).toBeGreaterThan(0);
  });

  it.each([...documentedObjects().keys()])("%s: the documented fields are the fields", (name) => {
    const fields = documented.get(name)!;
    const objects = reports.flatMap((r) => instances(r).get(name) ?? []);
    expect(objects.length, `no ${name} in the sample reports`).toBeGreaterThan(0);
    for (const object of objects) {
      const keys = Object.keys(object);
      expect(keys.filter((k) => !fields.has(k)), `${name} has undocumented fields`).toEqual([]);
      expect([...fields].filter(([f, optional]) => !optional && !keys.includes(f)).map(([f]) => f), `${name} lacks documented fields`).toEqual([]);
    }
  });

  it("gives an example that is JSON and uses documented fields only", () => {
    const example = JSON.parse(doc.match(/```json\n([\s\S]*?)```/)![1]!) as Record<string, unknown>;
    const top = documented.get("Report")!;
    expect(Object.keys(example).filter((k) => !top.has(k))).toEqual([]);
    expect(example.version).toBe(recursive.version);
  });
});
