// Command-line arguments read the way the program read them, as the module parameters its port made.
import { describe, expect, it } from "vitest";
import { paramsForArguments, planOptions } from "../../src/analysis/options.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC } from "../../src/index.js";

async function planOf(source: string) {
  const language = await loadC();
  const tree = language.parse(source);
  const plan = planOptions(analyzeProgram(tree, source).main!);
  return { plan, done: () => tree.delete() };
}

const getopt = [
  "int main(int argc, char **argv)",
  "{",
  "\tint count = 3;",
  "\tint verbose = 0;",
  "\tbool shout = false;",
  '\tconst char *word = "hi";',
  "\tint c;",
  '\twhile ((c = getopt(argc, argv, "n:vsw:")) != -1) {',
  "\t\tswitch (c) {",
  "\t\tcase 'n': count = atoi(optarg); break;",
  "\t\tcase 'v': verbose++; break;",
  "\t\tcase 's': shout = true; break;",
  "\t\tcase 'w': word = optarg; break;",
  "\t\t}",
  "\t}",
  "\treturn 0;",
  "}",
  "",
].join("\n");

describe("paramsForArguments", () => {
  it("reads options as getopt() does: values joined or apart, flags grouped, counted or set", async () => {
    const { plan, done } = await planOf(getopt);
    try {
      expect(paramsForArguments(plan, ["-n", "5", "-vv", "-sw", "yo"])).toEqual({ params: ["count=5", "verbose=2", "shout=1", "word=yo"], unmapped: [] });
      expect(paramsForArguments(plan, ["-n7"])).toEqual({ params: ["count=7"], unmapped: [] });
      expect(paramsForArguments(plan, ["-q", "extra"]).unmapped).toEqual(["-q", "extra"]);
    } finally {
      done();
    }
  });

  it("reads positional arguments by their place", async () => {
    const { plan, done } = await planOf("int main(int argc, char **argv)\n{\n\tlong limit = 10;\n\tif (argc > 1)\n\t\tlimit = atol(argv[1]);\n\treturn limit > 0 ? 0 : 1;\n}\n");
    try {
      expect(paramsForArguments(plan, ["42"])).toEqual({ params: ["limit=42"], unmapped: [] });
      expect(paramsForArguments(plan, ["42", "43"]).unmapped).toEqual(["43"]);
    } finally {
      done();
    }
  });
});
