// The playground runs core, analysis, rules and emit in a browser: none of them may import Node.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

const browserSafe = ["core", "analysis", "rules", "emit"];

describe.each(browserSafe)("src/%s", (folder) => {
  it("imports nothing from Node", () => {
    const dir = join(repoRoot, "src", folder);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const text = readFileSync(join(dir, file), "utf8");
      const imports = [...text.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
      const nodeImports = imports.filter((i) => i.startsWith("node:") || ["fs", "path", "child_process", "os"].includes(i));
      expect(nodeImports, file).toEqual([]);
      expect(imports.filter((i) => i.includes("/cli/") || i.includes("/verify/") || i === "../index.js"), file).toEqual([]);
    }
  });
});
