import { describe, expect, it } from "vitest";
import rule from "../../src/rules/printf-alternate-hex-zero.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("printf-alternate-hex-zero", () => {
  it("formats %#x through the module's function, with and without the '#'", async () => {
    const r = await runRule(rule, "void f(unsigned v)\n{\n\tprintf(\"[%#8x] %d\\n\", v++, 3);\n}\n");
    expect(r.output).toContain('\tprintf("[%s] %d\\n", hex_text((unsigned int)(v++), "%#8llx", "%8llx").text, 3);\n');
    expect(r.output).toContain("static struct hex_text hex_text(unsigned long long value, const char *nonzero, const char *zero)\n");
  });
  it("casts by the length modifier and counts '*' arguments", async () => {
    const r = await runRule(rule, "void f(int w, long v, unsigned char c)\n{\n\tprintf(\"%*d %#lX %#hhx\\n\", w, 1, v, c);\n}\n");
    expect(r.output).toContain('printf("%*d %s %s\\n", w, 1, hex_text((unsigned long)(v), "%#llX", "%llX").text, hex_text((c) & 0xff, "%#llx", "%llx").text);');
  });
  it("keeps an argument's own cast to the type read, rather than casting it twice", async () => {
    const r = await runRule(rule, "void f(unsigned v, long w)\n{\n\tprintf(\"%#x %#x %#lx\\n\", (unsigned int)v, (unsigned char)v, (unsigned  long) w);\n}\n");
    expect(r.output).toContain('printf("%s %s %s\\n", hex_text((unsigned int)v, "%#llx", "%llx").text, hex_text((unsigned int)((unsigned char)v), "%#llx", "%llx").text, hex_text((unsigned  long) w, "%#llx", "%llx").text);');
  });
  it("reads a format with <inttypes.h> macros among its pieces: the conversions in one literal are ported, one a macro completes is left", async () => {
    const r = await runRule(rule, "void f(uint8_t t, unsigned v)\n{\n\tprintf(\"t=%\" PRIu8 \" c=%#x %#\" PRIx32 \"\\n\", t, v, v);\n}\n");
    expect(r.output).toContain('printf("t=%" PRIu8 " c=%s %#" PRIx32 "\\n", t, hex_text((unsigned int)(v), "%#llx", "%llx").text, v);');
  });
  it("formats a conversion of precision zero through it, given the C library's text for zero: the padding, a flag's sign, %#o's 0", async () => {
    const r = await runRule(rule, "void f(int n, unsigned u, short h)\n{\n\tprintf(\"[%.0d] [%-+5.d] [% 3.0i] [%5.0u] [%#.0o] [%#.0x] [%.0hd]\\n\", n, n, n, u, u, u, h);\n}\n");
    expect(r.output).toContain('printf("[%s] [%s] [%s] [%s] [%s] [%s] [%s]\\n", hex_text((int)(n), "%.0lld", "").text, hex_text((int)(n), "%-+5.lld", "+    ").text, hex_text((int)(n), "% 3.0lld", "   ").text, hex_text((unsigned int)(u), "%5.0llu", "     ").text, hex_text((unsigned int)(u), "%#.0llo", "0").text, hex_text((unsigned int)(u), "%#.0llx", "").text, hex_text((short)(h), "%.0lld", "").text);');
    expect(r.output).toContain(" * %.0d as the C library prints it");
  });
  it("leaves %x, %#o and formats it cannot read", () =>
    checkCase(rule, { code: "void f(unsigned v, const char *fmt)\n{\n\tprintf(\"%x %#o %.1d %5x\\n\", v, v, v, v);\n\tprintf(fmt, v);\n\tprintf(\"%#\" PRIx32 \"\\n\", v);\n}\n", unchanged: true }));
  it("ports a whole program that prints a zero with %#x, as a pr_info() of %s", async () => {
    const r = await runAll("#include <stdio.h>\nint main(void)\n{\n\tfor (unsigned i = 0; i < 3; i++)\n\t\tprintf(\"%#x\\n\", i);\n\treturn 0;\n}\n", { name: "m" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('pr_info("%s\\n", hex_text((unsigned int)(i), "%#llx", "%llx").text);');
  });
});
