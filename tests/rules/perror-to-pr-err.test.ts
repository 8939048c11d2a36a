import { describe, it } from "vitest";
import rule from "../../src/rules/perror-to-pr-err.js";
import { checkCase } from "../helpers/rule-tester.js";

const c = (...lines: string[]) => lines.join("\n") + "\n";

describe("perror-to-pr-err", () => {
  it("keeps the program's words and ends the line", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tperror("malloc");\n}\n',
      output: 'void f(void) {\n\tpr_err("malloc\\n");\n}\n',
    }));
  it("prints a string variable through \"%s\\n\"", () =>
    checkCase(rule, {
      code: "void f(const char *what) { perror(what); }\n",
      output: 'void f(const char *what) { pr_err("%s\\n", what); }\n',
    }));
  it("starts its own line even after an open one", () =>
    checkCase(rule, {
      code: 'void f(void) { printf("working... "); perror("step"); }\n',
      output: 'void f(void) { printf("working... "); pr_err("step\\n"); }\n',
    }));
  describe("the errno text, where the program's own test says an allocation failed", () => {
    it("after a NULL test of what an allocator returned, in every spelling", () =>
      checkCase(rule, {
        code: c(
          "void f(int n) {",
          "\tchar *a = malloc(n);",
          "\tif (a == NULL) perror(\"malloc\");",
          "\tchar *b;",
          "\tif (!(b = strdup(\"x\"))) { perror(\"\"); return; }",
          "\tstruct s *s = (struct s *)calloc(1, n);",
          "\tif (s) g(s); else perror(\"calloc\");",
          "\tif (!a || !b) perror(\"either\");",
          "}",
        ),
        output: c(
          "void f(int n) {",
          "\tchar *a = malloc(n);",
          "\tif (a == NULL) pr_err(\"malloc: Cannot allocate memory\\n\");",
          "\tchar *b;",
          "\tif (!(b = strdup(\"x\"))) { pr_err(\"Cannot allocate memory\\n\"); return; }",
          "\tstruct s *s = (struct s *)calloc(1, n);",
          "\tif (s) g(s); else pr_err(\"calloc: Cannot allocate memory\\n\");",
          "\tif (!a || !b) pr_err(\"either: Cannot allocate memory\\n\");",
          "}",
        ),
      }));
    it("after a helper of the program's that returns NULL only where its own allocation failed", () =>
      checkCase(rule, {
        code: c(
          "static char *copy(const char *s) {",
          "\tchar *p = malloc(strlen(s) + 1);",
          "\tif (!p)",
          "\t\treturn NULL;",
          "\treturn strcpy(p, s);",
          "}",
          "static char *dup(const char *s) {",
          "\tchar *p = copy(s);",
          "\treturn p;",
          "}",
          "void f(void) {",
          "\tchar *a = copy(\"x\");",
          "\tif (!a) perror(\"copy\");",
          "\tif (!dup(\"y\")) perror(\"dup\");",
          "}",
        ),
        output: c(
          "static char *copy(const char *s) {",
          "\tchar *p = malloc(strlen(s) + 1);",
          "\tif (!p)",
          "\t\treturn NULL;",
          "\treturn strcpy(p, s);",
          "}",
          "static char *dup(const char *s) {",
          "\tchar *p = copy(s);",
          "\treturn p;",
          "}",
          "void f(void) {",
          "\tchar *a = copy(\"x\");",
          "\tif (!a) pr_err(\"copy: Cannot allocate memory\\n\");",
          "\tif (!dup(\"y\")) pr_err(\"dup: Cannot allocate memory\\n\");",
          "}",
        ),
      }));
    it("not after a helper that returns NULL for another reason too", () =>
      checkCase(rule, {
        code: c("static char *make(int n) {", "\tif (n < 0)", "\t\treturn NULL;", "\treturn malloc(n);", "}", "void f(int n) {", "\tchar *a = make(n);", "\tif (!a) perror(\"make\");", "}"),
        output: c("static char *make(int n) {", "\tif (n < 0)", "\t\treturn NULL;", "\treturn malloc(n);", "}", "void f(int n) {", "\tchar *a = make(n);", "\tif (!a) pr_err(\"make\\n\");", "}"),
      }));
    it("not where errno's value depends on what ran before", () =>
      checkCase(rule, {
        code: c("void f(int n, char *p) {", "\tchar *a = malloc(n);", "\tif (n < 0 || !a) perror(\"bad\");", "\tif (!p) perror(\"p\");", "\tif (a) perror(\"a\");", "}"),
        output: c("void f(int n, char *p) {", "\tchar *a = malloc(n);", "\tif (n < 0 || !a) pr_err(\"bad\\n\");", "\tif (!p) pr_err(\"p\\n\");", "\tif (a) pr_err(\"a\\n\");", "}"),
      }));
  });
  it("leaves a program's own function named like it alone", () =>
    checkCase(rule, { code: 'void f(void) { log_perror("x"); }\n', unchanged: true }));
});
