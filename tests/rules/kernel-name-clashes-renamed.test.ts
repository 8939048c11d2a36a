import { describe, expect, it } from "vitest";
import rule from "../../src/rules/kernel-name-clashes-renamed.js";
import { runRule } from "../helpers/rule-tester.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("kernel-name-clashes-renamed", () => {
  it("renames a function, a struct tag and a variable named like the kernel's, at the definition, calls, references and in macro bodies", async () => {
    const r = await runRule(
      rule,
      lines(
        "#define SHOW(x) list_add(&(x))",
        "struct range { int lo, hi; };",
        "static void list_add(int *v) { (void)v; }",
        "int main(void)",
        "{",
        "\tint current = 0;",
        "\tstruct range r = { 1, 2 };",
        "\tlist_add(&current);",
        "\tSHOW(current);",
        "\treturn r.lo;",
        "}",
      ),
      { name: "m" },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toBe(
      lines(
        "#define SHOW(x) m_list_add(&(x))",
        "struct m_range { int lo, hi; };",
        "static void m_list_add(int *v) { (void)v; }",
        "int main(void)",
        "{",
        "\tint m_current = 0;",
        "\tstruct m_range r = { 1, 2 };",
        "\tm_list_add(&m_current);",
        "\tSHOW(m_current);",
        "\treturn r.lo;",
        "}",
      ),
    );
  });

  it("renames the program's own macros named like the kernel's (barrier(), READ_ONCE(), WARN()), whose uses the kernel's own macros would meet, but not pr_fmt or the ones kernel-macro-clash-undef keeps", async () => {
    const r = await runRule(
      rule,
      lines('#define pr_fmt(fmt) "x: " fmt', "#define MIN(a, b) ((a) < (b) ? (a) : (b))", '#define barrier() __asm__ __volatile__("" ::: "memory")', "#define WARN(msg) puts(msg)", "int f(int a)", "{", "\tbarrier();", '\tWARN("w");', "\treturn MIN(a, 2);", "}"),
      { name: "m" },
    );
    expect(r.output).toBe(lines('#define pr_fmt(fmt) "x: " fmt', "#define MIN(a, b) ((a) < (b) ? (a) : (b))", '#define m_barrier() __asm__ __volatile__("" ::: "memory")', "#define m_WARN(msg) puts(msg)", "int f(int a)", "{", "\tm_barrier();", '\tm_WARN("w");', "\treturn MIN(a, 2);", "}"));
  });
  it("renames the program's own bool with its true and false, and its own size_t, which the grammar reads as types and constants of its own", async () => {
    const r = await runRule(
      rule,
      lines(
        "typedef enum { false, true } bool;",
        "typedef unsigned int size_t;",
        "static bool even(size_t n) { return n % 2 == 0 ? true : false; }",
        'int main(void) { bool b = even(3); printf("true %d\\n", b); return b == false; }',
      ),
      { name: "m" },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toBe(
      lines(
        "typedef enum { m_false, m_true } m_bool;",
        "typedef unsigned int m_size_t;",
        "static m_bool even(m_size_t n) { return n % 2 == 0 ? m_true : m_false; }",
        'int main(void) { m_bool b = even(3); printf("true %d\\n", b); return b == m_false; }',
      ),
    );
  });

  it("renames enumerators named like the kernel's ALL-CAPS macros (READ, PATH_MAX), which the preprocessor would replace, and leaves the program's own #define of one alone", async () => {
    const r = await runRule(rule, lines("#define NAME_MAX 32", "enum mode { READ, WRITE, NAME_MAX_LEN };", "enum lim { PATH_MAX = 64 };", "int main(void) { return READ + WRITE + PATH_MAX + NAME_MAX; }"), { name: "m" });
    expect(r.output).toBe(lines("#define NAME_MAX 32", "enum mode { m_READ, m_WRITE, NAME_MAX_LEN };", "enum lim { m_PATH_MAX = 64 };", "int main(void) { return m_READ + m_WRITE + m_PATH_MAX + NAME_MAX; }"));
  });

  it("leaves the kernel's bool, true and false alone where the program does not define them", async () => {
    const code = lines("#include <stdbool.h>", "static bool on = true;", "int main(void) { return on == false; }");
    const r = await runRule(rule, code, { name: "m" });
    expect(r.output).toBe(code);
  });

  it("keeps strings, character constants and comments, and picks a name the program does not use", async () => {
    const r = await runRule(
      rule,
      lines(
        '#define NAME "list_add"',
        "static int m_list_add;",
        "/* list_add, as the kernel has it */",
        "static void list_add(void) { m_list_add++; }",
        'static const char *s = "list_add \'list_add\'";',
      ),
      { name: "m" },
    );
    expect(r.output).toBe(
      lines(
        '#define NAME "list_add"',
        "static int m_list_add;",
        "/* list_add, as the kernel has it */",
        "static void m_list_add2(void) { m_list_add++; }",
        'static const char *s = "list_add \'list_add\'";',
      ),
    );
  });

  it("renames a struct member named after a kernel macro (current), where declared, used and designated", async () => {
    const r = await runRule(
      rule,
      lines(
        "struct task { int current; int *next; };",
        "#define CUR(t) ((t)->current)",
        "static struct task first = { .current = 1 };",
        "static int at(struct task *t) { return t->current + first.current + CUR(t); }",
      ),
      { name: "m" },
    );
    expect(r.output).toBe(
      lines(
        "struct task { int m_current; int *next; };",
        "#define CUR(t) ((t)->m_current)",
        "static struct task first = { .m_current = 1 };",
        "static int at(struct task *t) { return t->m_current + first.m_current + CUR(t); }",
      ),
    );
  });

  it("leaves names the kernel does not define, and members named like kernel functions, alone", async () => {
    const code = lines("struct point { int x, list_add; };", "static int count(struct point *p) { return p->x + p->list_add; }");
    expect((await runRule(rule, code, { name: "m" })).output).toBe(code);
  });
  it("renames a tag in the program's own macro bodies after its keyword, and nowhere else there", async () => {
    const code = lines("struct list_head { struct list_head *next, *prev; };", "#define LIST_HEAD(name) struct list_head name = { &(name), &(name) }", "#define HEAD_OF(x) ((x)->list_head)", "static LIST_HEAD(items);");
    const out = (await runRule(rule, code, { name: "m" })).output!;
    expect(out).toContain("#define LIST_HEAD(name) struct m_list_head name = { &(name), &(name) }");
    expect(out).toContain("#define HEAD_OF(x) ((x)->list_head)");
    expect(out).toContain("struct m_list_head { struct m_list_head *next, *prev; };");
  });
});
