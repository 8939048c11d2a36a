import { describe, expect, it } from "vitest";
import rule from "../../src/rules/long-loops-cond-resched.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("long-loops-cond-resched", () => {
  it("yields at the top of a long loop's body, where continue cannot skip it, and asks the includes rule for linux/sched.h", async () => {
    const code = "#include <linux/module.h>\nint m_init(void)\n{\n\tlong s = 0;\n\tfor (long i = 0; i < 100000000; i++) {\n\t\tif (i % 3)\n\t\t\tcontinue;\n\t\ts += i;\n\t}\n\treturn s == 0;\n}\n";
    expect((await runRule(rule, code, { name: "m" })).headersNeeded).toEqual(["linux/sched.h"]);
    expect((await runRule(rule, "int m_init(void)\n{\n\treturn 0;\n}\n", { name: "m" })).headersNeeded).toEqual([]);
    await checkCase(rule, {
      name: "m",
      code,
      output:
        "#include <linux/module.h>\nint m_init(void)\n{\n\tlong s = 0;\n\tfor (long i = 0; i < 100000000; i++) {\n\t\tcond_resched();\n\t\tif (i % 3)\n\t\t\tcontinue;\n\t\ts += i;\n\t}\n\treturn s == 0;\n}\n",
    });
  });
  it("leaves loops with a small constant trip count, a macro's or an array's, alone", () =>
    checkCase(rule, {
      name: "m",
      code: "#define N 10\nstatic int t[] = { 1, 2, 3 };\nint m_init(void)\n{\n\tint s = 0;\n\tfor (int i = 0; i < N; i++)\n\t\ts += i;\n\tfor (int i = 0; i < sizeof(t) / sizeof(t[0]); i++)\n\t\ts += t[i];\n\treturn s;\n}\n",
      unchanged: true,
    }));
  it("puts the call after the body's declarations, and makes a single statement a block", () =>
    checkCase(rule, {
      name: "m",
      code: "int m_init(void)\n{\n\tstruct n *p = head;\n\twhile (p) {\n\t\tstruct n *next = p->next;\n\t\tp = next;\n\t}\n\tfor (; *s; s++)\n\t\tc++;\n\treturn 0;\n}\n",
      output: "int m_init(void)\n{\n\tstruct n *p = head;\n\twhile (p) {\n\t\tstruct n *next = p->next;\n\t\tcond_resched();\n\t\tp = next;\n\t}\n\tfor (; *s; s++) {\n\t\tcond_resched();\n\t\tc++;\n\t}\n\treturn 0;\n}\n",
    }));
  it("closes nested single-statement loops' new blocks innermost first, each brace at its loop's indentation", () =>
    checkCase(rule, {
      name: "m",
      code: "int m_init(void)\n{\n\tint i, j, t = 0;\n\n\tfor (i = 0; i < n; i++)\n\t\tfor (j = 0; j < n; j++)\n\t\t\tt += i * j;\n\treturn t;\n}\n",
      output:
        "int m_init(void)\n{\n\tint i, j, t = 0;\n\n\tfor (i = 0; i < n; i++) {\n\t\tcond_resched();\n\t\tfor (j = 0; j < n; j++) {\n\t\t\tcond_resched();\n\t\t\tt += i * j;\n\t\t}\n\t}\n\treturn t;\n}\n",
    }));
  it("counts the work of what a loop calls: ten calls of a function with a million-iteration loop", () =>
    checkCase(rule, {
      name: "m",
      code: "static long f(void)\n{\n\tlong s = 0;\n\tfor (int i = 0; i < 1000000; i++)\n\t\ts += i;\n\treturn s;\n}\nint m_init(void)\n{\n\tfor (int k = 0; k < 10; k++)\n\t\tf();\n\treturn 0;\n}\n",
      output: "static long f(void)\n{\n\tlong s = 0;\n\tfor (int i = 0; i < 1000000; i++)\n\t\ts += i;\n\treturn s;\n}\nint m_init(void)\n{\n\tfor (int k = 0; k < 10; k++) {\n\t\tcond_resched();\n\t\tf();\n\t}\n\treturn 0;\n}\n",
    }));
  it("leaves functions init never calls, and code that holds a spinlock", () =>
    checkCase(rule, {
      name: "m",
      code: "static void unused(void)\n{\n\twhile (g())\n\t\th();\n}\nstatic void locked(void)\n{\n\tspin_lock(&l);\n\twhile (g())\n\t\th();\n\tspin_unlock(&l);\n}\nint m_init(void)\n{\n\tlocked();\n\treturn 0;\n}\n",
      unchanged: true,
    }));
  it("ports main()'s hundred-million-iteration loop with its scheduling point", async () => {
    const result = await runAll("#include <stdio.h>\nint main(void)\n{\n\tlong s = 0;\n\tfor (long i = 0; i < 100000000; i++)\n\t\ts += i;\n\tprintf(\"%ld\\n\", s);\n\treturn 0;\n}\n", { name: "loop" });
    expect(result.output).toContain("#include <linux/sched.h>");
    expect(result.output).toContain("for (long i = 0; i < 100000000; i++) {\n\t\tcond_resched();\n\t\ts += i;\n\t}");
  });
});
