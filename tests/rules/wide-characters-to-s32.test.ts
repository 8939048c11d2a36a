import { describe, it } from "vitest";
import rule from "../../src/rules/wide-characters-to-s32.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("wide-characters-to-s32", () => {
  it("makes wchar_t s32 and L'c' the 32-bit U'c'", () =>
    checkCase(rule, {
      code: "#include <stddef.h>\nint f(void) { wchar_t c = L'猫'; return (int)c + (int)sizeof(wchar_t); }\n",
      output: "#include <stddef.h>\nint f(void) { s32 c = U'猫'; return (int)c + (int)sizeof(s32); }\n",
    }));
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
