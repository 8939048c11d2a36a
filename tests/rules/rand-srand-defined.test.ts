import { describe, expect, it } from "vitest";
import rule from "../../src/rules/rand-srand-defined.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

describe("rand-srand-defined", () => {
  it("defines glibc's generator where the program never seeds it, and keeps the calls", async () => {
    const r = await runRule(rule, "int roll(void)\n{\n\treturn rand() % 6 + 1;\n}\n");
    expect(r.output).toContain("static u32 rand_state[31];\n");
    expect(r.output).toContain("static int rand(void)\n{\n\tif (!rand_seeded)\n\t\trand_seed(1);\n\treturn rand_next();\n}\n");
    expect(r.output).toContain("\treturn rand() % 6 + 1;\n");
    expect(r.output).not.toContain("static void srand(");
  });
  it("keeps a constant seed, and defines srand() with it", async () => {
    const r = await runRule(rule, "void f(void)\n{\n\tsrand(42);\n\tg(random());\n}\n");
    expect(r.output).toContain("static void srand(unsigned int seed)\n{\n\trand_seed(seed);\n}\n");
    expect(r.output).toContain("static long random(void)\n");
    expect(r.output).toContain("\tsrand(42);\n");
  });
  it("does nothing where the seed comes from the clock", async () => {
    const r = await runRule(rule, "void f(void)\n{\n\tsrand(time(NULL) ^ getpid());\n\tg(rand());\n}\n");
    expect(r.output).not.toContain("rand_state");
  });
  it("takes fresh names where the program uses rand_state", async () => {
    const r = await runRule(rule, "int rand_state;\nint f(void)\n{\n\treturn rand();\n}\n");
    expect(r.output).toContain("static u32 rand_state2[31];\n");
  });
  it("ports a whole program with no get_random_u32() and no diagnostics", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tsrand(7);\n\tprintf(\"%d\\n\", rand() % 10);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("get_random");
    expect(r.output).toContain("\tpr_info(\"%d\\n\", rand() % 10);\n");
  });
});
