import { describe, it } from "vitest";
import rule from "../../src/rules/putchar-to-pr-info.js";
import { checkCase } from "../helpers/rule-tester.js";

const c = (...lines: string[]) => lines.join("\n") + "\n";

describe("putchar-to-pr-info", () => {
  it("buffers the characters of a line that printf() started, up to putchar('\\n')", () =>
    checkCase(rule, {
      code: c("void f(const char *s) {", '\tprintf("[");', "\tfor (int i = 0; s[i]; i++)", "\t\tputchar(s[i]);", "\tputchar(']');", "\tputchar('\\n');", "}"),
      output: c("void f(const char *s) {", '\tprintf("[");', "\tfor (int i = 0; s[i]; i++)", '\t\tprint_stdout("%c", s[i]);', '\tprint_stdout("]");', '\tprint_stdout("\\n");', "}"),
    }));
  it("logs an empty line with pr_info(), and buffers a line built of characters", () =>
    checkCase(rule, {
      code: "void f(void) { putchar('\\n'); putchar('>'); putchar(' '); putchar('\\n'); }\n",
      output: 'void f(void) { pr_info("\\n"); print_stdout(">"); print_stdout(" "); print_stdout("\\n"); }\n',
    }));
  it("escapes characters that mean something in a format", () =>
    checkCase(rule, {
      code: "void f(void) { putchar('a'); putchar('%'); putchar('\"'); putchar('\\''); putchar('\\t'); putchar('\\0'); putchar('\\n'); }\n",
      output: 'void f(void) { print_stdout("a"); print_stdout("%%"); print_stdout("\\""); print_stdout("\'"); print_stdout("\\t"); print_stdout("%c", \'\\0\'); print_stdout("\\n"); }\n',
    }));
  it("ports putc() and fputc(), each stream through its own buffer", () =>
    checkCase(rule, {
      code: "void f(int c) { putc('!', stderr); fputc(c, stdout); fputc('\\n', stdout); }\n",
      output: 'void f(int c) { print_stderr("!"); print_stdout("%c", c); print_stdout("\\n"); }\n',
    }));
  it("buffers a line that a loop of characters starts, without a warning", () =>
    checkCase(rule, {
      code: c("void f(int n) {", "\tfor (int i = 0; i < n; i++)", "\t\tputchar('*');", "\tputchar('\\n');", "}"),
      output: c("void f(int n) {", "\tfor (int i = 0; i < n; i++)", '\t\tprint_stdout("*");', '\tprint_stdout("\\n");', "}"),
    }));
  it("has the value putchar() returns where the program uses it: the character as an unsigned char, its argument evaluated once", () =>
    checkCase(rule, {
      code: c("int f(int r, const char *p) {", "\tr = putchar(r);", "\tif (fputc(*p++, stderr) == -1)", "\t\treturn 1;", "\treturn r;", "}"),
      output: c(
        "int f(int r, const char *p) {",
        '\tr = ({ int ch = r; print_stdout("%c", ch); (unsigned char)ch; });',
        '\tif (({ int ch = *p++; print_stderr("%c", ch); (unsigned char)ch; }) == -1)',
        "\t\treturn 1;",
        "\treturn r;",
        "}",
      ),
    }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "void f(void *fp) {\n\tfputc('x', fp);\n}\n", diagnostics: ["K2021@2:13"] }));
  it("leaves putchar's cousins it does not handle alone", () =>
    checkCase(rule, { code: "void f(void) { putchar_unlocked('x'); putwchar(L'x'); }\n", unchanged: true }));
});
