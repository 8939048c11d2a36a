import { describe, it } from "vitest";
import rule from "../../src/rules/implicit-fallthrough-marked.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("implicit-fallthrough-marked", () => {
  it("marks a case that runs on, on a line of its own at the statement's indentation", () =>
    checkCase(rule, {
      code: "int f(int i)\n{\n\tint n = 0;\n\tswitch (i) {\n\tcase 1:\n\t\tn++;\n\t\t/* fall through */\n\tcase 2:\n\t\tn++;\n\t\tbreak;\n\t}\n\treturn n;\n}\n",
      output: "int f(int i)\n{\n\tint n = 0;\n\tswitch (i) {\n\tcase 1:\n\t\tn++;\n\t\tfallthrough;\n\t\t/* fall through */\n\tcase 2:\n\t\tn++;\n\t\tbreak;\n\t}\n\treturn n;\n}\n",
    }));
  it("puts it after a trailing comment, one level in from a label that shares the statement's line", () =>
    checkCase(rule, {
      code: "void f(int i, int *n)\n{\n    switch (i) {\n        case 1: n[0]++; // one\n        default: n[1]++;\n    }\n}\n",
      output: "void f(int i, int *n)\n{\n    switch (i) {\n        case 1: n[0]++; // one\n            fallthrough;\n        default: n[1]++;\n    }\n}\n",
    }));
  it("marks the labels inside a case's block (Duff's device), and not a label after one that ends", () =>
    checkCase(rule, {
      code: "void copy(char *to, const char *from, int count)\n{\n\tint n = (count + 3) / 4;\n\n\tswitch (count % 4) {\n\tcase 0: do {\n\t\t*to++ = *from++;\n\tcase 2:\n\t\t*to++ = *from++;\n\tcase 1:\n\t\tif (!*from)\n\t\t\treturn;\n\t\t*to++ = *from++;\n\t} while (--n > 0);\n\t}\n}\n",
      output: "void copy(char *to, const char *from, int count)\n{\n\tint n = (count + 3) / 4;\n\n\tswitch (count % 4) {\n\tcase 0: do {\n\t\t*to++ = *from++;\n\t\tfallthrough;\n\tcase 2:\n\t\t*to++ = *from++;\n\t\tfallthrough;\n\tcase 1:\n\t\tif (!*from)\n\t\t\treturn;\n\t\t*to++ = *from++;\n\t} while (--n > 0);\n\t}\n}\n",
    }));
  it("marks a case whose label shares a line with the next", () =>
    checkCase(rule, {
      code: "void f(int i, int *n) { switch (i) { case 1: n[0]++; case 2: n[1]++; } }\n",
      output: "void f(int i, int *n) { switch (i) { case 1: n[0]++; fallthrough; case 2: n[1]++; } }\n",
    }));
  it("leaves cases that cannot run on, empty cases, the last case and marked ones alone", () =>
    checkCase(rule, {
      code: [
        "void exit(int);",
        "int f(int i, int *n)",
        "{",
        "    switch (i) {",
        "    case 1: return 1;",
        "    case 2: n[0]++; break;",
        "    case 3:",
        "    case 4: if (n[0]) return 2; else break;",
        "    case 5: { n[1]++; goto out; }",
        "    case 6: exit(1);",
        "    case 7: for (;;) n[0]++;",
        "    case 9: while (1) { n[0]++; }",
        "    default: n[3]++;",
        "    }",
        "out:",
        "    return 0;",
        "}",
        "",
      ].join("\n"),
      unchanged: true,
    }));
  it("marks an if without an else, and a nested switch's own cases", () =>
    checkCase(rule, {
      code: "void f(int i, int j, int *n)\n{\n    switch (i) {\n    case 1:\n        if (j) break;\n    case 2:\n        switch (j) { case 0: n[0]++; case 1: break; }\n        break;\n    }\n}\n",
      output: "void f(int i, int j, int *n)\n{\n    switch (i) {\n    case 1:\n        if (j) break;\n        fallthrough;\n    case 2:\n        switch (j) { case 0: n[0]++; fallthrough; case 1: break; }\n        break;\n    }\n}\n",
    }));
});

describe("implicit-fallthrough-marked, a return that is an if's body", () => {
  it("still marks the case: the if can be false", () =>
    checkCase(rule, {
      code: "int f(int i, int j)\n{\n\tswitch (i) {\n\tcase 1: if (j) return 1;\n\tcase 2: break;\n\t}\n\treturn 0;\n}\n",
      output: "int f(int i, int j)\n{\n\tswitch (i) {\n\tcase 1: if (j) return 1;\n\t\tfallthrough;\n\tcase 2: break;\n\t}\n\treturn 0;\n}\n",
    }));
});
