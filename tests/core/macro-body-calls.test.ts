import { describe, expect, it } from "vitest";
import mallocToKmalloc from "../../src/rules/malloc-to-kmalloc.js";
import printfToPrInfo from "../../src/rules/printf-to-pr-info.js";
import putsToPrInfo from "../../src/rules/puts-to-pr-info.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("calls in #define bodies", () => {
  it("ports printf() in a function-like macro as in code", () =>
    checkCase(printfToPrInfo, { code: '#define SHOW(x) printf("%d\\n", x)\nint f(int v)\n{\n\tSHOW(v);\n\treturn 0;\n}\n', output: '#define SHOW(x) pr_info("%d\\n", x)\nint f(int v)\n{\n\tSHOW(v);\n\treturn 0;\n}\n' }));
  it("puts the format before a stringified parameter, not between # and its name", () =>
    checkCase(putsToPrInfo, { code: "#define OUTPUT(a) puts( #a )\n", output: '#define OUTPUT(a) pr_info( "%s\\n", #a )\n' }));
  it("ports an object-like macro and one continued over lines, keeping the backslashes", () =>
    checkCase(mallocToKmalloc, {
      code: "#define BUF malloc(64)\n#define NEW(n) \\\n\tmalloc(n)\n",
      output: "#define BUF kmalloc(64, GFP_KERNEL)\n#define NEW(n) \\\n\tkvmalloc(n, GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)\n",
    }));
  it("leaves a body that is not C on its own, and a call the program defines", () =>
    checkCase(printfToPrInfo, { code: '#define OPEN printf("(" \n#define LOG(m) log(m)\nstatic void log(const char *m) { }\n', unchanged: true }));
  it("writes whole lines where the program does, and refuses a macro that leaves a line open there", async () => {
    const whole = await runAll('#include <stdio.h>\n#define SHOW(x) printf("%d\\n", x)\n#define STAR() putchar(\'*\')\nint main(void)\n{\n\tSHOW(1);\n\tSTAR();\n\tputs("");\n\treturn 0;\n}\n');
    expect(whole.diagnostics.map((d) => `${d.code}@${d.range?.line}`)).toEqual(["K2022@3"]);
    const buffered = await runAll('#include <stdio.h>\n#define SHOW(x) printf("%d\\n", x)\nint main(void)\n{\n\tprintf("a");\n\tSHOW(1);\n\treturn 0;\n}\n');
    expect(buffered.output).toContain('#define SHOW(x) print_stdout("%d\\n", x)\n');
  });
});
