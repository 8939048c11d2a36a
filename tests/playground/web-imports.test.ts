// The playground's code runs in a browser and reaches kernelize only through the browser-safe core entry.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

const webDir = join(repoRoot, "src", "web");
// vite.config.ts is the build's own configuration, run by Node, not part of the page.
const pageFiles = readdirSync(webDir).filter((f) => f.endsWith(".ts") && f !== "vite.config.ts");

describe("src/web", () => {
  it.each(pageFiles)("%s imports nothing from Node, and of kernelize only src/core/index.ts", (file) => {
    const text = readFileSync(join(webDir, file), "utf8");
    const imports = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);
    expect(imports.filter((i) => i.startsWith("node:") || ["fs", "path", "child_process", "os", "http"].includes(i))).toEqual([]);
    const project = imports.filter((i) => i.startsWith("."));
    const outside = project.filter((i) => !i.startsWith("./") && i !== "../core/index.js" && !/^\.\.\/\.\.\/(examples|tests\/fixtures)\/.*\.c\?raw$/.test(i));
    expect(outside, "kernelize modules other than the core's entry").toEqual([]);
    expect(text, "process is Node's").not.toMatch(/\bprocess\./);
  });

  it("has the page's files", () => {
    expect(pageFiles).toEqual(expect.arrayContaining(["main.ts", "engine.ts", "editors.ts", "changes.ts", "share.ts", "examples.ts", "service-worker.ts"]));
  });
});
