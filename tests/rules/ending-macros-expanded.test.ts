import { describe, expect, it } from "vitest";
import rule from "../../src/rules/ending-macros-expanded.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("ending-macros-expanded", () => {
  it("writes a statement macro that calls exit() out where it is used, on the use's line, the argument stringized, and leaves a note for the #define", async () => {
    const r = await runRule(rule, '#define CHECK(c) do { \\\n\tif (!(c)) { \\\n\t\tfprintf(stderr, "bad: %s\\n", #c); \\\n\t\texit(2); \\\n\t} \\\n} while (0)\n\nint f(int n)\n{\n\tCHECK(n > 0 && s[0] == \'"\');\n\treturn n;\n}\n');
    // The #define's six lines give way to a note and five blank lines: every line keeps its number.
    expect(r.output).toBe('/* CHECK() is written out where it is used. */\n\n\n\n\n\n\nint f(int n)\n{\n\tdo { if (!(n > 0 && s[0] == \'"\')) { fprintf(stderr, "bad: %s\\n", "n > 0 && s[0] == \'\\"\'"); exit(2); } } while (0);\n\treturn n;\n}\n');
  });
  it("writes out a macro only another ending macro uses (PANIC() inside ENSURE()), inside the other's expansion", async () => {
    const r = await runRule(rule, "#define PANIC() abort()\n#define ENSURE(c) do { if (!(c)) PANIC(); } while (0)\nint f(int n)\n{\n\tENSURE(n < 5);\n\treturn n;\n}\n");
    expect(r.output).toBe("/* PANIC() is written out where it is used. */\n/* ENSURE() is written out where it is used. */\nint f(int n)\n{\n\tdo { if (!(n < 5)) abort(); } while (0);\n\treturn n;\n}\n");
  });
  it("writes out a macro that calls a function ending the program through another macro (MK() calling mk(), which uses DIE())", async () => {
    const r = await runRule(rule, '#define DIE(m) do { puts(m); exit(2); } while (0)\n#define MK(v) mk(v)\nstatic int *mk(int x)\n{\n\tint *q = malloc(sizeof(*q));\n\tif (!q)\n\t\tDIE("oom");\n\t*q = x;\n\treturn q;\n}\nint main(void)\n{\n\tint *a = MK(1);\n\treturn *a;\n}\n');
    expect(r.output).toContain("\tint *a = mk(1);\n");
    expect(r.output).toContain('\t\tdo { puts("oom"); exit(2); } while (0);\n');
  });
  it("pastes with ##, puts __VA_ARGS__ in, and drops GNU's comma before an empty one", async () => {
    const r = await runRule(rule, '#define DIE(fmt, ...) errx(1, "x_" #fmt fmt, ##__VA_ARGS__)\n#define FIELD(n) v_##n\nvoid f(void)\n{\n\tDIE("a %d", 3);\n\tDIE("b");\n}\n');
    expect(r.output).toContain('\terrx(1, "x_" "\\"a %d\\"" "a %d", 3);\n\terrx(1, "x_" "\\"b\\"" "b");\n');
    expect(r.output).toContain("#define FIELD(n) v_##n\n");
  });
  it("expands an object-like macro, and an ending macro inside another's body, where the outer is used", async () => {
    const r = await runRule(rule, "#define DIE exit(3)\n#define NEED(c) do { if (!(c)) DIE; } while (0)\nvoid f(int a)\n{\n\tNEED(a);\n\tif (a > 9)\n\t\tDIE;\n}\n");
    expect(r.output).toBe("/* DIE is written out where it is used. */\n/* NEED() is written out where it is used. */\nvoid f(int a)\n{\n\tdo { if (!(a)) exit(3); } while (0);\n\tif (a > 9)\n\t\texit(3);\n}\n");
  });
  it("expands a macro whose body calls a function of the program's that can end it", async () => {
    const r = await runRule(rule, "static void *xmalloc(unsigned long n)\n{\n\tvoid *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\n#define NEW(T) ((T *)xmalloc(sizeof(T)))\nint main(void)\n{\n\tstruct pt *p = NEW(struct pt);\n\n\tfree(p);\n\treturn 0;\n}\n");
    expect(r.output).toContain("\tstruct pt *p = ((struct pt *)xmalloc(sizeof(struct pt)));\n");
    expect(r.output).not.toContain("#define NEW");
    expect(r.output).toContain("/* NEW() is written out where it is used. */\n");
  });
  it("leaves macros that cannot end the program, and unused ones", () =>
    checkCase(rule, { code: '#define LOG(m) fprintf(stderr, "%s\\n", m)\n#define DIE() exit(1)\nvoid f(void)\n{\n\tLOG("x");\n}\n', unchanged: true }));
  it("gives a macro the arguments of the one it is used in: DBG(...) that is LOG(1, __VA_ARGS__)", async () => {
    const r = await runRule(rule, 'static void log_at(int lv, int line, const char *msg)\n{\n\tif (lv > 2)\n\t\texit(1);\n\tputs(msg);\n}\n#define LOG(lv, ...) log_at(lv, __LINE__, __VA_ARGS__)\n#define DBG(...) LOG(1, __VA_ARGS__)\nvoid f(void)\n{\n\tDBG("ready");\n\tLOG(2, "set");\n}\n');
    expect(r.output).toContain('\tlog_at(1, __LINE__, "ready");\n');
  });
  it("expands a macro main() uses whose body returns: main()'s returns are init's, read in code", async () => {
    const r = await runRule(rule, "#define PUT(k) do { if (put(k) != 0) { drop(); return 1; } } while (0)\nstatic int put(int k);\nstatic void drop(void);\nint main(void)\n{\n\tPUT(1);\n\treturn 0;\n}\n");
    expect(r.output).toContain("\tdo { if (put(1) != 0) { drop(); return 1; } } while (0);\n");
    expect(r.output).toContain("/* PUT() is written out where it is used. */\n");
  });
  it("leaves a macro with a return that only other functions use: their returns end nothing", () =>
    checkCase(rule, { code: "#define NEED(c) do { if (!(c)) return -1; } while (0)\nstatic int f(int n)\n{\n\tNEED(n > 0);\n\treturn n;\n}\nint main(void)\n{\n\treturn f(2) < 0;\n}\n", unchanged: true }));
});
