import { describe, it } from "vitest";
import rule from "../../src/rules/bit-builtins-to-kernel.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("bit-builtins-to-kernel", () => {
  it("counts bits with the kernel's hweight functions, parity as the count's lowest bit, with the builtins' int type", () =>
    checkCase(rule, {
      code: "int f(unsigned x, unsigned long y, unsigned long long z) {\n\treturn __builtin_popcount(x) + __builtin_popcountl(y) + __builtin_popcountll(z) + __builtin_parity(x & 3);\n}\n",
      output: "int f(unsigned x, unsigned long y, unsigned long long z) {\n\treturn (int)hweight32(x) + (int)hweight_long(y) + (int)hweight64(z) + (int)(hweight32(x & 3) & 1);\n}\n",
    }));
  it("keeps the builtins GCC computes in place", () =>
    checkCase(rule, { code: "int f(unsigned x) {\n\treturn __builtin_ctz(x) + __builtin_clzll(1ULL << 40) + (int)__builtin_bswap32(x);\n}\n", unchanged: true }));
});
