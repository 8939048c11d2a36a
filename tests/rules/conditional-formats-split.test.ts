import { describe, it } from "vitest";
import rule from "../../src/rules/conditional-formats-split.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("conditional-formats-split", () => {
  it("a format chosen between literals becomes a choice between two calls with the same arguments", () =>
    checkCase(rule, {
      code: 'void f(int i) {\n\tprintf(i == 0 ? "first %d\\n" : "then %d\\n", i);\n}\n',
      output: 'void f(int i) {\n\ti == 0 ? printf("first %d\\n", i) : printf("then %d\\n", i);\n}\n',
    }));
  it("nests as the conditions nest, and keeps the value in parentheses where the program uses it", () =>
    checkCase(rule, {
      code: 'int f(int i, char *b) {\n\tfprintf(stderr, i ? (i > 1 ? "%d+" : "%d") : "none", i);\n\treturn printf((i) ? "%s!\\n" : "%s?\\n", b);\n}\n',
      output:
        'int f(int i, char *b) {\n\ti ? i > 1 ? fprintf(stderr, "%d+", i) : fprintf(stderr, "%d", i) : fprintf(stderr, "none", i);\n\treturn ((i) ? printf("%s!\\n", b) : printf("%s?\\n", b));\n}\n',
    }));
  it("leaves a format with nothing after it, which prints through \"%s\", and snprintf(), which takes any format in the kernel too", () =>
    checkCase(rule, { code: 'void f(int i, char *b) {\n\tprintf(i ? " " : "\\n");\n\tsnprintf(b, 8, i ? ",%d" : "%d", i);\n}\n', unchanged: true }));
  it("leaves a format that is a variable, or a condition with one, to the print rules", () =>
    checkCase(rule, { code: 'void f(int i, const char *s) {\n\tprintf(i ? s : "x %d\\n", i);\n\tprintf(s, i);\n}\n', unchanged: true }));
  it("leaves a program's own printf() alone", () =>
    checkCase(rule, { code: 'static int printf(const char *f, ...) { return 0; }\nvoid g(int i) { printf(i ? "a" : "b"); }\n', unchanged: true }));
});
