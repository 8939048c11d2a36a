// The flow engine and its clients: the graph of each function, the solver, ownership and the exits of main().
import type { Node } from "../../src/core/syntax-tree.js";
import { describe, expect, it } from "vitest";
import { planFlowExits, planFlowHelpers } from "../../src/analysis/exits.js";
import { buildFlowGraphs } from "../../src/analysis/flow/graph.js";
import { type Lattice, solveFunction } from "../../src/analysis/flow/solve.js";
import { analyzeOwnership, ESCAPED, FREED, HELD, NULL_POINTER, type Ownership, UNSET } from "../../src/analysis/ownership.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { analyzeResources } from "../../src/analysis/resources.js";
import { loadC } from "../../src/index.js";

async function parsed(source: string) {
  const language = await loadC();
  const tree = language.parse(source);
  const program = analyzeProgram(tree, source);
  const graphs = buildFlowGraphs(program);
  return { program, graphs, model: analyzeResources(program), done: () => tree.delete() };
}

/** The calls that may have run before each jump, by the jump's text: the solver with a set lattice. */
async function callsBeforeJumps(source: string, fn = "f") {
  const { graphs, done } = await parsed(source);
  const SETS: Lattice<ReadonlySet<string>> = {
    bottom: new Set(["⊥"]),
    join: (a, b) => (a.has("⊥") ? b : b.has("⊥") ? a : new Set([...a, ...b])),
    equals: (a, b) => a.size === b.size && [...a].every((x) => b.has(x)),
  };
  const atJump = new Map<string, string[]>();
  const end = solveFunction(graphs.of(fn)!, new Set<string>(), SETS, {
    event: (node: Node, s) => (node.type === "call_expression" ? new Set([...s, node.childForFieldName("function")!.text]) : s),
    jump: (j, s) => void atJump.set(j.node.text, [...s].sort()),
  });
  done();
  return { atJump, end: end.has("⊥") ? undefined : [...end].sort() };
}

describe("the flow graph and its solver", () => {
  it("sends nothing past a call that ends the process, and joins the arms of a branch", async () => {
    const r = await callsBeforeJumps("void f(int x)\n{\n\ta();\n\tif (x)\n\t\texit(1);\n\telse\n\t\tb();\n\tc();\n}\n");
    expect(r.atJump.get("exit(1)")).toEqual(["a", "exit"]);
    expect(r.end).toEqual(["a", "b", "c"]);
  });

  it("iterates loops and backward gotos to a fixed point, and sends break and continue where C does", async () => {
    const r = await callsBeforeJumps(
      "void f(int n)\n{\nagain:\n\twhile (n--) {\n\t\tif (n == 3)\n\t\t\tbreak;\n\t\tif (n == 5)\n\t\t\tcontinue;\n\t\tinner();\n\t}\n\tafter();\n\tif (n > 9)\n\t\tgoto again;\n\treturn;\n}\n",
    );
    // The second round through `again` carries after() and inner() to the break.
    expect(r.atJump.get("break;")).toEqual(["after", "inner"]);
    expect(r.atJump.get("return;")).toEqual(["after", "inner"]);
  });

  it("runs the right operand of && and || only where the left one did not decide", async () => {
    const r = await callsBeforeJumps("void f(void)\n{\n\tif (a() || b())\n\t\treturn;\n\tc();\n}\n");
    expect(r.atJump.get("return;")).toEqual(["a", "b"]);
    expect(r.end).toEqual(["a", "b", "c"]);
  });

  it("knows which of the program's functions never return, through other functions too", async () => {
    const { graphs, done } = await parsed(
      "static void die(const char *m) { fprintf(stderr, \"%s\", m); exit(1); }\nstatic void fatal(void) { die(\"x\"); }\nstatic void maybe(int x) { if (x) exit(1); }\nint main(void) { maybe(0); fatal(); return 0; }\n",
    );
    expect(graphs.neverReturns("die")).toBe(true);
    expect(graphs.neverReturns("fatal")).toBe(true);
    expect(graphs.neverReturns("maybe")).toBe(false);
    expect(graphs.neverReturns("main")).toBe(false);
    done();
  });

  it("finds the program functions a flow calls from the text as the built flow does, without building it", async () => {
    // Each hN() is named where the flow has an event for its call; each nN() where it has none
    // (not evaluated, or a part the flow does not model), or where it is not called at all.
    const source = [
      "static int h1(int x) { return x; }",
      ...Array.from({ length: 13 }, (_, i) => `static int h${i + 2}(int x) { return x; }`),
      ...Array.from({ length: 9 }, (_, i) => `static int n${i + 1}(int x) { return x; }`),
      "static int a[4];",
      "int f(int x)",
      "{",
      "\tint y = h1(x), z[4];",
      "\ta[h14(0)] = h2(x);",
      "\tif (h3(x) && sizeof(n2(0)))",
      "\t\ty++;",
      "\telse /* a comment where the else's statement would be */ n3(x);",
      "\tfor (y = h4(0); y < h5(9); y = h6(y))",
      "\t\tx += h7(h8(y));",
      "\tswitch (x) {",
      "\t\tn4(1);",
      "\tcase 1:",
      "\t\th9(x);",
      "\t}",
      "\tz[n5(0)]++;",
      "\tint (*p)(int) = n6;",
      "again:",
      "\tx = x ? h10(x) : (h11(x), 0);",
      "\tif (x > 100)",
      "\t\tgoto again;",
      "\treturn p(x) + h12(n7) + (int)sizeof(n8(1)) + h13(x) + z[0];",
      "}",
      "int main(void) { return f(n9(0)); }",
    ].join("\n");
    const { program, graphs, done } = await parsed(`${source}\n`);
    const fromText = [...graphs.callees("f")!].sort();
    // The same graphs, now that the flow is built, answer from it.
    expect(graphs.of("f")).toBeDefined();
    const fromFlow = [...graphs.callees("f")!].sort();
    expect(fromText).toEqual(Array.from({ length: 14 }, (_, i) => `h${i + 1}`).sort());
    expect(fromFlow).toEqual(fromText);
    expect([...buildFlowGraphs(program).callees("main")!]).toEqual(["f", "n9"]);
    expect(graphs.callees("missing")).toBeUndefined();
    done();
  });
});

/** Ownership at each jump of main(), as `path: bits` lines. */
async function ownershipAtJumps(source: string) {
  const { graphs, model, done } = await parsed(source);
  const facts = analyzeOwnership(graphs.of("main")!, model);
  const show = (s: Ownership) => Object.fromEntries([...s].map(([p, st]) => [p, st.bits]));
  // In the order the solver first reached each jump, which for these programs is source order.
  const jumps = [...facts.atJump.values()].map(show);
  done();
  return { jumps, end: show(facts.atEnd) };
}

describe("ownership", () => {
  it("learns from a failure check that the pointer is NULL on the failing path and held after it", async () => {
    const r = await ownershipAtJumps("int main(void)\n{\n\tchar *p = malloc(4);\n\tif (!p)\n\t\treturn 1;\n\tfree(p);\n\treturn 0;\n}\n");
    expect(r.jumps[0]).toEqual({ p: NULL_POINTER });
    expect(r.jumps[1]).toEqual({ p: FREED });
  });

  it("keeps both possibilities where one condition checks two allocations", async () => {
    const r = await ownershipAtJumps("int main(void)\n{\n\tchar *a = strdup(\"x\");\n\tchar *b = strdup(\"y\");\n\tif (!a || !b)\n\t\treturn 1;\n\treturn 0;\n}\n");
    expect(r.jumps[0]).toEqual({ a: HELD | NULL_POINTER, b: HELD | NULL_POINTER });
    expect(r.jumps[1]).toEqual({ a: HELD, b: HELD });
  });

  it("follows structure members as access paths, and gives up on copies and on memory stored elsewhere", async () => {
    const r = await ownershipAtJumps(
      "struct s { char *buf; };\nint main(void)\n{\n\tstruct s v;\n\tchar *list[2];\n\tv.buf = malloc(8);\n\tchar *q = malloc(2);\n\tchar *alias = q;\n\tchar *kept = malloc(3);\n\tlist[0] = kept;\n\treturn 0;\n}\n",
    );
    const { ...named } = r.jumps[0]!;
    const elsewhere = Object.keys(named).filter((k) => k.startsWith("?"));
    for (const k of elsewhere) delete named[k];
    expect(named).toEqual({ "v.buf": HELD | NULL_POINTER, q: ESCAPED, alias: ESCAPED, kept: ESCAPED });
    // What kept held is held by list[0] too, which no exit can name: memory no run of the analysis loses.
    expect(elsewhere.map((k) => [k.replace(/@\d+$/, ""), r.jumps[0]![k]])).toEqual([["?list[0]", HELD | UNSET]]);
  });

  it("joins a path set in only one branch with what it held before: unset", async () => {
    const r = await ownershipAtJumps("int main(int c)\n{\n\tchar *p;\n\tif (c)\n\t\tp = malloc(1);\n\treturn 0;\n}\n");
    expect(r.jumps[0]).toEqual({ p: HELD | NULL_POINTER | UNSET });
  });
});

describe("the exits of main()", () => {
  it("maps main()'s own status variable by the failures each value reaches", async () => {
    const source = [
      "int main(void)",
      "{",
      "\tint ret = 1;",
      "\tchar *a = malloc(4);",
      "\tif (!a)",
      "\t\tgoto out;",
      "\tret = 2;",
      "\tif (check(a))",
      "\t\tgoto out_free;",
      "\tret = 0;",
      "out_free:",
      "\tfree(a);",
      "out:",
      "\treturn ret;",
      "}",
      "",
    ].join("\n");
    const { program, graphs, model, done } = await parsed(source);
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.statusVariable?.failures.map((f) => `${f.value.text}:${f.errno}`)).toEqual(["1:ENOMEM", "2:EINVAL"]);
    expect(plan.exits.map((e) => [e.outcome, e.release.length, e.isFinal])).toEqual([["status", 0, true]]);
    done();
  });
  it("leaves a status variable the program also prints as it is, deciding at the return", async () => {
    const source = ["int main(int argc, char **argv)", "{", "\tint status = 0;", "", "\tif (argc > 1)", "\t\tstatus = 1;", '\tprintf("status %d\\n", status);', "\treturn status;", "}", ""].join("\n");
    const { program, graphs, model, done } = await parsed(source);
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.statusVariable).toBeUndefined();
    expect(plan.exits.map((e) => [e.outcome, e.value])).toEqual([["either", "(status & 0xff) ? -EINVAL : 0"]]);
    done();
  });

  it("classifies exits at any depth, with what each must release, newest first", async () => {
    const source = [
      "int main(void)",
      "{",
      "\tchar *a = malloc(4);",
      "\tif (!a)",
      "\t\terr(1, \"a\");",
      "\tchar *b = malloc(4);",
      "\tfor (int i = 0; i < 3; i++) {",
      "\t\tswitch (i) {",
      "\t\tcase 2:",
      "\t\t\texit(3);",
      "\t\t}",
      "\t\tif (!b)",
      "\t\t\treturn 0;",
      "\t}",
      "\treturn 0;",
      "}",
      "",
    ].join("\n");
    const { program, graphs, model, done } = await parsed(source);
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.exits.map((e) => `${e.statement.text} ${e.outcome} ${e.errno ?? "-"} [${e.release.map((r) => r.path).join(" ")}]`)).toEqual([
      'err(1, "a"); failure ENOMEM []',
      "exit(3); failure EINVAL [b a]",
      "return 0; success - [a]",
      "return 0; success - [b a]",
    ]);
    done();
  });

  it("tracks the allocations where it cannot tell what an exit holds, rather than guess or refuse", async () => {
    const { program, graphs, model, done } = await parsed(
      "int main(int c)\n{\n\tchar *p = malloc(4);\n\tif (c)\n\t\tfree(p);\n\tif (!c)\n\t\texit(1);\n\tfree(p);\n\treturn 0;\n}\n",
    );
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.tracked).toBe(true);
    done();
  });

  it("tracks memory still held at the final success return where it cannot name it: the end of init is not the end of a process", async () => {
    const { program, graphs, model, done } = await parsed(
      "int main(void)\n{\n\tchar *name = malloc(16);\n\tchar *alias;\n\n\tif (!name)\n\t\treturn 1;\n\talias = name;\n\tputs(alias);\n\treturn 0;\n}\n",
    );
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.tracked).toBe(true);
    done();
  });

  it("tracks when a helper returns with memory held by a file-scope variable (a stack kept in a global), which main() cannot name", async () => {
    const source = (pop: string) =>
      `struct node { int v; struct node *below; };\nstruct node *top;\nvoid push(int v)\n{\n\tstruct node *n = malloc(sizeof(*n));\n\tif (!n)\n\t\texit(1);\n\tn->v = v;\n\tn->below = top;\n\ttop = n;\n}\nint main(void)\n{\n\tpush(1);\n${pop}\treturn 0;\n}\n`;
    const kept = await parsed(source(""));
    expect(planFlowExits(kept.program, kept.program.main!, kept.graphs, kept.model).tracked).toBe(true);
    kept.done();
    // A helper whose allocation stays in its own local and is freed there holds nothing afterwards.
    const local = await parsed("void once(void)\n{\n\tchar *p = malloc(4);\n\tif (!p)\n\t\treturn;\n\tfree(p);\n}\nint main(void)\n{\n\tonce();\n\treturn 0;\n}\n");
    expect(planFlowExits(local.program, local.program.main!, local.graphs, local.model).tracked).toBe(false);
    local.done();
    // Through a field of a file-scope struct, and beside stores to file scope that hold no memory.
    const field = await parsed(
      "struct list { char *first; } list;\nint total;\nvoid add(void)\n{\n\tchar *p = malloc(4);\n\ttotal += 1;\n\tif (!p)\n\t\texit(1);\n\tlist.first = p;\n}\nint main(void)\n{\n\tadd();\n\treturn 0;\n}\n",
    );
    expect(planFlowExits(field.program, field.program.main!, field.graphs, field.model).tracked).toBe(true);
    field.done();
    const counted = await parsed("int total;\nvoid once(void)\n{\n\tchar *p = malloc(4);\n\ttotal = total + 1;\n\tif (!p)\n\t\treturn;\n\tfree(p);\n}\nint main(void)\n{\n\tonce();\n\treturn 0;\n}\n");
    expect(planFlowExits(counted.program, counted.program.main!, counted.graphs, counted.model).tracked).toBe(false);
    counted.done();
  });

  it("never names a variable whose block has ended: what it held is left to the tracker", async () => {
    const { program, graphs, model, done } = await parsed(
      "int main(int c)\n{\n\t{\n\t\tchar *p = malloc(4);\n\t\tif (!p)\n\t\t\treturn 1;\n\t}\n\tif (c)\n\t\treturn 2;\n\treturn 0;\n}\n",
    );
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.exits.map((e) => e.release.map((r) => r.path))).toEqual([[], [], []]);
    expect(plan.tracked).toBe(true);
    done();
  });

  it("moves an exit out of a conditional expression only where the test has no side effects", async () => {
    const { program, graphs, model, done } = await parsed(
      "int main(int c)\n{\n\tint a = c > 0 ? c : (exit(2), 0);\n\tint b = next() ? 1 : (exit(3), 0);\n\treturn a + b - a - b;\n}\n",
    );
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.exits.filter((e) => e.hoist).map((e) => `${e.hoist!.condition.text}:${e.hoist!.whenTrue}:${e.hoist!.keep.text}`)).toEqual(["c > 0:false:c"]);
    expect(plan.problems.map((p) => `${p.code}@${p.node.startPosition.row + 1}`)).toEqual(["K1008@4"]);
    // The status main() computes: any failure becomes -EINVAL.
    expect(plan.exits.filter((e) => e.isFinal).map((e) => `${e.outcome} ${e.value}`)).toEqual(["either ((a + b - a - b) & 0xff) ? -EINVAL : 0"]);
    done();
  });

  it("main()'s computed status, returned or kept in a variable set to computed values, becomes 0 or -EINVAL", async () => {
    const { program, graphs, model, done } = await parsed(
      "int main(void)\n{\n\tint errors = 0, i;\n\n\tfor (i = 0; i < 3; i++)\n\t\terrors += i > 1;\n\tif (errors > 5)\n\t\treturn 2;\n\treturn errors;\n}\n",
    );
    const plan = planFlowExits(program, program.main!, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.exits.map((e) => `${e.outcome} ${e.value ?? e.errno}`)).toEqual(["failure EINVAL", "either (errors & 0xff) ? -EINVAL : 0"]);
    done();
  });

  it("main() ending in a call of a helper that ends the process reaches its end in the module, where the helper returns", async () => {
    const { program, graphs, model, done } = await parsed("static void die(const char *m)\n{\n\tputs(m);\n\texit(1);\n}\nint main(void)\n{\n\tputs(\"checking\");\n\tdie(\"no input\");\n}\n");
    const helpers = planFlowHelpers(program, graphs, model);
    const plan = planFlowExits(program, program.main!, graphs, model, [], helpers);
    expect(plan.problems).toEqual([]);
    expect(plan.endReachable).toBe(true);
    expect(plan.exits.map((e) => e.outcome)).toEqual(["channel"]);
    done();
  });

  it("plans helpers that end the process at any depth, and the calls that must pass their failure on", async () => {
    const { program, graphs, model, done } = await parsed(
      "static int pop(void)\n{\n\tif (depth == 0) {\n\t\texit(1);\n\t} else {\n\t\treturn stack[--depth];\n\t}\n}\nstatic int twice(void)\n{\n\tint a = pop();\n\treturn a + pop();\n}\nint main(void)\n{\n\treturn 0;\n}\n",
    );
    const plan = planFlowHelpers(program, graphs, model);
    expect(plan.problems).toEqual([]);
    expect(plan.channel).toBe("exit_error");
    expect([...plan.helpers.values()].map((h) => `${h.name}:${h.failureReturn}:${h.sites.map((s) => s.kind).join(",")}`).sort()).toEqual(["pop:0:exit", "twice:0:call"]);
    done();
  });
});
