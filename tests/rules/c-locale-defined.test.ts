import { describe, expect, it } from "vitest";
import rule from "../../src/rules/c-locale-defined.js";
import { checkCase, runAll, runRule } from "../helpers/rule-tester.js";

describe("c-locale-defined", () => {
  it("defines setlocale() and the categories the program names above the first code that calls it, and keeps the call", async () => {
    const code = 'void f(void)\n{\n\tif (!setlocale(LC_CTYPE, "de_DE.iso88591"))\n\t\tg();\n}\n';
    const r = await runRule(rule, code);
    expect(r.output!.startsWith("#define LC_CTYPE 0\n\n/*\n")).toBe(true);
    expect(r.output).toContain("static inline char *setlocale(int category, const char *locale)\n{\n\tif (category < 0 || category > 12)\n\t\treturn NULL;\n");
    expect(r.output).toContain('if (!locale || !*locale || !strcmp(locale, "C") || !strcmp(locale, "POSIX"))\n\t\treturn "C";\n\treturn NULL;\n}\n');
    expect(r.output).not.toContain("LC_ALL");
    expect(r.output!.endsWith(code)).toBe(true);
  });
  it("defines struct lconv and localeconv() with the C locale's values", async () => {
    const r = await runRule(rule, "void f(void)\n{\n\tstruct lconv *lc = localeconv();\n\n\tg(lc->currency_symbol);\n}\n");
    expect(r.output!.startsWith("struct lconv {\n\tchar *decimal_point;\n")).toBe(true);
    expect(r.output).toContain('\t\t.decimal_point = ".",\n\t\t.thousands_sep = "",\n');
    expect(r.output).toContain("\t\t.int_frac_digits = 127,\n");
    expect(r.output).toContain("\t\t.int_n_sign_posn = 127,\n\t};\n\n\treturn &c_locale;\n}\n");
    expect(r.output).not.toContain("setlocale");
  });
  it("makes strcoll() strcmp() and defines strxfrm() as a copy", async () => {
    const r = await runRule(rule, "int f(const char *a, const char *b, char *k)\n{\n\tstrxfrm(k, a, 8);\n\treturn strcoll(a, b);\n}\n");
    expect(r.output).toContain("\treturn strcmp(a, b);\n");
    expect(r.output).toContain("static inline size_t strxfrm(char *dest, const char *src, size_t n)\n{\n\tsize_t len = strlen(src);\n\n\tif (n)\n\t\tmemcpy(dest, src, len < n ? len + 1 : n);\n\treturn len;\n}\n");
  });
  it("leaves a program's own setlocale() alone", () =>
    checkCase(rule, { code: "static char *setlocale(int c, const char *l) { return 0; }\nvoid f(void) { setlocale(0, \"\"); }\n", unchanged: true }));
  it("ports a whole program that asks for a locale and falls back to the C locale, without refusing <locale.h>", async () => {
    const r = await runAll('#include <ctype.h>\n#include <locale.h>\n#include <stdio.h>\n\nint main(void)\n{\n\tunsigned char c = 0xdf;\n\n\tif (setlocale(LC_ALL, "de_DE.UTF-8") == NULL)\n\t\tprintf("no locale: isalpha %d\\n", !!isalpha(c));\n\treturn 0;\n}\n', { name: "loc" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("<locale.h>");
    expect(r.output).toContain("#define LC_ALL 6\n");
    expect(r.output).toContain("#include <linux/string.h>\n");
  });
  it("still refuses the POSIX locale objects, with the locale refusal", async () => {
    const r = await runAll('#include <locale.h>\n#include <stdio.h>\n\nint main(void)\n{\n\tlocale_t l = newlocale(LC_ALL_MASK, "C", (locale_t)0);\n\n\tfreelocale(l);\n\treturn 0;\n}\n', { name: "loc" });
    expect(r.diagnostics.map((d) => d.code)).toContain("K3010");
    expect(r.output).toBeUndefined();
  });
});
