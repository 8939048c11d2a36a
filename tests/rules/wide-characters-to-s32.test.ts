import { describe, it } from "vitest";
import rule from "../../src/rules/wide-characters-to-s32.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("wide-characters-to-s32", () => {
  it("makes wchar_t s32 and L'c' its code point, beyond U+FFFF and through an escape too", () =>
    checkCase(rule, {
      code: "#include <stddef.h>\nint f(void) { wchar_t c = L'猫', b = L'🍌', n = L'\\n'; return (int)c + b + n + (int)sizeof(wchar_t); }\n",
      output: "#include <stddef.h>\nint f(void) { s32 c = 0x732b /* L'猫' */, b = 0x1f34c /* L'🍌' */, n = 0xa /* L'\\n' */; return (int)c + b + n + (int)sizeof(s32); }\n",
    }));
  it("leaves a wide constant of several characters to multi-character-constants-to-values", () =>
    checkCase(rule, { code: "int f(void) { return L'ab'; }\n", unchanged: true }));
  it("ports wchar_t in a macro body too", () =>
    checkCase(rule, { code: "#define WIDE(c) ((wchar_t)(c))\n", output: "#define WIDE(c) ((s32)(c))\n" }));
  it("leaves a program's own wchar_t, and words in comments and strings, alone", () =>
    checkCase(rule, { code: "typedef int wchar_t;\n// wchar_t L'a'\nconst char *s = \"wchar_t L'a'\";\nwchar_t w;\n", unchanged: true }));
  it("refuses a wide string and a wide-character conversion in the whole port", () =>
    checkCase("all", {
      code: '#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n\tconst wchar_t *s = L"cat";\n\tprintf("%ls\\n", s);\n\treturn 0;\n}\n',
      diagnostics: ["K3010@4:21", "K3010@5:9"],
    }));
});
