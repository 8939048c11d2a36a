// Which loops init runs that may run long: a program whose functions hold no loop is answered from the text, without following a call.
import { describe, expect, it } from "vitest";
import { buildFlowGraphs, type FlowGraphs } from "../../src/analysis/flow/graph.js";
import { longLoops } from "../../src/analysis/long-loops.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { loadC } from "../../src/index.js";

async function ask(source: string) {
  const tree = (await loadC()).parse(source);
  const program = analyzeProgram(tree, source);
  const graphs = buildFlowGraphs(program);
  const asked: string[] = [];
  const counted: FlowGraphs = {
    ...graphs,
    of: (name) => (asked.push(`of ${name}`), graphs.of(name)),
    callees: (name) => (asked.push(`callees ${name}`), graphs.callees(name)),
  };
  const loops = longLoops(program, counted, "main").map((l) => l.text.split("\n")[0]);
  tree.delete();
  return { loops, asked };
}

describe("longLoops", () => {
  it("follows no call where no function holds a loop keyword (one in a comment at file scope is none)", async () => {
    const { loops, asked } = await ask(["/* for (;;) at file scope */", "static int step(int n) { return n + 1; }", "int main(void) { return step(1); }", ""].join("\n"));
    expect(loops).toEqual([]);
    expect(asked).toEqual([]);
  });

  it("still finds the unbounded loop of a function init reaches through a call", async () => {
    const { loops } = await ask(["static int spin(int n) { while (n > 0) n--; return n; }", "int main(int argc, char **argv) { (void)argv; return spin(argc); }", ""].join("\n"));
    expect(loops).toEqual(["while (n > 0) n--;"]);
  });

  it("leaves a loop that runs its body once (do { … } while (0)) to the long loops it calls", async () => {
    const { loops } = await ask(["static int spin(int n) { while (n > 0) n--; return n; }", "int main(int argc, char **argv) { (void)argv; do { if (spin(argc)) return 1; } while (0); return 0; }", ""].join("\n"));
    expect(loops).toEqual(["while (n > 0) n--;"]);
  });
});
