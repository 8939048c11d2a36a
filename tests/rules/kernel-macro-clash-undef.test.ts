import { describe, it } from "vitest";
import rule from "../../src/rules/kernel-macro-clash-undef.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("kernel-macro-clash-undef", () => {
  it("leaves the program's MIN()/MAX() as written, after an #undef of the kernel's", () =>
    checkCase(rule, {
      code: "#define MIN(a, b) ((a) < (b) ? (a) : (b))\n#define MAX(a, b) ((a) > (b) ? (a) : (b))\nint f(int x) { return MIN(x, MAX(x, 0)); }\n",
      output:
        "#undef MIN\n#define MIN(a, b) ((a) < (b) ? (a) : (b))\n#undef MAX\n#define MAX(a, b) ((a) > (b) ? (a) : (b))\nint f(int x) { return MIN(x, MAX(x, 0)); }\n",
    }));
  it("undefines swap before the program's swap() function and its prototype", () =>
    checkCase(rule, {
      code: "static void swap(int *a, int *b);\n\nstatic void swap(int *a, int *b)\n{\n\tint t = *a;\n\t*a = *b;\n\t*b = t;\n}\n",
      output: "#undef swap\nstatic void swap(int *a, int *b);\n\nstatic void swap(int *a, int *b)\n{\n\tint t = *a;\n\t*a = *b;\n\t*b = t;\n}\n",
    }));
  it("puts the #undef before an #ifndef guard, so the program's definition is the one used", () =>
    checkCase(rule, {
      code: "#ifndef NSEC_PER_SEC\n#define NSEC_PER_SEC 1000000000L\n#endif\n",
      output: "#undef NSEC_PER_SEC\n#ifndef NSEC_PER_SEC\n#define NSEC_PER_SEC 1000000000L\n#endif\n",
    }));
  it("changes nothing a second time", () =>
    checkCase(rule, { code: "#undef MIN\n#define MIN(a, b) ((a) < (b) ? (a) : (b))\n", unchanged: true }));
  it("leaves names the kernel does not define, and variables named like function-like macros", () =>
    checkCase(rule, { code: "#define SMALLER(a, b) ((a) < (b) ? (a) : (b))\nint max = 3;\nint f(void) { int min = max; return min; }\n", unchanged: true }));
  it("undefines a kernel constant the program defines itself (PAGE_SIZE), not a program constant the kernel does not have", () =>
    checkCase(rule, {
      code: "#define PAGE_SIZE 256\n#define MY_PAGE 64\nint f(unsigned a) { return a % PAGE_SIZE + MY_PAGE; }\n",
      output: "#undef PAGE_SIZE\n#define PAGE_SIZE 256\n#define MY_PAGE 64\nint f(unsigned a) { return a % PAGE_SIZE + MY_PAGE; }\n",
    }));
});
