import { describe, expect, it } from "vitest";
import rule, { constantValue } from "../../src/rules/multi-character-constants-to-values.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("multi-character-constants-to-values", () => {
  it("packs a plain constant's bytes into an int, the first highest", () =>
    checkCase(rule, { code: "int x = 'ab';\n", output: "int x = 0x6162 /* 'ab' */;\n" }));
  it("casts where the bytes set int's sign bit (a four-byte UTF-8 character)", () =>
    checkCase(rule, { code: "int x = '🍌';\n", output: "int x = (int)0xf09f8d8c /* '🍌' */;\n" }));
  it("keeps the last code unit of a u'' constant, as a u16", () =>
    checkCase(rule, { code: "unsigned short x = u'🍌';\n", output: "unsigned short x = (u16)0xdf4c /* u'🍌' */;\n" }));
  it("keeps the last code point of a U'' constant, as a u32", () =>
    checkCase(rule, { code: "unsigned x = U'ab';\n", output: "unsigned x = (u32)0x62 /* U'ab' */;\n" }));
  it("ports a constant in a macro body, and one in a case label", () =>
    checkCase(rule, {
      code: "#define TAG 'RIFF'\nint f(int t) { switch (t) { case 'WAVE': return 1; } return 0; }\n",
      output: "#define TAG 0x52494646 /* 'RIFF' */\nint f(int t) { switch (t) { case 0x57415645 /* 'WAVE' */: return 1; } return 0; }\n",
    }));
  it("reads escapes as one unit each", () => {
    expect(constantValue("", "\\n\\0")).toBe("0xa00");
    expect(constantValue("", "\\x41z")).toBe("0x417a");
    expect(constantValue("", "\\x41B")).toBeUndefined();
    expect(constantValue("", "\\'a")).toBe("0x2761");
  });
  it("leaves one-unit constants, comments and strings alone", () =>
    checkCase(rule, {
      code: "// don't 'ab'\nint c = 'a', d = '\\n', e = u'猫', f = U'🍌';\nconst char *s = \"it's 'ab'\";\n",
      unchanged: true,
    }));
});
