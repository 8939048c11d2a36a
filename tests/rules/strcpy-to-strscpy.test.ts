import { describe, expect, it } from "vitest";
import rule from "../../src/rules/strcpy-to-strscpy.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

describe("strcpy-to-strscpy", () => {
  it("bounds a copy into a local array by its sizeof", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar buf[16];\n\tstrcpy(buf, \"hi\");\n\tstrcat(buf, \"!\");\n}\n",
      output: "void f(void)\n{\n\tchar buf[16];\n\tstrscpy(buf, \"hi\", sizeof(buf));\n\tstrlcat(buf, \"!\", sizeof(buf));\n}\n",
    }));
  it("bounds copies into struct members and rows of a two-dimensional array", () =>
    checkCase(rule, {
      code: "struct person { char name[32]; };\nvoid f(struct person *p, char grid[4][8], int i)\n{\n\tstrcpy(p->name, \"x\");\n\tstrcpy(grid[i], \"z\");\n}\n",
      output:
        "struct person { char name[32]; };\nvoid f(struct person *p, char grid[4][8], int i)\n{\n\tstrscpy(p->name, \"x\", sizeof(p->name));\n\tstrscpy(grid[i], \"z\", sizeof(grid[i]));\n}\n",
    }));
  it("keeps a copy into a structure's last member declared [], [0] or [1]: the structure is allocated longer, and its sizeof is not the room", async () => {
    for (const bound of ["", "0", "1"]) {
      await checkCase(rule, {
        code: `struct entry { int n; char word[${bound}]; };\nvoid f(struct entry *e, const char *w)\n{\n\tstrcpy(e->word, w);\n}\n`,
        unchanged: true,
        diagnostics: ["K2101@4:2"],
      });
    }
  });
  it("keeps and flags a copy into a pointer, whose buffer size it cannot see", () =>
    checkCase(rule, {
      code: "void f(char *dst)\n{\n\tstrcpy(dst, \"a\");\n}\n",
      unchanged: true,
      diagnostics: ["K2101@3:2"],
    }));
  it("does not take an array parameter for an array: sizeof would measure the pointer", () =>
    checkCase(rule, { code: "void f(char dst[16])\n{\n\tstrcpy(dst, \"a\");\n}\n", unchanged: true, diagnostics: ["K2101@3:2"] }));
  it("keeps a copy whose return value is used, since strscpy() returns something else", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar buf[8];\n\tputs(strcpy(buf, \"c\"));\n}\n",
      unchanged: true,
      diagnostics: ["K2101@4:7"],
    }));
  it("keeps strncpy() and strncat() and flags them", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tchar buf[8];\n\tstrncpy(buf, \"d\", sizeof(buf) - 1);\n\tstrncat(buf, \"e\", 1);\n}\n",
      unchanged: true,
      diagnostics: ["K2102@4:2", "K2102@5:2"],
    }));
  it("leaves a program's own strcpy() alone", () =>
    checkCase(rule, { code: "static void strcpy(char *d, const char *s) { while ((*d++ = *s++)); }\nvoid f(char *d) { strcpy(d, \"x\"); }\n", unchanged: true }));
  it("needs <linux/string.h> when it keeps a call", async () => {
    const r = await runRule(rule, "void f(char *d) { strcpy(d, \"x\"); }\n");
    expect(r.headersNeeded).toEqual(["linux/string.h"]);
  });
});
