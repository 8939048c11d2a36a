import { describe, expect, it } from "vitest";
import rule from "../../src/rules/exiting-calls-hoisted.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

const EVAL = "static int eval(const char *s)\n{\n\tif (!*s)\n\t\texit(1);\n\treturn *s;\n}\n";

describe("exiting-calls-hoisted", () => {
  it("makes a call that can exit first when it is an argument of another call, keeping its value for the statement", () =>
    checkCase(rule, {
      code: `${EVAL}int main(void)\n{\n\tconst char *s = "a";\n\n\tprintf("%s = %d\\n", s, eval(s));\n\treturn 0;\n}\n`,
      output: `${EVAL}int main(void)\n{\n\tconst char *s = "a";\n\tint eval_result;\n\n\teval_result = eval(s);\n\tprintf("%s = %d\\n", s, eval_result);\n\treturn 0;\n}\n`,
    }));
  it("makes a call that can exit first where its value divides: a failed call's 0 would trap before the check", () =>
    checkCase(rule, {
      code: `${EVAL}static int per(const char *s, int n)\n{\n\treturn n / eval(s) * 2;\n}\nint main(void)\n{\n\tint t = 6;\n\n\tt %= eval("b");\n\treturn per("a", t);\n}\n`,
      output: `${EVAL}static int per(const char *s, int n)\n{\n\tint eval_result;\n\n\teval_result = eval(s);\n\treturn n / eval_result * 2;\n}\nint main(void)\n{\n\tint t = 6;\n\tint eval_value;\n\n\teval_value = eval("b");\n\tt %= eval_value;\n\treturn per("a", t);\n}\n`,
    }));
  it("makes a call that can exit first where its value is read or written through: a failed call's NULL would be, before the check", () =>
    checkCase(rule, {
      code: "static long vals[4];\nstatic long *slot(int k)\n{\n\tif (k > 3)\n\t\texit(1);\n\treturn &vals[k];\n}\nint main(void)\n{\n\t*slot(1) = 42;\n\treturn (int)*slot(1);\n}\n",
      output: "static long vals[4];\nstatic long *slot(int k)\n{\n\tif (k > 3)\n\t\texit(1);\n\treturn &vals[k];\n}\nint main(void)\n{\n\tlong *slot_result;\n\tlong *slot_value;\n\n\tslot_result = slot(1);\n\t*slot_result = 42;\n\tslot_value = slot(1);\n\treturn (int)*slot_value;\n}\n",
    }));
  it("a use of the program's macro that only computes (CELL(t, i)) does not keep a call from being made first; one that calls does", async () => {
    const head = "#define CELL(t, i) ((t)[i])\n#define NEXT(t) next(t)\nstatic long vals[4];\nstatic long *slot(int k)\n{\n\tif (k > 3)\n\t\texit(1);\n\treturn &vals[k];\n}\n";
    await checkCase(rule, {
      code: `${head}int f(int *t)\n{\n\t*slot(1) = CELL(t, 2);\n\treturn 0;\n}\n`,
      output: `${head}int f(int *t)\n{\n\tlong *slot_result;\n\n\tslot_result = slot(1);\n\t*slot_result = CELL(t, 2);\n\treturn 0;\n}\n`,
    });
    await checkCase(rule, { code: `${head}int f(int *t)\n{\n\t*slot(1) = NEXT(t);\n\treturn 0;\n}\n`, unchanged: true });
  });
  it("makes a call that can exit first when it is the argument of a returned call that can exit too", () =>
    checkCase(rule, {
      code: `${EVAL}static int *box(int v)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p)\n\t\texit(2);\n\t*p = v;\n\treturn p;\n}\n\nstatic int *boxed(const char *s)\n{\n\treturn box(eval(s));\n}\n`,
      output: `${EVAL}static int *box(int v)\n{\n\tint *p = malloc(sizeof(*p));\n\n\tif (!p)\n\t\texit(2);\n\t*p = v;\n\treturn p;\n}\n\nstatic int *boxed(const char *s)\n{\n\tint eval_result;\n\n\teval_result = eval(s);\n\treturn box(eval_result);\n}\n`,
    }));
  it("gives a loop's single statement braces, and declares first in a function without declarations", () =>
    checkCase(rule, {
      code: `${EVAL}static void show(const char **v)\n{\n\tfor (; *v; v++)\n\t\tprintf("%d\\n", 1 + eval(*v));\n}\n`,
      output: `${EVAL}static void show(const char **v)\n{\n\tint eval_result;\n\n\tfor (; *v; v++) {\n\t\teval_result = eval(*v);\n\t\tprintf("%d\\n", 1 + eval_result);\n\t}\n}\n`,
    }));
  it("leaves a call whose statement does nothing after it, one inside another, and other side effects", () =>
    checkCase(rule, {
      code: `${EVAL}int main(int argc, char **argv)\n{\n\tint n;\n\n\teval("x");\n\tn = eval("y") + 1;\n\tn = argc > 1 ? eval(argv[1]) : 0;\n\tprintf("%d\\n", eval(eval("a") ? "b" : "c"));\n\tprintf("%d %d\\n", n++, eval("c"));\n\treturn n;\n}\n`,
      unchanged: true,
    }));
  it("makes two such calls of an if's condition first, before the if, and leaves one alone there and one in an else if", () =>
    checkCase(rule, {
      code: `${EVAL}int main(void)\n{\n\tif (eval("a") == eval("b"))\n\t\treturn 1;\n\tif (eval("c") == 99)\n\t\treturn 2;\n\telse if (eval("d") == eval("e"))\n\t\treturn 3;\n\treturn 0;\n}\n`,
      output: `${EVAL}int main(void)\n{\n\tint eval_result;\n\tint eval_value;\n\n\teval_result = eval("a");\n\teval_value = eval("b");\n\tif (eval_result == eval_value)\n\t\treturn 1;\n\tif (eval("c") == 99)\n\t\treturn 2;\n\telse if (eval("d") == eval("e"))\n\t\treturn 3;\n\treturn 0;\n}\n`,
    }));
  it("makes two such calls of one statement first, in the order they are written, each in its own statement", () =>
    checkCase(rule, {
      code: `${EVAL}int main(void)\n{\n\tint n = 1;\n\n\tprintf("%d %d\\n", eval("a"), n + eval("b"));\n\treturn 0;\n}\n`,
      output: `${EVAL}int main(void)\n{\n\tint n = 1;\n\tint eval_result;\n\tint eval_value;\n\n\teval_result = eval("a");\n\teval_value = eval("b");\n\tprintf("%d %d\\n", eval_result, n + eval_value);\n\treturn 0;\n}\n`,
    }));
  it("ports a failing helper printed in a loop: init returns before the line is logged", async () => {
    const r = await runAll(`#include <stdio.h>\n#include <stdlib.h>\n${EVAL}int main(void)\n{\n\tconst char *words[] = { "a", "" };\n\tint i;\n\n\tfor (i = 0; i < 2; i++)\n\t\tprintf("%d\\n", eval(words[i]));\n\treturn 0;\n}\n`);
    expect(r.output).toMatch(/eval_result = eval\(words\[i\]\);\n\t\tif \(exit_error\)\n\t\t\treturn exit_error;\n\t\tpr_info\("%d\\n", eval_result\);/);
  });
  it("two such calls in one expression with no call around them (sum = pop() + pop();) are made one by one, so the second does not run after the first failed", async () => {
    const r = await runAll(`#include <stdio.h>\n#include <stdlib.h>\n\nstatic int stack[4];\nstatic int sp;\n\nstatic int pop(void)\n{\n\tif (sp <= 0) {\n\t\tfprintf(stderr, "stack underflow\\n");\n\t\texit(1);\n\t}\n\treturn stack[--sp];\n}\n\nint main(void)\n{\n\tint sum;\n\n\tsum = pop() + pop();\n\tprintf("sum %d\\n", sum);\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\tpop_result = pop();\n\tif (exit_error)\n\t\treturn exit_error;\n\tpop_value = pop();\n\tif (exit_error)\n\t\treturn exit_error;\n\tsum = pop_result + pop_value;\n");
  });
  it("a body on one line gets its variables on that line, inside its braces", async () => {
    const r = await runAll(`#include <stdio.h>\n#include <stdlib.h>\n\nstatic int stack[4];\nstatic int sp;\n\nstatic int pop(void)\n{\n\tif (sp <= 0)\n\t\texit(1);\n\treturn stack[--sp];\n}\n\nstatic void push(int v) { stack[sp++] = v; }\nstatic void add(void) { push(pop() + pop()); }\n\nint main(void)\n{\n\tpush(1);\n\tadd();\n\treturn 0;\n}\n`, { name: "m" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("static void add(void) { int pop_result; int pop_value; pop_result = pop();");
  });
  it("makes first the whole ?: or && that a call sits in an arm of, inside another call's arguments, so the outer call runs only after the check", async () => {
    const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n\nstatic int parse(const char *s)\n{\n\tif (*s == \'x\')\n\t\texit(2);\n\treturn 1;\n}\n\nint main(int argc, char **argv)\n{\n\t(void)argv;\n\tprintf("value %d\\n", argc > 0 ? parse("x") : 0);\n\tprintf("and %d\\n", argc > 1 && parse("y"));\n\treturn 0;\n}\n', { name: "h" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('\tparse_result = argc > 0 ? parse("x") : 0;\n\tif (exit_error)\n\t\treturn exit_error;\n\tpr_info("value %d\\n", parse_result);\n');
    expect(r.output).toContain('\tparse_value = argc > 1 && parse("y");\n');
    expect(r.output).toContain("\tint parse_value;\n");
  });
});
