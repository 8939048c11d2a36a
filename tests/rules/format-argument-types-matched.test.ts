import { describe, it } from "vitest";
import rule from "../../src/rules/format-argument-types-matched.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("format-argument-types-matched", () => {
  it("casts an argument of another width to what its conversion reads: size_t, long and sizeof to %d, int to %ld, long long to %lu", () =>
    checkCase(rule, {
      code: 'int main(void)\n{\n\tconst char *s = "abc";\n\tlong big = 5;\n\tint n = 2;\n\tlong long w = 7;\n\n\tprintf("%d %d %d %ld %lu\\n", strlen(s), sizeof(big), big, n, w);\n\treturn 0;\n}\n',
      output: 'int main(void)\n{\n\tconst char *s = "abc";\n\tlong big = 5;\n\tint n = 2;\n\tlong long w = 7;\n\n\tprintf("%d %d %d %ld %lu\\n", (int)strlen(s), (int)sizeof(big), (int)big, (long)n, (unsigned long)w);\n\treturn 0;\n}\n',
    }));
  it("reads arithmetic with C's conversions, and puts an operation in parentheses under its cast", () =>
    checkCase(rule, {
      code: 'void f(long a, int b, unsigned char c)\n{\n\tprintf("%d %x %c %u\\n", a + b, b * 2, c + 1, a > b);\n}\n',
      output: 'void f(long a, int b, unsigned char c)\n{\n\tprintf("%d %x %c %u\\n", (int)(a + b), b * 2, c + 1, a > b);\n}\n',
    }));
  it("leaves matching widths, signedness alone, %zu, %#x, pointers, and what the file does not type", () =>
    checkCase(rule, {
      code: 'struct s { unsigned long n; };\nint g(void);\nvoid f(struct s *p, unsigned u, size_t z, char *q, long k)\n{\n\tprintf("%u %d %zu %lu %#x %p %d %ld %d\\n", -1, u, z, p->n, k, q, g(), k, unknown(z));\n}\n',
      unchanged: true,
    }));
  it("gives a constant the type its value and suffix make: 5000000000 is a long, 5L too", () =>
    checkCase(rule, {
      code: 'void f(void)\n{\n\tprintf("%d %d %lld %d\\n", 5000000000, 5L, 3, \'x\');\n}\n',
      output: 'void f(void)\n{\n\tprintf("%d %d %lld %d\\n", (int)5000000000, (int)5L, (long long)3, \'x\');\n}\n',
    }));
});
