import { describe, it } from "vitest";
import rule from "../../src/rules/attribute-names-reserved-spelling.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("attribute-names-reserved-spelling", () => {
  it("spells noinline and fallthrough with underscores, in a list and in a macro's body, leaving the kernel's other names alone", () =>
    checkCase(rule, {
      code:
        "#define HOT __attribute__((noinline))\n" +
        "static __attribute__((noinline, unused)) int f(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\tx++;\n\t\t__attribute__((fallthrough));\n\tdefault:\n\t\treturn x;\n\t}\n}\n" +
        "static char buf[8] __attribute__((aligned(8), used));\n",
      output:
        "#define HOT __attribute__((__noinline__))\n" +
        "static __attribute__((__noinline__, unused)) int f(int x)\n{\n\tswitch (x) {\n\tcase 1:\n\t\tx++;\n\t\t__attribute__((__fallthrough__));\n\tdefault:\n\t\treturn x;\n\t}\n}\n" +
        "static char buf[8] __attribute__((aligned(8), used));\n",
    }));
  it("leaves the reserved spelling, an argument named like a macro, comments and strings alone", () =>
    checkCase(rule, {
      code: '/* __attribute__((noinline)) */\nstatic const char *s = "__attribute__((noinline))";\nstatic __attribute__((__noinline__)) void g(void) { }\nstatic int a[4] __attribute__((aligned(noinline)));\n',
      unchanged: true,
    }));
});
