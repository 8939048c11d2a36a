import { describe, it } from "vitest";
import rule from "../../src/rules/fwrite-to-line-buffer.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("fwrite-to-line-buffer", () => {
  it("prints size * n bytes of the data through the stream's line buffer, the data left in place", () =>
    checkCase(rule, {
      code: "void f(const char *msg, char *buf) {\n\tfwrite(msg, 1, strlen(msg), stdout);\n\tfwrite(buf, sizeof(char), 6, stderr);\n}\n",
      output:
        'void f(const char *msg, char *buf) {\n\tprint_stdout("%.*s", (int)((1) * (strlen(msg))), (const char *)(msg));\n\tprint_stderr("%.*s", (int)((sizeof(char)) * (6)), (const char *)(buf));\n}\n',
    }));
  it("where the program uses the count it returns, the count is read once and is the value", () =>
    checkCase(rule, {
      code: 'unsigned long f(void) {\n\tunsigned long n = fwrite("abc\\n", 1, 4, stdout);\n\treturn n;\n}\n',
      output: 'unsigned long f(void) {\n\tunsigned long n = ({ size_t kz_items = (4); print_stdout("%.*s", (int)((1) * kz_items), (const char *)("abc\\n")); kz_items; });\n\treturn n;\n}\n',
    }));
  it("a result cast to void is not used", () =>
    checkCase(rule, {
      code: "void f(const char *s) { (void)fwrite(s, 2, 1, stdout); }\n",
      output: 'void f(const char *s) { (void)print_stdout("%.*s", (int)((2) * (1)), (const char *)(s)); }\n',
    }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "void f(void *out) { fwrite(\"x\", 1, 1, out); }\n", diagnostics: ["K2021@1:39"] }));
});
