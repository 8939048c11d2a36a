import { describe, expect, it } from "vitest";
import rule from "../../src/rules/printf-ignored-zero-flag-removed.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("printf-ignored-zero-flag-removed", () => {
  it("removes a 0 flag beside - and one of an integer conversion with a precision, wherever it stands among the flags", () =>
    checkCase(rule, {
      code: 'void f(int n, const char *s)\n{\n\tprintf("[%08.3d] [%-05d] [%0-5x] [%+08.2i] [%-010s] [%08.d]\\n", n, n, n, n, s, n);\n\tsnprintf(s, 8, "%05.1u", n);\n}\n',
      output: 'void f(int n, const char *s)\n{\n\tprintf("[%8.3d] [%-5d] [%-5x] [%+8.2i] [%-10s] [%8.d]\\n", n, n, n, n, s, n);\n\tsnprintf(s, 8, "%5.1u", n);\n}\n',
    }));
  it("leaves a 0 flag the C library honours: no precision and no -, or a conversion that is not an integer's", () =>
    checkCase(rule, { code: 'void f(int n, long l)\n{\n\tprintf("[%08d] [%05ld] [%0*d] [%+05d]\\n", n, l, 3, n, n);\n}\n', unchanged: true }));
  it("leaves the flag out of %#x's helper too, where the whole port rewrites the conversion", async () => {
    const result = await runAll('#include <stdio.h>\n\nint main(void)\n{\n\tprintf("[%#08.4x] [%08.3d]\\n", 255, 42);\n\treturn 0;\n}\n', { name: "zf" });
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain('pr_info("[%s] [%8.3d]\\n", hex_text((unsigned int)(255), "%#8.4llx", "%8.4llx").text, 42);');
  });
});
