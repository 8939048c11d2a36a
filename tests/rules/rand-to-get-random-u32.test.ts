import { describe, it } from "vitest";
import rule from "../../src/rules/rand-to-get-random-u32.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("rand-to-get-random-u32", () => {
  // Every case seeds from the clock somewhere: only such a program's rand() goes to the kernel's generator.
  it("rand() % n becomes get_random_u32_below(n), with no cast where the result is stored", () =>
    checkCase(rule, {
      code: "void seed(void)\n{\n\tsrand(time(NULL));\n}\nint roll(void)\n{\n\tint die = rand() % 6 + 1;\n\treturn die;\n}\n",
      output: "void seed(void)\n{\n}\nint roll(void)\n{\n\tint die = get_random_u32_below(6) + 1;\n\treturn die;\n}\n",
    }));
  it("drops the parentheses around the modulus", () =>
    checkCase(rule, {
      code: "void seed(void)\n{\n\tsrand(time(NULL));\n}\nint pick(int lo, int hi)\n{\n\treturn rand() % (hi - lo + 1);\n}\n",
      output: "void seed(void)\n{\n}\nint pick(int lo, int hi)\n{\n\treturn get_random_u32_below(hi - lo + 1);\n}\n",
    }));
  it("casts to int where unsigned arithmetic would change the result", () =>
    checkCase(rule, {
      code: "void seed(void)\n{\n\tsrand(time(NULL));\n}\nint f(int n)\n{\n\tint c = 0;\n\tc += (rand() % 21) - 10;\n\tif (rand() % 100 < n)\n\t\tc++;\n\treturn c;\n}\n",
      output: "void seed(void)\n{\n}\nint f(int n)\n{\n\tint c = 0;\n\tc += ((int)get_random_u32_below(21)) - 10;\n\tif ((int)get_random_u32_below(100) < n)\n\t\tc++;\n\treturn c;\n}\n",
    }));
  it("a bare rand() keeps glibc's range, 0 to INT_MAX", () =>
    checkCase(rule, {
      code: "void seed(void)\n{\n\tsrand(time(NULL));\n}\nvoid f(int *v)\n{\n\tv[0] = rand();\n\tv[1] = random() - 7;\n\tg(rand());\n}\n",
      output: "void seed(void)\n{\n}\nvoid f(int *v)\n{\n\tv[0] = get_random_u32() & INT_MAX;\n\tv[1] = (int)(get_random_u32() & INT_MAX) - 7;\n\tg(get_random_u32() & INT_MAX);\n}\n",
    }));
  it("removes srand() and srandom(), seeds and all", () =>
    checkCase(rule, {
      code: "void f(void)\n{\n\tsrand(time(NULL));\n\tsrandom(42);\n\tg(rand() % 2);\n}\n",
      output: "void f(void)\n{\n\tg(get_random_u32_below(2));\n}\n",
    }));
  it("leaves rand() to rand-srand-defined where the program never seeds it, or seeds it with a constant", () =>
    checkCase(rule, { code: "void f(void)\n{\n\tsrand(42);\n\tg(rand() % 2);\n}\nint h(void)\n{\n\treturn rand();\n}\n", unchanged: true }));
  it("leaves a program's own rand() alone", () =>
    checkCase(rule, { code: "static int rand(void) { return 4; }\nint f(void) { return rand() % 6; }\n", unchanged: true }));
});
