import { describe, expect, it } from "vitest";
import rule from "../../src/rules/stdint-types-to-kernel-types.js";
import { runInStyle } from "../helpers/kernel-style-rule.js";

describe("stdint-types-to-kernel-types (kernel style)", () => {
  it("writes the fixed-width types as the kernel's u8 … s64, in declarations, casts and parameters", async () => {
    const r = await runInStyle(rule, "static uint8_t f(int16_t b, uint32_t *p)\n{\n\tuint64_t c = (uint64_t)b;\n\tint8_t d = -1;\n\tint32_t e = 0;\n\tint64_t g = 0;\n\tuint16_t h = *p;\n\treturn (uint8_t)(c + d + e + g + h);\n}\n");
    expect(r.output).toBe("static u8 f(s16 b, u32 *p)\n{\n\tu64 c = (u64)b;\n\ts8 d = -1;\n\ts32 e = 0;\n\ts64 g = 0;\n\tu16 h = *p;\n\treturn (u8)(c + d + e + g + h);\n}\n");
    expect(r.headersNeeded).toContain("linux/types.h");
  });

  it("leaves the types the kernel keeps under their C names (size_t, uintptr_t, intmax_t) and the minimal style", async () => {
    const code = "void f(void)\n{\n\tsize_t n = 4;\n\tuintptr_t p = 0;\n\tintmax_t m = 0;\n}\n";
    expect((await runInStyle(rule, code)).output).toBe(code);
    const fixed = "void f(void)\n{\n\tuint8_t a = 1;\n}\n";
    expect((await runInStyle(rule, fixed, "minimal")).output).toBe(fixed);
  });
});
