// An int function that says failure with a negative value (`return -1;` when malloc() failed, `return 0;` otherwise): a caller's test of it is an allocation's failure.
import { describe, expect, it } from "vitest";
import { planFlowExits } from "../../src/analysis/exits.js";
import { buildFlowGraphs } from "../../src/analysis/flow/graph.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

const HELPERS = `#include <stdlib.h>
static int push(int **slot, int v)
{
	int *n = malloc(sizeof(*n));
	if (!n)
		return -1;
	*n = v;
	*slot = n;
	return 0;
}
static int check(int v)
{
	if (v > 3)
		return -1;
	return 0;
}
static int found(int v)
{
	int *n = malloc(sizeof(*n));
	if (!n)
		return 0;
	free(n);
	return 1;
}
`;

async function errnos(main: string) {
  const language = await loadC();
  const source = `${HELPERS}int main(void)\n{\n\tint *a = NULL;\n${main}\treturn 0;\n}\n`;
  const tree = language.parse(source);
  const program = analyzeProgram(tree, source);
  const model = analyzeResources(program);
  const plan = planFlowExits(program, program.main!, buildFlowGraphs(program), model);
  const out = plan.exits.filter((e) => !e.isFinal).map((e) => e.errno);
  const facts = { push: model.failsNonZero("push"), check: model.failsNonZero("check"), found: model.failsNonZero("found"), pushCause: model.failureCause.get("push") };
  tree.delete();
  return { out, facts };
}

describe("failure values", () => {
  it("reads push() as failing with a negative value only when its allocation failed; found() as failing with 0", async () => {
    const { facts } = await errnos("");
    expect(facts).toEqual({ push: true, check: true, found: false, pushCause: "ENOMEM" });
  });

  it("gives -ENOMEM where main() tests push() as != 0, < 0, == -1 or true, and -EINVAL for a failure that is not an allocation's", async () => {
    const { out } = await errnos(
      "\tif (push(&a, 1) != 0)\n\t\treturn 1;\n\tif (push(&a, 2) < 0)\n\t\treturn 1;\n\tif (push(&a, 3) == -1)\n\t\treturn 1;\n\tif (push(&a, 4))\n\t\treturn 1;\n\tif (check(5) != 0)\n\t\treturn 1;\n\tif (!found(6))\n\t\treturn 1;\n",
    );
    expect(out).toEqual(["ENOMEM", "ENOMEM", "ENOMEM", "ENOMEM", "EINVAL", "ENOMEM"]);
  });
});
