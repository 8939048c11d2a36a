import { describe, expect, it } from "vitest";
import rule from "../../src/rules/recursion-stack-guarded.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("recursion-stack-guarded", () => {
  it("checks the stack first in each function of a recursion of unknown depth, after its declarations", async () => {
    const r = await runRule(rule, "static int walk(struct n *p)\n{\n\tint d;\n\n\tif (!p)\n\t\treturn 0;\n\td = walk(p->next);\n\treturn d + 1;\n}\n");
    expect(r.output).toContain("static int walk(struct n *p)\n{\n\tint d;\n\n\tif (stack_exhausted(\"walk\"))\n\t\texit(EXIT_FAILURE);\n\tif (!p)\n");
    expect(r.output).toContain("static bool stack_exhausted(const char *function)\n{\n");
    expect(r.output).toContain("(unsigned long)__builtin_frame_address(0) - (unsigned long)task_stack_page(current);\n");
    expect(r.output).toContain("\tif (left > THREAD_SIZE / 4 + ");
  });
  it("guards every function of a mutual recursion, and comes before a declaration that already recurses", async () => {
    const r = await runRule(rule, "int odd(int n);\nint even(int n)\n{\n\tint o = n ? odd(n - 1) : 1;\n\treturn o;\n}\nint odd(int n)\n{\n\treturn n ? even(n - 1) : 0;\n}\n");
    expect(r.output).toContain("int even(int n)\n{\n\tif (stack_exhausted(\"even\"))\n\t\texit(EXIT_FAILURE);\n\tint o = n ? odd(n - 1) : 1;\n");
    expect(r.output).toContain("int odd(int n)\n{\n\tif (stack_exhausted(\"odd\"))\n\t\texit(EXIT_FAILURE);\n\treturn n ? even(n - 1) : 0;\n");
  });
  it("leaves a recursion whose depth the program's constants fix and the function bounds, first thing, and a program without recursion", () =>
    Promise.all([
      checkCase(rule, { code: "static int sum(int n)\n{\n\treturn n > 0 ? n + sum(n - 1) : 0;\n}\nint main(void)\n{\n\treturn sum(10) != 55;\n}\n", unchanged: true }),
      checkCase(rule, { code: "static int fact(int n)\n{\n\tif (n <= 1)\n\t\treturn 1;\n\treturn n * fact(n - 1);\n}\nint main(void)\n{\n\treturn fact(5) != 120;\n}\n", unchanged: true }),
      checkCase(rule, { code: "static int one(void)\n{\n\treturn 1;\n}\nint main(void)\n{\n\treturn one();\n}\n", unchanged: true }),
    ]));
  it("ports a whole program: a failed check ends it through the error channel, up to init", async () => {
    const r = await runAll(
      '#include <stdio.h>\n\nstatic char g[64];\n\nstatic int fill(int c)\n{\n\tif (c < 0 || c >= 64 || g[c])\n\t\treturn 0;\n\tg[c] = 1;\n\treturn 1 + fill(c + 1) + fill(c - 1);\n}\n\nint main(void)\n{\n\tprintf("%d\\n", fill(3));\n\treturn 0;\n}\n',
      { name: "ff" },
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(["K3013"]);
    expect(r.output).toContain("#include <linux/sched/task_stack.h>\n");
    expect(r.output).toContain('\tif (stack_exhausted("fill")) {\n\t\texit_error = -EINVAL;\n\t\treturn 0;\n\t}\n');
    expect(r.output).toContain("\tif (exit_error)\n\t\treturn exit_error;\n");
  });
  it("guards a recursion whose constants give only the least depth: the count limits what is printed, not the calls", async () => {
    const r = await runRule(rule, "static void walk(struct node *p, int depth, int max)\n{\n\tif (p == NULL)\n\t\treturn;\n\twalk(p->next, depth + 1, max);\n\tif (depth < max)\n\t\tputs(\"x\");\n}\nint main(void)\n{\n\twalk(head, 0, 3);\n\treturn 0;\n}\n");
    expect(r.output).toContain('\tif (stack_exhausted("walk"))\n\t\texit(EXIT_FAILURE);\n\tif (p == NULL)\n');
  });
});
