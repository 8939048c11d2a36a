// The article's port, exactly: ../shared/seed/user_code.c must become ../shared/seed/kernel_code.c.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate, unifiedDiff } from "../src/index.js";
import { seedDir } from "./helpers/paths.js";

const user = readFileSync(join(seedDir, "user_code.c"), "utf8");
const article = readFileSync(join(seedDir, "kernel_code.c"), "utf8");

describe("the seed", () => {
  it("ports to the article's kernel_code.c, except the one newline the article forgot", async () => {
    const result = await translate(user, { name: "kernel_code", fileName: "user_code.c" });
    expect(result.diagnostics).toEqual([]);
    const got = result.module!.split("\n");
    const want = article.split("\n");
    expect(got.length).toBe(want.length);
    const differing = got.flatMap((line, i) => (line === want[i] ? [] : [{ line: i + 1, got: line, want: want[i] }]));
    // The single allowed difference: the article's first message lacks its trailing \n.
    expect(differing).toEqual([
      { line: 56, got: '\tmsg = KERN_ERR "unable to allocate memory\\n";', want: '\tmsg = KERN_ERR "unable to allocate memory";' },
    ]);
  });

  it("writes the article's Makefile, blank lines aside", async () => {
    const result = await translate(user, { name: "kernel_code", fileName: "user_code.c" });
    const nonBlank = (s: string) => s.split("\n").filter((l) => l.trim() !== "");
    expect(nonBlank(result.makefile!)).toEqual(nonBlank(readFileSync(join(seedDir, "Makefile"), "utf8")));
    expect(result.makefile).toMatch(/^\tmake -C /m);
  });

  it("gives the article's four hunk headers under diff -Naup", async () => {
    const result = await translate(user, { name: "kernel_code" });
    const dir = mkdtempSync(join(tmpdir(), "kernelize-seed-"));
    writeFileSync(join(dir, "user_code.c"), user);
    writeFileSync(join(dir, "kernel_code.c"), result.module!);
    const diff = spawnSync("diff", ["-Naup", "user_code.c", "kernel_code.c"], { cwd: dir, encoding: "utf8" });
    expect(diff.status).toBe(1);
    expect(diff.stdout.split("\n").filter((l) => l.startsWith("@@"))).toEqual([
      "@@ -1,9 +1,6 @@",
      "@@ -13,16 +10,16 @@ struct example",
      "@@ -30,17 +27,17 @@ out:",
      "@@ -51,20 +48,39 @@ static char *example_get_message(struct",
    ]);
    // kernelize's own --diff agrees with GNU diff, hunk for hunk.
    const ours = unifiedDiff(user, result.module!, { oldName: "user_code.c", newName: "kernel_code.c" }).split("\n").filter((l) => l.startsWith("@@"));
    expect(ours).toEqual(diff.stdout.split("\n").filter((l) => l.startsWith("@@")));
  });

  it("is a fixed point: porting the module again changes nothing", async () => {
    const first = await translate(user, { name: "kernel_code" });
    const second = await translate(first.module!, { name: "kernel_code" });
    expect(second.diagnostics).toEqual([]);
    expect(second.module).toBe(first.module);
    expect(second.edits).toEqual([]);
  });

  it("records which rule made each change, with ranges in the user's file", async () => {
    const result = await translate(user, { name: "kernel_code" });
    const kmalloc = result.edits.find((e) => e.text === "kmalloc")!;
    expect(kmalloc.ruleId).toBe("malloc-to-kmalloc");
    expect(user.slice(kmalloc.source.start, kmalloc.source.end)).toBe("malloc");
    expect(result.module!.slice(kmalloc.output.start, kmalloc.output.end)).toBe("kmalloc");
    const init = result.edits.find((e) => e.text === "example_init")!;
    expect(user.slice(init.source.start, init.source.end)).toBe("main");
    expect(result.module!.slice(init.output.start, init.output.end)).toBe("example_init");
    expect(result.rulesFired).toEqual([
      "main-to-module-init",
      "module-registration",
      "malloc-to-kmalloc",
      "strdup-to-kstrdup",
      "free-to-kfree",
      "printf-to-pr-info",
      "string-functions-kept",
      "libc-includes-to-kernel-headers",
    ]);
  });
});
