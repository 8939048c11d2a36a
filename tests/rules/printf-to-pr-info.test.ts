import { describe, expect, it } from "vitest";
import rule from "../../src/rules/printf-to-pr-info.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

/** Lines of C, joined with newlines and ending in one. */
const c = (...lines: string[]) => lines.join("\n") + "\n";

describe("printf-to-pr-info", () => {
  it("renames printf and keeps the format and arguments", () =>
    checkCase(rule, {
      code: 'void f(int n) {\n    printf("%d items\\n", n); // count\n}\n',
      output: 'void f(int n) {\n    pr_info("%d items\\n", n); // count\n}\n',
    }));
  it("does not touch fprintf or snprintf", () =>
    checkCase(rule, { code: 'void f(char *b) { snprintf(b, 4, "x"); }\n', unchanged: true }));

  describe("lines built in pieces", () => {
    it("sends the pieces of a line through the stdout buffer, and keeps pr_info() for a whole line after it", () =>
      checkCase(rule, {
        code: c("void f(int n) {", '\tprintf("total:");', '\tprintf(" %d\\n", n);', '\tprintf("done\\n");', "}"),
        output: c("void f(int n) {", '\tprint_stdout("total:");', '\tprint_stdout(" %d\\n", n);', '\tpr_info("done\\n");', "}"),
      }));
    it("buffers a line built in a loop, up to the call that ends it", () =>
      checkCase(rule, {
        code: c("void f(int n) {", '\tprintf("values:");', "\tfor (int i = 0; i < n; i++)", '\t\tprintf(" %d", i);', '\tprintf("\\n");', "}"),
        output: c("void f(int n) {", '\tprint_stdout("values:");', "\tfor (int i = 0; i < n; i++)", '\t\tprint_stdout(" %d", i);', '\tprint_stdout("\\n");', "}"),
      }));
    it("buffers a line a loop starts itself, with no warning: the buffer needs no label before the loop", () =>
      checkCase(rule, {
        code: c("void f(int n) {", "\tfor (int i = 0; i < n; i++) {", "\t\tif (i > 0)", '\t\t\tprintf(", ");', '\t\tprintf("%d", i);', "\t}", '\tprintf("\\n");', "}"),
        output: c("void f(int n) {", "\tfor (int i = 0; i < n; i++) {", "\t\tif (i > 0)", '\t\t\tprint_stdout(", ");', '\t\tprint_stdout("%d", i);', "\t}", '\tprint_stdout("\\n");', "}"),
      }));
    it("buffers a whole line where a branch may have left the line open before it", () =>
      checkCase(rule, {
        code: c("void f(int n) {", "\tif (n)", '\t\tprintf("* ");', '\tprintf("%d\\n", n);', '\tprintf("end\\n");', "}"),
        output: c("void f(int n) {", "\tif (n)", '\t\tprint_stdout("* ");', '\tprint_stdout("%d\\n", n);', '\tpr_info("end\\n");', "}"),
      }));
    it("follows the line into a helper and back", () =>
      checkCase(rule, {
        code: c(
          "static void cell(int v) { printf(\" %3d\", v); }",
          "void row(const int *r, int n) {",
          '\tprintf("row:");',
          "\tfor (int i = 0; i < n; i++)",
          "\t\tcell(r[i]);",
          '\tprintf("\\n");',
          '\tprintf("rows: %d\\n", n);',
          "}",
        ),
        output: c(
          "static void cell(int v) { print_stdout(\" %3d\", v); }",
          "void row(const int *r, int n) {",
          '\tprint_stdout("row:");',
          "\tfor (int i = 0; i < n; i++)",
          "\t\tcell(r[i]);",
          '\tprint_stdout("\\n");',
          '\tpr_info("rows: %d\\n", n);',
          "}",
        ),
      }));
    it("buffers a character that may or may not end the line (a table's last column)", () =>
      checkCase(rule, {
        code: c("void f(const int *v, int n) {", "\tfor (int i = 0; i < n; i++)", "\t\tprintf(\"%d%c\", v[i], i == n - 1 ? '\\n' : ' ');", '\tprintf("%d values\\n", n);', "}"),
        output: c("void f(const int *v, int n) {", "\tfor (int i = 0; i < n; i++)", "\t\tprint_stdout(\"%d%c\", v[i], i == n - 1 ? '\\n' : ' ');", '\tprint_stdout("%d values\\n", n);', "}"),
      }));
    it("follows recursion, a switch's fall-through and a goto back to a label", () =>
      checkCase(rule, {
        code: c(
          "struct node { struct node *l, *r; int v; };",
          "static void walk(const struct node *n) { if (!n) return; walk(n->l); printf(\" %d\", n->v); walk(n->r); }",
          'void tree(const struct node *t) { printf("tree:"); walk(t); printf("\\n"); printf("ok\\n"); }',
          "void menu(int k) {",
          "\tswitch (k) {",
          '\tcase 0: printf("zero\\n"); break;',
          '\tcase 1: printf("one");',
          '\tdefault: printf("!\\n");',
          "\t}",
          "again:",
          '\tprintf("try\\n");',
          '\tif (k--) goto again;',
          "}",
        ),
        output: c(
          "struct node { struct node *l, *r; int v; };",
          "static void walk(const struct node *n) { if (!n) return; walk(n->l); print_stdout(\" %d\", n->v); walk(n->r); }",
          'void tree(const struct node *t) { print_stdout("tree:"); walk(t); print_stdout("\\n"); pr_info("ok\\n"); }',
          "void menu(int k) {",
          "\tswitch (k) {",
          '\tcase 0: pr_info("zero\\n"); break;',
          '\tcase 1: print_stdout("one");',
          '\tdefault: print_stdout("!\\n");',
          "\t}",
          "again:",
          '\tpr_info("try\\n");',
          '\tif (k--) goto again;',
          "}",
        ),
      }));
    it("keeps the streams apart: a stderr message neither ends nor starts a stdout line", () =>
      checkCase(rule, {
        code: c("void f(void) {", '\tprintf("a");', '\tfprintf(stderr, "warning\\n");', '\tprintf("b\\n");', '\tfprintf(stderr, "warning: ");', '\tprintf("x\\n");', "}"),
        output: c("void f(void) {", '\tprint_stdout("a");', '\tfprintf(stderr, "warning\\n");', '\tprint_stdout("b\\n");', '\tfprintf(stderr, "warning: ");', '\tpr_info("x\\n");', "}"),
      }));
    it("buffers a whole line that prints a char array longer than one log record, and only such a line", () =>
      checkCase(rule, {
        code: c("#define WIDE 2048", "static char big[2001];", "void f(const char *name) {", "\tchar small[64], wide[WIDE];", '\tprintf("%s\\n", big);', '\tprintf("%s\\n", wide);', '\tprintf("%s %s\\n", small, name);', "}"),
        output: c("#define WIDE 2048", "static char big[2001];", "void f(const char *name) {", "\tchar small[64], wide[WIDE];", '\tprint_stdout("%s\\n", big);', '\tprint_stdout("%s\\n", wide);', '\tpr_info("%s %s\\n", small, name);', "}"),
      }));
    it("takes another name for the buffer's function where the program has one", () =>
      checkCase(rule, {
        code: c("static int print_stdout;", 'void f(void) { printf("a"); }'),
        output: c("static int print_stdout;", 'void f(void) { module_print_stdout("a"); }'),
      }));
  });

  describe("formats", () => {
    it("keeps the conversions printk() shares with printf()", () =>
      checkCase(rule, {
        code: 'void f(int n, const char *s, long long j) { printf("%% %5.2s|%+d|%#x|%08lx|%zu|%hhd|%lld|%-3c|%*d\\n", s, n, n, 1L, (unsigned long)n, (char)n, j, 65, 3, n); }\n',
        output: 'void f(int n, const char *s, long long j) { pr_info("%% %5.2s|%+d|%#x|%08lx|%zu|%hhd|%lld|%-3c|%*d\\n", s, n, n, 1L, (unsigned long)n, (char)n, j, 65, 3, n); }\n',
      }));
    it("prints a string variable through %s, since the macros need a literal format", () =>
      checkCase(rule, {
        code: 'void f(const char *s, int n) { printf(s); printf(n ? "yes\\n" : "no\\n"); }\n',
        output: 'void f(const char *s, int n) { print_stdout("%s", s); print_stdout("%s", n ? "yes\\n" : "no\\n"); }\n',
      }));
    it("keeps a format macro that expands to a literal", () =>
      checkCase(rule, {
        code: '#define ITEMS "%d items\\n"\nvoid f(int n) { printf(ITEMS, n); printf("next\\n"); }\n',
        output: '#define ITEMS "%d items\\n"\nvoid f(int n) { pr_info(ITEMS, n); pr_info("next\\n"); }\n',
      }));
    it("refuses a format that is not a literal and has arguments, where no caller says what it is", () =>
      checkCase(rule, { code: "void f(const char *fmt, int n) {\n\tprintf(fmt, n);\n}\n", diagnostics: ["K2016@2:9"] }));
    it("prints a format parameter every caller gives as a literal through the line buffer, each literal checked", async () => {
      const program = (second: string) =>
        `#include <stdio.h>\n\nstatic void report(const char *fmt, const char *what)\n{\n\tfprintf(stderr, fmt, what);\n\tfputc('\\n', stderr);\n}\n\nint main(void)\n{\n\treport("unknown variable %s", "z");\n\treport(${second}, "y");\n\treturn 0;\n}\n`;
      const ok = await runAll(program('"bad name %s"'), { name: "m" });
      expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      expect(ok.output).toContain("\tprint_stderr(fmt, what);\n");
      // A caller's literal with a conversion the kernel lacks is refused at that literal.
      const bad = await runAll(program('"%n"'), { name: "m" });
      expect(bad.diagnostics.map((d) => `${d.code}@${d.range?.line}`)).toContain("K2010@12");
      // A caller that passes a variable leaves the format unknown.
      const unknown = await runAll(program('(const char *)"x %s"'), { name: "m" });
      expect(unknown.diagnostics.map((d) => d.code)).toContain("K2016");
    });
    it("refuses %n, floating point and %m, at the conversion", () =>
      checkCase(rule, {
        code: c(
          "void f(int n, double d) {",
          '\tprintf("%s%n\\n", "ab", &n);',
          '\tprintf("%.2f and %e %g %a %Lf\\n", d, d, d, d, (long double)d);',
          '\tprintf("failed: %m\\n");',
          "}",
        ),
        diagnostics: ["K2010@2:12", "K2012@3:10", "K2012@3:19", "K2012@3:22", "K2012@3:25", "K2012@3:28", "K2013@4:18"],
      }));
    it("warns that %p is hashed, and refuses letters right after it", () =>
      checkCase(rule, {
        code: c("void f(void *p) {", '\tprintf("at %p\\n", p);', '\tprintf("%pid\\n", p);', "}"),
        diagnostics: ["K2011@2:13", "K2015@3:10"],
      }));
    it("warns about %p alone and ports the call", () =>
      checkCase(rule, {
        code: 'void f(void *p) { printf("at %p\\n", p); }\n',
        output: 'void f(void *p) { pr_info("at %p\\n", p); }\n',
        diagnostics: ["K2011@1:30"],
      }));
    it("refuses conversions and modifiers printk() does not know", () =>
      checkCase(rule, {
        code: c("void f(long long j, int n, const int *w) {", "\tprintf(\"%jd %1$d %'d %ls %qd %y\\n\", j, n, n, w, j, n);", "}"),
        diagnostics: ["K2014@2:10", "K2014@2:14", "K2014@2:19", "K2014@2:23", "K2014@2:27", "K2014@2:31"],
      }));
    it("gives %jd and %qd the ll length printk() knows, the argument cast to long long, * widths counted", () =>
      checkCase(rule, {
        code: c("void f(long m, unsigned long u, int w) {", '\tprintf("%jd|%*ju|%.2qx\\n", m, w, u, u);', "}"),
        output: c("void f(long m, unsigned long u, int w) {", '\tpr_info("%lld|%*llu|%.2llx\\n", (long long)(m), w, (unsigned long long)(u), (unsigned long long)(u));', "}"),
      }));
    it("counts a PRI macro piece as the conversion the literal before it opened, so that a %jd after it finds its argument", () =>
      checkCase(rule, {
        code: c("void f(unsigned long long n, long m) {", '\tprintf("%" PRIu64 " %jd\\n", n, m);', "}"),
        output: c("void f(unsigned long long n, long m) {", '\tpr_info("%" PRIu64 " %lld\\n", n, (long long)(m));', "}"),
      }));
    it("leaves a conversion cut by a macro piece alone", () =>
      checkCase(rule, {
        code: 'void f(unsigned long long v) { printf("v=%" PRIu64 "\\n", v); }\n',
        output: 'void f(unsigned long long v) { pr_info("v=%" PRIu64 "\\n", v); }\n',
      }));
  });
  it("sends a printf() whose count the program reads through the line buffer, which counts the '\\n' as printf() does", async () => {
    const r = await runAll('#include <stdio.h>\n\nint main(void)\n{\n\tint n = printf("hello\\n");\n\n\tprintf("%d\\n", n), (void)printf("x\\n");\n\treturn 0;\n}\n', { name: "count" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('int n = print_stdout("hello\\n");');
    expect(r.output).toContain('pr_info("%d\\n", n), (void)pr_info("x\\n");');
  });
});
