import { describe, expect, it } from "vitest";
import rule from "../../src/rules/zero-initialised-statics.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

const PROGRAM = [
  "#include <stdbool.h>",
  "#include <stddef.h>",
  "static int count = 0;",
  "static char *name = NULL;",
  "static bool done = false;",
  "int total = 0;",
  "static int start = 1;",
  "static void tick(void)",
  "{",
  "\tstatic int calls = 0;",
  "\tint local = 0;",
  "",
  "\tcalls += local + start + total + done + (name != NULL);",
  "\tcount += calls;",
  "}",
  "",
].join("\n");

describe("zero-initialised-statics (kernel style)", () => {
  it("drops = 0, = NULL and = false from file-scope and static variables, which start at zero anyway", async () => {
    const r = await runInStyle(rule, PROGRAM);
    expect(r.output).toContain("static int count;\nstatic char *name;\nstatic bool done;\nint total;\n");
    expect(r.output).toContain("\tstatic int calls;\n");
  });

  it("keeps other values and every automatic variable's initialiser", async () => {
    const r = await runInStyle(rule, PROGRAM);
    expect(r.output).toContain("static int start = 1;\n");
    expect(r.output).toContain("\tint local = 0;\n");
  });

  it("does nothing in the minimal style", async () => {
    expect((await runInStyle(rule, PROGRAM, "minimal")).output).toBe(PROGRAM);
  });
});
