import { describe, it } from "vitest";
import rule from "../../src/rules/inttypes-format-macros-to-literals.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("inttypes-format-macros-to-literals", () => {
  it("merges the kernel's conversion into the literals around it", () =>
    checkCase(rule, {
      code: 'void f(int64_t a, uint32_t b)\n{\n\tprintf("%" PRId64 " and %" PRIu32 "\\n", a, b);\n}\n',
      output: 'void f(int64_t a, uint32_t b)\n{\n\tprintf("%lld and %u\\n", a, b);\n}\n',
    }));
  it("handles a macro at either end of the format, and uintptr_t", () =>
    checkCase(rule, {
      code: 'void f(uint64_t a, uintptr_t c)\n{\n\tprintf("%08" PRIxPTR, c);\n\tprintf(PRIu64 "\\n", a);\n}\n',
      output: 'void f(uint64_t a, uintptr_t c)\n{\n\tprintf("%08lx", c);\n\tprintf("llu\\n", a);\n}\n',
    }));
  it("rewrites a format macro the program #defines", () =>
    checkCase(rule, { code: '#define FMT "%" PRIu64 "\\n"\n', output: '#define FMT "%llu\\n"\n' }));
  it("leaves comments and strings alone", () =>
    checkCase(rule, { code: 'const char *s = "PRId64"; /* PRId64 */\n', unchanged: true }));
  it("picks %lu for an unsigned long argument and %llu for a uint64_t one", () =>
    checkCase(rule, {
      code: 'void f(unsigned long a, uint64_t b)\n{\n\tprintf("%" PRIu64 " %" PRIu64 "\\n", a, b);\n\tprintf("%*d %" PRId64 "\\n", 3, 4, (long)b);\n\tprintf("%" PRIu64 "\\n", 12345678901234567890u);\n}\n',
      output: 'void f(unsigned long a, uint64_t b)\n{\n\tprintf("%lu %llu\\n", a, b);\n\tprintf("%*d %ld\\n", 3, 4, (long)b);\n\tprintf("%lu\\n", 12345678901234567890u);\n}\n',
    }));
  it("keeps userspace's text for a macro printed as a string", () =>
    checkCase(rule, { code: 'void f(void)\n{\n\tprintf("%s\\n", PRId64);\n}\n', output: 'void f(void)\n{\n\tprintf("%s\\n", "ld");\n}\n' }));
  it("refuses a macro for a type the kernel lacks", () =>
    checkCase(rule, { code: 'void f(long a)\n{\n\tprintf("%" PRIdMAX, a);\n}\n', diagnostics: ["K2130@3:13"] }));
  it("spells the least- and fast- macros for the types those are ported to (long for the wide fast ones)", () =>
    checkCase(rule, {
      code: 'void f(long a, unsigned char b, int16_t c)\n{\n\tprintf("%" PRIdFAST32 " %" PRIuFAST8 " %" PRIdLEAST16 "\\n", a, b, c);\n}\n',
      output: 'void f(long a, unsigned char b, int16_t c)\n{\n\tprintf("%ld %u %d\\n", a, b, c);\n}\n',
    }));
});
