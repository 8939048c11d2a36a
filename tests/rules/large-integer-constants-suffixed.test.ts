import { describe, it } from "vitest";
import rule from "../../src/rules/large-integer-constants-suffixed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("large-integer-constants-suffixed", () => {
  it("adds U where the value is converted at once: initialiser, assignment, argument, return, case, list, cast", () =>
    checkCase(rule, {
      code: "unsigned long long f(unsigned long long x)\n{\n\tunsigned long long m = 18446744073709551615, t[] = { 9223372036854775808L };\n\tx = (12345678901234567890);\n\tg(10000000000000000000LL, (unsigned long)-18446744073709551615);\n\tswitch (x) { case 18446744073709551614: return 1; }\n\treturn 9999999999999999999;\n}\n",
      output: "unsigned long long f(unsigned long long x)\n{\n\tunsigned long long m = 18446744073709551615ULL, t[] = { 9223372036854775808UL };\n\tx = (12345678901234567890ULL);\n\tg(10000000000000000000ULL, (unsigned long)-18446744073709551615ULL);\n\tswitch (x) { case 18446744073709551614ULL: return 1; }\n\treturn 9999999999999999999ULL;\n}\n",
    }));
  it("writes long long's least value as <limits.h> does", () =>
    checkCase(rule, {
      code: "long long least = -9223372036854775808;\n",
      output: "long long least = (-9223372036854775807LL - 1);\n",
    }));
  it("keeps gcc's __int128 where an unsigned type could change the result (comparison, division, negation compared)", () =>
    checkCase(rule, {
      code: "int f(long long x)\n{\n\treturn x == 18446744073709551615 || x / 9223372036854775808 || -9223372036854775808 < 0;\n}\n",
      output:
        "int f(long long x)\n{\n\treturn x == ((__int128)18446744073709551615ULL) || x / ((__int128)9223372036854775808ULL) || -((__int128)9223372036854775808ULL) < 0;\n}\n",
    }));
  it("leaves constants that fit, that already say U, hex and octal ones, strings and comments alone", () =>
    checkCase(rule, {
      code: "// 18446744073709551615\nunsigned long long a = 9223372036854775807, b = 18446744073709551615u, c = 0xffffffffffffffff, d = 01777777777777777777777;\nconst char *s = \"18446744073709551615\";\n",
      unchanged: true,
    }));
  it("leaves the argument of UINT64_C(), which gives the constant its suffix itself", () =>
    checkCase(rule, { code: "unsigned long h = UINT64_C(14695981039346656037);\n", unchanged: true }));
});
