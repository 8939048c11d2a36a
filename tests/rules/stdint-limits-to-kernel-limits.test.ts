import { describe, it } from "vitest";
import rule from "../../src/rules/stdint-limits-to-kernel-limits.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("stdint-limits-to-kernel-limits", () => {
  it("renames the limits the kernel spells differently", () =>
    checkCase(rule, {
      code: "#define LIMIT INT32_MAX\nint f(intptr_t p)\n{\n\tuint64_t u = UINT64_MAX;\n\tint bits = sizeof(int) * CHAR_BIT;\n\treturn rand() / (RAND_MAX / 6 + 1) + INT8_MIN;\n}\n",
      output:
        "#define LIMIT S32_MAX\nint f(long p)\n{\n\tuint64_t u = U64_MAX;\n\tint bits = sizeof(int) * BITS_PER_BYTE;\n\treturn rand() / (INT_MAX / 6 + 1) + S8_MIN;\n}\n",
    }));
  it("leaves the names the kernel shares with the C library", () =>
    checkCase(rule, { code: "long f(void) { return INT_MAX + LONG_MAX + SIZE_MAX + UINT_MAX; }\n", unchanged: true }));
  it("refuses CHAR_MAX, whose value depends on the architecture", () =>
    checkCase(rule, { code: "char c = CHAR_MAX;\n", diagnostics: ["K2130@1:10"] }));
  it("gives the least- and fast- types glibc's x86-64 types", () =>
    checkCase(rule, {
      code: "int_fast32_t x;\nuint_fast8_t y;\nuint_least16_t z;\nint_least64_t w;\n",
      output: "long x;\nuint8_t y;\nuint16_t z;\nint64_t w;\n",
    }));
  it("defines the constant macros the program uses, before their first use, a macro body's too", () =>
    checkCase(rule, {
      code: "#define PRIME UINT64_C(1099511628211)\nint32_t f(void) { return INT32_C(7) + (int32_t)PRIME; }\n",
      output: "#define INT32_C(c) c\n\n#define UINT64_C(c) c ## UL\n\n#define PRIME UINT64_C(1099511628211)\nint32_t f(void) { return INT32_C(7) + (int32_t)PRIME; }\n",
    }));
  it("leaves a name the program defines itself", () => checkCase(rule, { code: "#define RAND_MAX 100\nint r = RAND_MAX;\n", unchanged: true }));
  it("renames the least- and fast- types' limits to what glibc's x86-64 <stdint.h> makes them", () =>
    checkCase(rule, {
      code: "long a = INT_FAST32_MAX;\nunsigned long b = UINT_FAST64_MAX;\nint c = INT_LEAST16_MIN;\nunsigned d = UINT_FAST8_MAX;\n",
      output: "long a = LONG_MAX;\nunsigned long b = ULONG_MAX;\nint c = S16_MIN;\nunsigned d = U8_MAX;\n",
    }));
  it("defines LINE_MAX and BUFSIZ with glibc's values above the first function that uses them, a name the program defines left alone", () =>
    checkCase(rule, {
      code: "#define MB_LEN_MAX 4\nint f(void)\n{\n\tchar line[LINE_MAX];\n\tchar buf[BUFSIZ];\n\n\treturn sizeof(line) + sizeof(buf) + MB_LEN_MAX;\n}\n",
      output: "#define MB_LEN_MAX 4\n#define BUFSIZ 8192\n\n#define LINE_MAX 2048\n\nint f(void)\n{\n\tchar line[LINE_MAX];\n\tchar buf[BUFSIZ];\n\n\treturn sizeof(line) + sizeof(buf) + MB_LEN_MAX;\n}\n",
    }));
});
