import { describe, it } from "vitest";
import rule from "../../src/rules/putchar-to-pr-cont.js";
import { checkCase } from "../helpers/rule-tester.js";

const c = (...lines: string[]) => lines.join("\n") + "\n";

describe("putchar-to-pr-cont", () => {
  it("continues a line that printf() started, and ends it with putchar('\\n')", () =>
    checkCase(rule, {
      code: c("void f(const char *s) {", '\tprintf("[");', "\tfor (int i = 0; s[i]; i++)", "\t\tputchar(s[i]);", "\tputchar(']');", "\tputchar('\\n');", "}"),
      output: c("void f(const char *s) {", '\tprintf("[");', "\tfor (int i = 0; s[i]; i++)", '\t\tpr_cont("%c", s[i]);', '\tpr_cont("]");', '\tpr_cont("\\n");', "}"),
    }));
  it("starts a line with pr_info() where nothing is open", () =>
    checkCase(rule, {
      code: "void f(void) { putchar('\\n'); putchar('>'); putchar(' '); putchar('\\n'); }\n",
      output: 'void f(void) { pr_info("\\n"); pr_info(">"); pr_cont(" "); pr_cont("\\n"); }\n',
    }));
  it("escapes characters that mean something in a format", () =>
    checkCase(rule, {
      code: "void f(void) { putchar('a'); putchar('%'); putchar('\"'); putchar('\\''); putchar('\\t'); putchar('\\0'); putchar('\\n'); }\n",
      output: 'void f(void) { pr_info("a"); pr_cont("%%"); pr_cont("\\""); pr_cont("\'"); pr_cont("\\t"); pr_cont("%c", \'\\0\'); pr_cont("\\n"); }\n',
    }));
  it("ports putc() and fputc(), stderr to pr_err()", () =>
    checkCase(rule, {
      code: "void f(int c) { putc('!', stderr); fputc(c, stdout); fputc('\\n', stdout); }\n",
      output: 'void f(int c) { pr_err("!"); pr_info("%c", c); pr_cont("\\n"); }\n',
    }));
  it("warns when a loop of characters starts its own line", () =>
    checkCase(rule, {
      code: c("void f(int n) {", "\tfor (int i = 0; i < n; i++)", "\t\tputchar('*');", "\tputchar('\\n');", "}"),
      output: c("void f(int n) {", "\tfor (int i = 0; i < n; i++)", '\t\tpr_cont("*");', '\tpr_cont("\\n");', "}"),
      diagnostics: ["K2020@3:3"],
    }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "void f(void *fp) {\n\tfputc('x', fp);\n}\n", diagnostics: ["K2021@2:13"] }));
  it("leaves putchar's cousins it does not handle alone", () =>
    checkCase(rule, { code: "void f(void) { putchar_unlocked('x'); putwchar(L'x'); }\n", unchanged: true }));
});
