// A program of one file goes through the multi-file path (join, port once, cut back) to the same module as translate() gives it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate, translateProgram } from "../../src/index.js";
import { repoRoot } from "../helpers/paths.js";

const fixturesDir = join(repoRoot, "tests", "fixtures");

describe("translateProgram on one file", () => {
  it("ports every fixture, in both styles, to translate()'s module; only argv[0] differs, the module's name rather than the file's", async () => {
    const differ: string[] = [];
    let compared = 0;
    for (const name of readdirSync(fixturesDir).sort()) {
      const text = readFileSync(join(fixturesDir, name, "user.c"), "utf8");
      for (const style of ["minimal", "kernel"] as const) {
        const single = await translate(text, { name: name.replace(/-/g, "_"), fileName: "user.c", style });
        const program = await translateProgram([{ path: "user.c", text }], { name: name.replace(/-/g, "_"), style });
        expect(program.ok, `${name} ${style}`).toBe(single.ok);
        if (!single.ok) continue;
        compared++;
        if (program.files[0]!.text !== single.module) differ.push(`${name}/${style}`);
      }
    }
    expect(compared).toBeGreaterThan(150);
    expect(differ).toEqual(["options-argv-array/minimal", "options-argv-array/kernel", "options-command-line/minimal", "options-command-line/kernel", "opts-getopt-kept/minimal", "opts-getopt-kept/kernel"]);
  }, 120_000);
});

describe("translateProgram: a variable the port adds and shares", () => {
  it("is declared extern in the file that defines it too, so sparse does not ask whether it should be static", async () => {
    const dir = join(repoRoot, "tests", "fixtures-multi", "shopping-list", "program");
    const files = readdirSync(dir).sort().map((path) => ({ path, text: readFileSync(join(dir, path), "utf8") }));
    const program = await translateProgram(files, { name: "shopping_list", style: "kernel" });
    expect(program.ok).toBe(true);
    if (!program.ok) return;
    const owner = program.files.find((f) => /^int exit_error;$/m.test(f.text))!;
    expect(owner, "a file defines exit_error").toBeDefined();
    const lines = owner.text.split("\n");
    expect(lines.indexOf("extern int exit_error;")).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf("extern int exit_error;")).toBeLessThan(lines.indexOf("int exit_error;"));
  });
});
