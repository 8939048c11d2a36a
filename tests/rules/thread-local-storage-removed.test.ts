import { describe, expect, it } from "vitest";
import rule from "../../src/rules/thread-local-storage-removed.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("thread-local-storage-removed", () => {
  it("removes __thread and _Thread_local at file scope and in a function, with the blank after each, keeping the other storage class and the value", () =>
    checkCase(rule, {
      code: "static __thread int depth = 7;\n_Thread_local static long calls;\nextern __thread int shared;\nint f(void)\n{\n\tstatic _Thread_local int n;\n\n\treturn n + depth + (int)calls;\n}\n",
      output: "static int depth = 7;\nstatic long calls;\nextern int shared;\nint f(void)\n{\n\tstatic int n;\n\n\treturn n + depth + (int)calls;\n}\n",
    }));
  it("leaves the words in comments, strings and longer names alone", () =>
    checkCase(rule, { code: "/* __thread */\nstatic int __thread_count;\nconst char *s = \"_Thread_local\";\n", unchanged: true }));
  it("ports a program with thread-local variables to a module without thread-local storage (the grammar reads _Thread_local too)", async () => {
    const r = await runAll("#include <stdio.h>\nstatic _Thread_local int calls;\nstatic __thread int last;\nstatic void count(int n)\n{\n\tcalls++;\n\tlast = n;\n}\nint main(void)\n{\n\tcount(1);\n\tcount(2);\n\tprintf(\"%d %d\\n\", calls, last);\n\treturn 0;\n}\n");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("static int calls;\nstatic int last;\n");
    expect(r.output).not.toMatch(/__thread|_Thread_local/);
  });
});
