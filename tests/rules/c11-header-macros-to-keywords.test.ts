import { describe, it } from "vitest";
import rule from "../../src/rules/c11-header-macros-to-keywords.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("c11-header-macros-to-keywords", () => {
  it("writes the keywords <stdalign.h> names", () =>
    checkCase(rule, {
      code: "#include <stdalign.h>\nstruct S { alignas(8) char c; };\nunsigned long a = alignof(struct S);\n",
      output: "#include <stdalign.h>\nstruct S { _Alignas(8) char c; };\nunsigned long a = _Alignof(struct S);\n",
    }));
  it("writes u16 and u32 for <uchar.h>'s types", () =>
    checkCase(rule, {
      code: "#include <uchar.h>\nchar16_t s[] = u\"ab\";\nchar32_t c = U'a';\n",
      output: "#include <uchar.h>\nu16 s[] = u\"ab\";\nu32 c = U'a';\n",
    }));
  it("removes noreturn and _Noreturn, with the space after them", () =>
    checkCase(rule, {
      code: "#include <stdnoreturn.h>\nnoreturn void stop(int i) { }\n_Noreturn void halt(void) { }\n",
      output: "#include <stdnoreturn.h>\nvoid stop(int i) { }\nvoid halt(void) { }\n",
    }));
  it("leaves the words alone without their header, in strings, and where the program defines them", () =>
    checkCase(rule, {
      code: "#include <stdalign.h>\n#define alignas(n)\nint char16_t;\nconst char *s = \"alignof(x)\";\nalignas(4) int x;\n",
      unchanged: true,
    }));
});
