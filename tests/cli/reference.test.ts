import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { cliReference } from "../../src/cli/reference.js";
import { repoRoot } from "../helpers/paths.js";

describe("docs/cli.md", () => {
  it("is the reference the command tree writes (regenerate with npm run docs:cli)", async () => {
    expect(readFileSync(join(repoRoot, "docs", "cli.md"), "utf8")).toBe(cliReference(await buildProgram()));
  });

  it("lists every command with every option it takes, its default, and the exit codes", async () => {
    const program = await buildProgram();
    const text = cliReference(program);
    for (const command of program.commands) {
      expect(text).toContain(`## \`kernelize ${command.name()} [options]`);
      for (const option of command.options) expect(text).toContain(`| \`${option.flags}\` |`);
    }
    expect(text).toContain("| 69 | a part kernelize needs is missing (kernelize doctor) |");
    expect(text).toContain('| `--format <format>` |');
  });
});
