import { describe, expect, it } from "vitest";
import { definingMacroCalls, grammarView } from "../../src/core/parse.js";
import { runAll } from "../helpers/rule-tester.js";

const codes = async (code: string) => (await runAll(code, { name: "g" })).diagnostics.map((d) => `${d.code}@${d.range?.line}`);

describe("what gcc accepts and the grammar does not", () => {
  it("keeps every offset: the view has the input's length and lines", () => {
    const text = "struct S {\n\tunsigned a : 5, : 11, b : 6;\n\tunsigned : 0;\n};\ndouble _Complex z;\n";
    const view = grammarView(text);
    expect(view).toHaveLength(text.length);
    expect(view.split("\n").map((l) => l.length)).toEqual(text.split("\n").map((l) => l.length));
    expect(view).toBe("struct S {\n\tunsigned a : 5      , b : 6;\n\t             \n};\ndouble          z;\n");
  });
  it("reads a program's macros for storage classes, qualifiers or nothing as the keyword where it fits, else blank", () => {
    const text = "#define PRIVATE static\n#define __IO volatile\n#define EXPORT\nPRIVATE int f(void);\ntypedef struct { __IO unsigned CR; } regs;\nEXPORT int g(void);\n";
    expect(grammarView(text)).toBe("#define PRIVATE static\n#define __IO volatile\n#define EXPORT\nstatic  int f(void);\ntypedef struct {      unsigned CR; } regs;\n       int g(void);\n");
    // Defined otherwise under another condition: blank; defined as anything else: left alone.
    const either = "#ifdef DEBUG\n#define LOCAL\n#else\n#define LOCAL static\n#endif\n#define TYPE int\nLOCAL TYPE h(void);\n";
    expect(grammarView(either)).toBe(either.replace("LOCAL TYPE", "      TYPE"));
  });
  it("reads an attribute after a declarator, which gcc accepts there, as blank; a function's own stays", () => {
    expect(grammarView("static char buf[32] __attribute__((aligned(32)));\nint x __attribute__((unused)) = 1;\n")).toBe(`static char buf[32]${" ".repeat("__attribute__((aligned(32)))".length + 1)};\nint x                         = 1;\n`);
    expect(grammarView("void die(void) __attribute__((noreturn));\n")).toBe("void die(void) __attribute__((noreturn));\n");
  });
  it("reads an operator given to the program's macro as an argument (APPLY(+)) as a 0, and a conditional inside a call's arguments as one list", async () => {
    expect(grammarView("#define APPLY(op) (7 op 3)\nint x = APPLY(+) + APPLY(<<) + BIN(1, *, 2);\n#define BIN(a, o, b) ((a) o (b))\n")).toBe("#define APPLY(op) (7 op 3)\nint x = APPLY(0) + APPLY(0 ) + BIN(1, 0, 2);\n#define BIN(a, o, b) ((a) o (b))\n");
    const r = await runAll('#include <stdio.h>\n#define APPLY(op) (7 op 3)\n#define DEBUG 1\nint main(void)\n{\n\tprintf("%d %s\\n", APPLY(*),\n#ifdef DEBUG\n\t    "with DEBUG"\n#else\n\t    "without DEBUG"\n#endif\n\t);\n\treturn 0;\n}\n', { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('\tpr_info("%d %s\\n", APPLY(*),\n#ifdef DEBUG\n');
  });
  it("reads an X-macro's #define and #undef inside an initializer's braces as blank, after an entry without its comma too", async () => {
    const text = "#define LIST(X) X(a, 1) X(b, 2)\nstruct pair { int x, y; };\nstatic const struct pair tab[] = {\n#define X(name, v) { v, v },\n\tLIST(X)\n#undef X\n};\n";
    const view = grammarView(text);
    expect(view.split("\n")[3]!.trim()).toBe("");
    expect(view.split("\n")[5]!.trim()).toBe("");
    const r = await runAll(`${text}int main(void)\n{\n\treturn tab[0].x - 1;\n}\n`, { name: "g" });
    expect(r.diagnostics).toEqual([]);
  });
  it("ports a program with such macros and attributes", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#define PRIVATE static\n#define __IO volatile\n#define INLINE inline\ntypedef struct { __IO unsigned CR; } regs_t;\nstatic regs_t r;\nstatic unsigned char dma[16] __attribute__((aligned(16)));\nPRIVATE INLINE int twice(int x) { return 2 * x; }\nint main(void)\n{\n\tr.CR = dma[0] + 1;\n\tprintf(\"%u %d\\n\", r.CR, twice(3));\n\treturn 0;\n}\n",
      { name: "g" },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("PRIVATE INLINE int twice(int x)");
  });
  it("ports a program with unnamed bit-fields", async () => {
    const r = await runAll("#include <stdio.h>\nstruct S {\n\tunsigned b1 : 5, : 11, b2 : 6;\n\tunsigned :0;\n\tunsigned b3 : 2;\n};\nint main(void)\n{\n\tprintf(\"%zu\\n\", sizeof(struct S));\n\treturn 0;\n}\n", { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tunsigned b1 : 5, : 11, b2 : 6;\n\tunsigned :0;\n");
  });
  it("reads unnamed bit-fields of several type words, two in a row, after a comment, and of the kernel's __u32", async () => {
    const text = "struct S {\n\tunsigned short : 3;\n\tlong long : 2;\n\t_Bool : 1;\n\tunsigned:2;\n\tunsigned a : 1; /* pad */ unsigned : 7;\n\t__u32 : 8;\n};\n";
    expect(grammarView(text)).toBe("struct S {\n\t                   \n\t              \n\t          \n\t           \n\tunsigned a : 1; /* pad */              \n\t          \n};\n");
    const r = await runAll(`#include <stdio.h>\n${text.replace("__u32", "unsigned int")}int main(void)\n{\n\tprintf("%zu\\n", sizeof(struct S));\n\treturn 0;\n}\n`, { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tlong long : 2;\n\t_Bool : 1;\n\tunsigned:2;\n");
  });
  it("reads a member after a comment that opens twice (gcc's comment runs from the first /*), and not one after other text", () => {
    expect(grammarView("struct S { int x; /* a /* b */ unsigned : 3; };")).toBe("struct S { int x; /* a /* b */               };");
    expect(grammarView("struct S { int x; /**/ /* c */\n\tu8 : 1; };")).toBe("struct S { int x; /**/ /* c */\n\t        };");
    expect(grammarView("x = y ? FOO_t : 3;")).toBe("x = y ? FOO_t : 3;");
  });
  it("reads GNU case ranges, and a type given to a macro (NEW(struct item), container_of(p, struct item, link)), where C's own sizeof and offsetof keep theirs", async () => {
    expect(grammarView("case 1 ... 9: case 'a'...'z':")).toBe("case 1 +0+ 9: case 'a'+0+'z':");
    expect(grammarView("p = NEW(struct item); q = owner(x, union u *, m); n = sizeof(struct item) + offsetof(struct item, v); void f(int, ...);")).toBe(
      "p = NEW(       item); q = owner(x,       u  , m); n = sizeof(struct item) + offsetof(struct item, v); void f(int, ...);",
    );
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\n#define NEW(type) ((type *)malloc(sizeof(type)))\nstruct item { int v; };\nint main(void)\n{\n\tstruct item *it = NEW(struct item);\n\n\tif (!it)\n\t\treturn 1;\n\tswitch (it->v = 4) {\n\tcase 1 ... 9:\n\t\tputs(\"digit\");\n\t\tbreak;\n\t}\n\tfree(it);\n\treturn 0;\n}\n",
      { name: "g" },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\tstruct item *it = NEW(struct item);");
    expect(r.output).toContain("\tcase 1 ... 9:");
  });
  it("leaves labels and case labels alone", () => {
    const text = "int f(int x)\n{\n\tswitch (x) {\n\tcase 1: x++;\n\tdefault: x--;\n\t}\ndone: return x;\n}\n";
    expect(grammarView(text)).toBe(text);
  });
  it("refuses complex numbers as floating point (K3001), not as a syntax error", async () => {
    expect(await codes("#include <complex.h>\nint main(void)\n{\n\tdouble complex z = 1.0 + 2.0 * I;\n\treturn creal(z) > 0;\n}\n")).toEqual(["K3001@1", "K3001@4", "K3001@5"]);
    expect(await codes("int main(void)\n{\n\tlong double _Complex z;\n\treturn 0;\n}\n")).toEqual(["K3001@3"]);
  });
  it("reads __attribute__((fallthrough)); as the statement it is", async () => {
    const r = await runAll("#include <stdio.h>\nint main(void)\n{\n\tint i = 1;\n\tswitch (i) {\n\tcase 1:\n\t\tprintf(\"one\\n\");\n\t\t__attribute__((fallthrough));\n\tcase 2:\n\t\tprintf(\"two\\n\");\n\t}\n\treturn 0;\n}\n", { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("fallthrough;\n\t\t__attribute__");
  });
  it("knows the functions a file-scope macro call defines", async () => {
    const code = "#include <stdio.h>\n#define MAKE(name, k) int times_##name(int x) { return (k) * x; }\nMAKE(two, 2)\nMAKE(three, 3)\nint main(void)\n{\n\tprintf(\"%d\\n\", times_two(times_three(1)));\n\treturn 0;\n}\n";
    expect(definingMacroCalls(code).map((c) => c.defines)).toEqual([["times_two"], ["times_three"]]);
    const r = await runAll(code, { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("MAKE(two, 2)\nMAKE(three, 3)\n");
  });

  it("blanks the kernel's attribute macros in code, keeping every offset, and nothing in comments, strings or directives", () => {
    const text = [
      "#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt",
      "#define MARK __cold",
      "static __printf(1, 2) void say(const char *fmt, ...);",
      "/* __init runs once */",
      "static int __init demo_init(void)",
      "{",
      "\tpr_info(\"__exit next\\n\");",
      "\treturn 0;",
      "}",
      "static char buf[8] __initdata;",
      "static int __maybe_unused spare;",
      "int __printf_count;",
      "",
    ].join("\n");
    const view = grammarView(text);
    expect(view).toHaveLength(text.length);
    expect(view.split("\n")).toEqual([
      "#define pr_fmt(fmt) KBUILD_MODNAME \": \" fmt",
      "#define MARK __cold",
      "static                void say(const char *fmt, ...);",
      "/* __init runs once */",
      "static int        demo_init(void)",
      "{",
      "\tpr_info(\"__exit next\\n\");",
      "\treturn 0;",
      "}",
      "static char buf[8]           ;",
      "static int                spare;",
      "int __printf_count;",
      "",
    ]);
  });
  it("reads a kernel-style module without a syntax error, and its port keeps the attributes", async () => {
    const code = "#include <linux/module.h>\n\nstatic int counter __initdata = 3;\n\nstatic __printf(1, 2) __cold void note(const char *fmt, ...)\n{\n}\n\nstatic int __init demo_init(void)\n{\n\tnote(\"%d\\n\", counter);\n\treturn 0;\n}\n\nstatic void __exit demo_exit(void)\n{\n}\n\nmodule_init(demo_init);\nmodule_exit(demo_exit);\n\nMODULE_LICENSE(\"GPL\");\n";
    const r = await runAll(code, { name: "demo" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toBe(code);
  });
  describe("the program's macros that are a whole statement, used without a ;", () => {
    it("read with a ; where a blank follows the use, and not where the line goes on as an expression", () => {
      const text = "#define TWICE(x) x = x * 2;\n#define NL putchar('\\n');\nvoid f(int a)\n{\n\tTWICE(a)\n\tNL\n\tTWICE(a);\n\tg(TWICE(a)\n\t  + 1);\n\tNL \n\treturn;\n}\n";
      const view = grammarView(text);
      expect(view.length).toBe(text.length);
      expect(view).toBe(text.replace("\tTWICE(a)\n\tNL\n\t", "\tTWICE(a)\n;NL\n;").replace("NL \n", "NL;\n"));
    });
    it("ports the program, the macros and their uses as written", async () => {
      const code = "#include <stdio.h>\n\n#define SWAP(a, b) { int t = a; a = b; b = t; }\n#define NL putchar('\\n');\n\nint main(void)\n{\n\tint x = 1, y = 2;\n\n\tSWAP(x, y)\n\tprintf(\"%d %d\", x, y);\n\tNL\n\treturn 0;\n}\n";
      const r = await runAll(code, { name: "m" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.output).toContain("\tSWAP(x, y)\n");
      expect(r.output).toContain("\tNL\n");
    });
  });
  describe("the program's macros that open a statement", () => {
    const macros = "#define for_each_node(n, list) for ((n) = (list); (n); (n) = (n)->next)\n#define unless(c) if (!(c))\n#define SWAP(a, b) do { int t = a; a = b; b = t; } while (0)\n";
    it("read as the keyword their body starts with, padded to the name, where a body follows; elsewhere the text stays", () => {
      const text = `${macros}void f(struct node *head)\n{\n\tstruct node *n;\n\n\tfor_each_node(n, head) {\n\t\tunless(n->v) puts("for_each_node(x) y");\n\t}\n\tfor_each_node(n, head)\n\t\tn->v++;\n\tSWAP(a, b);\n}\n`;
      const view = grammarView(text);
      expect(view.length).toBe(text.length);
      expect(view).toContain("\twhile        (n, head) {\n\t\tif    (n->v) puts(\"for_each_node(x) y\");\n");
      expect(view).toContain("\twhile        (n, head)\n\t\tn->v++;\n\tSWAP(a, b);\n");
      // The definitions themselves stay.
      expect(view.startsWith(macros)).toBe(true);
    });
    it("a loop macro with a name shorter than while, or one followed by ;, keeps the grammar's reading", () => {
      const text = "#define each(i) for ((i) = 0; (i) < 3; (i)++)\n#define loop_over(i) for ((i) = 0; (i) < 3; (i)++)\nvoid f(void)\n{\n\tint i;\n\n\teach(i) g(i);\n\tloop_over(i);\n}\n";
      expect(grammarView(text)).toBe(text);
    });
    it("ports a program whose loop macro is used as a loop, with no syntax error", async () => {
      const r = await runAll(`#include <stdio.h>\n\n#define for_each_index(i, n) for ((i) = 0; (i) < (n); (i)++)\n\nint main(void)\n{\n\tint i, sum = 0;\n\n\tfor_each_index(i, 5) {\n\t\tsum += i;\n\t}\n\tprintf("%d\\n", sum);\n\treturn 0;\n}\n`, { name: "m" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.output).toContain("\tfor_each_index(i, 5) {\n\t\tsum += i;\n\t}\n");
    });
  });
  describe("an X-macro list in an enum's body", () => {
    it("is blank to the grammar where an enumerator would stand, and left in a value after =", () => {
      const text = "#define COLORS(X) X(RED) X(GREEN)\n#define AS_ENUM(n) C_##n,\n#define TWICE(n) ((n) * 2)\nenum color { COLORS(AS_ENUM) NCOLORS, BIG = TWICE(NCOLORS) };\n";
      const view = grammarView(text);
      expect(view).toContain("enum color {                 NCOLORS, BIG = TWICE(NCOLORS) };\n");
      expect(view.length).toBe(text.length);
    });
    it("in an initializer, blanks an inline X-macro's #define and each call that runs on into the next, and leaves calls that are entries of their own", () => {
      const text = 'static const char *n[] = {\n#define X(c, s) s,\n\tX(A, "a") X(B, "b")\n#undef X\n};\nstatic int v[] = { ROW(1), ROW(2) };\n#define ROW(x) (x)\n';
      const view = grammarView(text);
      expect(view).toContain(`static const char *n[] = {\n${" ".repeat(18)}\n\t${" ".repeat(19)}\n${" ".repeat(8)}\n};\n`);
      expect(view).toContain("static int v[] = { ROW(1), ROW(2) };\n");
    });
    it("blanks the #define and #undef of an X-macro written inside the enum's body, first entry included", () => {
      const text = "#define COLOURS(X) X(RED) X(GREEN)\nenum colour {\n#define AS_ENUM(n) C_##n,\n\tCOLOURS(AS_ENUM)\n#undef AS_ENUM\n\tC_COUNT\n};\n";
      const view = grammarView(text);
      expect(view).toContain(`enum colour {\n${" ".repeat(25)}\n\t${" ".repeat(16)}\n${" ".repeat(14)}\n\tC_COUNT\n};\n`);
      expect(view.length).toBe(text.length);
    });
    it("ports a program that lists its enumerators and their names with one X-macro", async () => {
      const r = await runAll('#include <stdio.h>\n\n#define COLORS(X) X(RED) X(GREEN) X(BLUE)\n#define AS_ENUM(name) C_##name,\n#define AS_NAME(name) #name,\n\nenum color { COLORS(AS_ENUM) NCOLORS };\nstatic const char *names[] = { COLORS(AS_NAME) };\n\nint main(void)\n{\n\tfor (int i = 0; i < NCOLORS; i++)\n\t\tprintf("%d %s\\n", i, names[i]);\n\treturn 0;\n}\n', { name: "m" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.output).toContain("enum color { COLORS(AS_ENUM) NCOLORS };\n");
    });
  });
  describe("a stringizing macro among string literals", () => {
    it("reads as a literal of its length where a literal follows it, and not elsewhere", () => {
      const text = '#define STR_(x) #x\n#define STR(x) STR_(x)\n#define N 32\nvoid f(void)\n{\n\tprintf("limit " STR(N) "\\n");\n\tputs(STR(N));\n}\n';
      const view = grammarView(text);
      expect(view).toContain('\tprintf("limit " "    " "\\n");\n\tputs(STR(N));\n');
      expect(view.length).toBe(text.length);
    });
  });
  describe("conditionals inside a list, and designators passed to a macro", () => {
    it("blanks #ifdef/#else/#endif lines among an initializer's entries, not between statements", () => {
      const text = 'static const char *names[] = {\n#ifdef NOPE\n\t"z",\n#endif\n\t"a", "b",\n};\nvoid f(void)\n{\n#ifdef X\n\tg();\n#endif\n}\n';
      const view = grammarView(text);
      expect(view).toContain('static const char *names[] = {\n           \n\t"z",\n      \n\t"a"');
      expect(view).toContain("{\n#ifdef X\n\tg();\n#endif\n}\n");
      expect(view.length).toBe(text.length);
    });
    it("blanks the dot of a designator in a macro's arguments, not in braces", () => {
      const text = "struct pt p = MAKE(.x = 1, .y = 2);\nstruct pt q = { .x = 1 };\nint z = f(a, .5);\nPUSH(&h, .u.doors.car = c, .v[2] = 1);\n";
      expect(grammarView(text)).toBe("struct pt p = MAKE( x = 1,  y = 2);\nstruct pt q = { .x = 1 };\nint z = f(a, .5);\nPUSH(&h,  u.doors.car = c,  v[2] = 1);\n");
    });
    it("ports programs with both", async () => {
      const r = await runAll('#include <stdio.h>\nstruct pt { int x, y; };\n#define MAKE(...) ((struct pt){ __VA_ARGS__ })\nstatic const char *names[] = {\n#ifdef NOPE\n\t"z",\n#endif\n\t"a", "b",\n};\nint main(void)\n{\n\tstruct pt p = MAKE(.x = 1, .y = 2);\n\n\tprintf("%d %d %s\\n", p.x, p.y, names[0]);\n\treturn 0;\n}\n', { name: "m" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    });
  });
  describe("attribute macros and case ranges of characters", () => {
    it("blanks the uses of a macro that stands for attributes, and reads a character constant that holds a colon in a case range", () => {
      const text = "#define NORETURN __attribute__((noreturn))\nNORETURN static void die(void);\nint k(int c)\n{\n\tswitch (c) {\n\tcase ':' ... '@':\n\t\treturn 1;\n\t}\n\treturn 0;\n}\n";
      const view = grammarView(text);
      expect(view).toContain("\n         static void die(void);\n");
      expect(view).toContain("\tcase ':' +0+ '@':\n");
    });
    it("blanks a function-like attribute macro with its arguments, after a prototype, and an object-like one after a parameter", () => {
      const text = "#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))\n#define UNUSED __attribute__((unused))\nstatic void say(const char *fmt, ...) PRINTF_LIKE(1, 2);\nint main(int argc, char **argv UNUSED);\n";
      const view = grammarView(text);
      expect(view).toContain(`static void say(const char *fmt, ...)${" ".repeat(18)};\nint main(int argc, char **argv${" ".repeat(7)});\n`);
    });
    it("ports a program whose noreturn helper is marked through a macro: the macro's attribute goes, the helper returns an error", async () => {
      const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n#define NORETURN __attribute__((noreturn))\nNORETURN static void die(const char *m)\n{\n\tfprintf(stderr, "%s\\n", m);\n\texit(1);\n}\nint main(int argc, char **argv)\n{\n\t(void)argv;\n\tif (argc > 5)\n\t\tdie("too many");\n\tputs("ok");\n\treturn 0;\n}\n', { name: "m" });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(r.output).toContain("#define NORETURN\n");
    });
  });
});

describe("code the preprocessor removes", () => {
  it("is blank to the grammar inside #if 0 where its brackets do not balance, nested conditionals and an #else kept", () => {
    const text = "#if 0\n\tif (verbose) {\n#ifdef X\n\t\t(\n#endif\n#else\nint y;\n#endif\nint x;\n";
    expect(grammarView(text)).toBe(`#if 0\n${" ".repeat(15)}\n${" ".repeat(8)}\n${" ".repeat(3)}\n${" ".repeat(6)}\n#else\nint y;\n#endif\nint x;\n`);
  });
  it("is read as it stands where it balances", () => {
    const text = "#if 0\nstatic int old(void) { return 1; }\n#endif\n";
    expect(grammarView(text)).toBe(text);
  });
  it("ports a program with half a statement kept under #if 0, the lines as they were", async () => {
    const r = await runAll('#include <stdio.h>\n\n#if 0\n\tif (verbose) {\n#endif\n\nint main(void)\n{\n\tputs("hi");\n\treturn 0;\n}\n', { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("#if 0\n\tif (verbose) {\n#endif\n");
  });
});

describe("brace lists passed to the program's macros", () => {
  it("read as parenthesized lists, where they hold no statement", () => {
    const text = "#define ARR(...) ((const int[]){ __VA_ARGS__ })\n#define RUN(b) do b while (0)\nint *p = ARR({ 1, 2 }, (3), { 4 });\nvoid f(void) { RUN({ g(); }); }\nint q[] = { 1 };\n";
    expect(grammarView(text)).toBe("#define ARR(...) ((const int[]){ __VA_ARGS__ })\n#define RUN(b) do b while (0)\nint *p = ARR(( 1, 2 ), (3), ( 4 ));\nvoid f(void) { RUN({ g(); }); }\nint q[] = { 1 };\n");
  });
  it("port: a macro that makes compound literals of its arguments", async () => {
    const r = await runAll('#include <stdio.h>\nstruct pt { int x, y; };\n#define ARR(...) ((const struct pt[]){ __VA_ARGS__ })\nint main(void)\n{\n\tconst struct pt *p = ARR({ 1, 2 }, { 3, 4 });\n\n\tprintf("%d\\n", p[1].x);\n\treturn 0;\n}\n', { name: "g" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("ARR({ 1, 2 }, { 3, 4 })");
  });
});


describe("a stray control character", () => {
  it("is refused where gcc stops at it, in a #define's body too, with its line and column", async () => {
    const r = await runAll("#include <stdio.h>\n#define CHECK(c) do { if (!(c\x1d)) return 1; } while (0)\nint main(void)\n{\n\tCHECK(1);\n\treturn 0;\n}\n", { name: "g" });
    expect(r.diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column} ${d.message}`)).toEqual(["K0003@2:30 stray '\\35' in the program: a control character outside any string or comment"]);
  });
  it("is no matter in a string, a comment, or code the preprocessor removes", async () => {
    expect(await codes('#include <stdio.h>\n/* \x01 */\nint main(void)\n{\n\tputs("\x02");\n#if 0\n\t\x03\n#endif\n\treturn 0;\n}\n')).toEqual([]);
  });
  it("reads a type given to a call as its last word: va_arg(ap, const char *), a macro's SWAP(unsigned long, a, b)", async () => {
    expect(grammarView("x = va_arg(ap, const char *);")).toBe("x = va_arg(ap,       char  );");
    expect(grammarView("SWAP(unsigned long, a, b);")).toBe("SWAP(         long, a, b);");
    // A declaration's parameters, a cast, sizeof and a product stay as written.
    for (const kept of ["int f(const char *, int);", "x = (const char *)p;", "n = sizeof(unsigned long);", "y = f(a * b, c);", "if ((char *)p) {}", "static void g(unsigned long v);", "case (unsigned char)200: break;"]) expect(grammarView(kept)).toBe(kept);
    const r = await runAll('#include <stdarg.h>\n#include <stdio.h>\nstatic int sum(int n, ...)\n{\n\tva_list ap;\n\tint t = 0;\n\n\tva_start(ap, n);\n\twhile (n--)\n\t\tt += (int)va_arg(ap, unsigned long) + (int)*va_arg(ap, const char *);\n\tva_end(ap);\n\treturn t;\n}\nint main(void)\n{\n\tprintf("%d\\n", sum(1, 2UL, "a"));\n\treturn 0;\n}\n', { name: "g" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("(int)va_arg(ap, unsigned long) + (int)*va_arg(ap, const char *);");
  });
});
