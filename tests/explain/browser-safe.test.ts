// The playground builds explain reports in a browser: the report model, renderers and topics may not import Node.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe.each(["src/emit/explain", "src/explain"])("%s", (folder) => {
  it.each(tsFiles(join(repoRoot, folder)).map((f) => relative(repoRoot, f)))("%s imports nothing from Node or the CLI", (file) => {
    const text = readFileSync(join(repoRoot, file), "utf8");
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
    expect(imports.filter((i) => i.startsWith("node:") || ["fs", "path", "child_process", "os", "tty", "picocolors", "playwright-core"].includes(i))).toEqual([]);
    expect(imports.filter((i) => i.includes("/cli/") || i.includes("/verify/") || i.endsWith("node-language.js"))).toEqual([]);
    expect(text, "process is Node's").not.toMatch(/\bprocess\./);
  });
});
