import { describe, it } from "vitest";
import rule from "../../src/rules/printf-to-pr-info.js";
import { checkCase } from "../helpers/rule-tester.js";

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
    it("continues a line left open by the statement before", () =>
      checkCase(rule, {
        code: c("void f(int n) {", '\tprintf("total:");', '\tprintf(" %d\\n", n);', '\tprintf("done\\n");', "}"),
        output: c("void f(int n) {", '\tpr_info("total:");', '\tpr_cont(" %d\\n", n);', '\tpr_info("done\\n");', "}"),
      }));
    it("continues the line in a loop when a label started it before the loop", () =>
      checkCase(rule, {
        code: c("void f(int n) {", '\tprintf("values:");', "\tfor (int i = 0; i < n; i++)", '\t\tprintf(" %d", i);', '\tprintf("\\n");', "}"),
        output: c("void f(int n) {", '\tpr_info("values:");', "\tfor (int i = 0; i < n; i++)", '\t\tpr_cont(" %d", i);', '\tpr_cont("\\n");', "}"),
      }));
    it("warns once when a loop starts the line itself", () =>
      checkCase(rule, {
        code: c("void f(int n) {", "\tfor (int i = 0; i < n; i++) {", "\t\tif (i > 0)", '\t\t\tprintf(", ");', '\t\tprintf("%d", i);', "\t}", '\tprintf("\\n");', "}"),
        output: c("void f(int n) {", "\tfor (int i = 0; i < n; i++) {", "\t\tif (i > 0)", '\t\t\tpr_cont(", ");', '\t\tpr_cont("%d", i);', "\t}", '\tpr_cont("\\n");', "}"),
        diagnostics: ["K2020@4:4"],
      }));
    it("warns where a branch may or may not have opened the line", () =>
      checkCase(rule, {
        code: c("void f(int n) {", "\tif (n)", '\t\tprintf("* ");', '\tprintf("%d\\n", n);', "}"),
        output: c("void f(int n) {", "\tif (n)", '\t\tpr_info("* ");', '\tpr_cont("%d\\n", n);', "}"),
        diagnostics: ["K2020@4:2"],
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
          "}",
        ),
        output: c(
          "static void cell(int v) { pr_cont(\" %3d\", v); }",
          "void row(const int *r, int n) {",
          '\tpr_info("row:");',
          "\tfor (int i = 0; i < n; i++)",
          "\t\tcell(r[i]);",
          '\tpr_cont("\\n");',
          "}",
        ),
      }));
    it("warns in a helper called both with the line open and closed", () =>
      checkCase(rule, {
        code: c("static void value(int v) { printf(\"%d\", v); }", 'void f(void) { value(1); printf(" and "); value(2); printf("\\n"); }'),
        output: c("static void value(int v) { pr_cont(\"%d\", v); }", 'void f(void) { value(1); pr_cont(" and "); value(2); pr_cont("\\n"); }'),
        diagnostics: ["K2020@1:28"],
      }));
    it("follows recursion, a switch's fall-through and a goto back to a label", () =>
      checkCase(rule, {
        code: c(
          "struct node { struct node *l, *r; int v; };",
          "static void walk(const struct node *n) { if (!n) return; walk(n->l); printf(\" %d\", n->v); walk(n->r); }",
          'void tree(const struct node *t) { printf("tree:"); walk(t); printf("\\n"); }',
          "void menu(int k) {",
          "\tswitch (k) {",
          '\tcase 0: printf("zero"); break;',
          '\tcase 1: printf("one");',
          '\tdefault: printf("!");',
          "\t}",
          '\tprintf("\\n");',
          "again:",
          '\tprintf("try");',
          '\tif (k--) { printf("\\n"); goto again; }',
          '\tprintf(" last\\n");',
          "}",
        ),
        output: c(
          "struct node { struct node *l, *r; int v; };",
          "static void walk(const struct node *n) { if (!n) return; walk(n->l); pr_cont(\" %d\", n->v); walk(n->r); }",
          'void tree(const struct node *t) { pr_info("tree:"); walk(t); pr_cont("\\n"); }',
          "void menu(int k) {",
          "\tswitch (k) {",
          '\tcase 0: pr_info("zero"); break;',
          '\tcase 1: pr_info("one");',
          '\tdefault: pr_cont("!");',
          "\t}",
          '\tpr_cont("\\n");',
          "again:",
          '\tpr_info("try");',
          '\tif (k--) { pr_cont("\\n"); goto again; }',
          '\tpr_cont(" last\\n");',
          "}",
        ),
        diagnostics: ["K2020@8:11"],
      }));
    it("starts a new line after a stderr message rather than gluing onto it", () =>
      checkCase(rule, {
        code: c("void f(void) {", '\tfprintf(stderr, "warning: ");', '\tprintf("x\\n");', "}"),
        output: c("void f(void) {", '\tfprintf(stderr, "warning: ");', '\tpr_info("x\\n");', "}"),
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
        output: 'void f(const char *s, int n) { pr_info("%s", s); pr_cont("%s", n ? "yes\\n" : "no\\n"); }\n',
      }));
    it("keeps a format macro that expands to a literal", () =>
      checkCase(rule, {
        code: '#define ITEMS "%d items\\n"\nvoid f(int n) { printf(ITEMS, n); printf("next\\n"); }\n',
        output: '#define ITEMS "%d items\\n"\nvoid f(int n) { pr_info(ITEMS, n); pr_info("next\\n"); }\n',
      }));
    it("refuses a format that is not a literal and has arguments", () =>
      checkCase(rule, { code: "void f(const char *fmt, int n) {\n\tprintf(fmt, n);\n}\n", diagnostics: ["K2016@2:9"] }));
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
    it("leaves a conversion cut by a macro piece alone", () =>
      checkCase(rule, {
        code: 'void f(unsigned long long v) { printf("v=%" PRIu64 "\\n", v); }\n',
        output: 'void f(unsigned long long v) { pr_info("v=%" PRIu64 "\\n", v); }\n',
      }));
  });
});
