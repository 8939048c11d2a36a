import { describe, expect, it } from "vitest";
import rule from "../../src/rules/div-ldiv-defined.js";
import { translate } from "../../src/index.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("div-ldiv-defined", () => {
  it("defines div_t and div() above the first code that uses them and the comment that introduces it, indented as the program indents", () =>
    checkCase(rule, {
      code: "#include <stdlib.h>\n/* digits */\nint last(int n)\n{\n  div_t d = div(n, 10);\n  return d.rem;\n}\n",
      output:
        "#include <stdlib.h>\ntypedef struct {\n  int quot;\n  int rem;\n} div_t;\n\nstatic inline div_t div(int numer, int denom)\n{\n  return (div_t){ .quot = numer / denom, .rem = numer % denom };\n}\n\n/* digits */\nint last(int n)\n{\n  div_t d = div(n, 10);\n  return d.rem;\n}\n",
    }));
  it("defines only what is used, once, and nothing for a program's own div()", async () => {
    const r = await runAll("#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tldiv_t a = ldiv(7L, 2L);\n\tldiv_t b = ldiv(9L, 4L);\n\tprintf(\"%ld %ld\\n\", a.quot, b.rem);\n\treturn 0;\n}\n", { name: "d" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output!.match(/typedef struct/g)).toHaveLength(1);
    expect(r.output).toContain("} ldiv_t;");
    expect(r.output).not.toContain("div_t div(");
    const own = await runAll("static int div(int a, int b) { return a / b; }\nint main(void)\n{\n\treturn div(4, 2) - 2;\n}\n", { name: "d" });
    expect(own.rulesFired).not.toContain("div-ldiv-defined");
  });
  it("in the kernel style defines a struct of the type's tag, with no typedef, and each use says struct; its port ports to itself", async () => {
    const code = "#include <stdio.h>\n#include <stdlib.h>\nint main(void)\n{\n\tdiv_t d = div(7, 2);\n\tlldiv_t ll = lldiv(9LL, 4LL);\n\n\tprintf(\"%d %lld %zu\\n\", d.rem, ll.quot, sizeof(div_t));\n\treturn 0;\n}\n";
    const port = (text: string) => translate(text, { name: "d", fileName: "d.c", style: "kernel" });
    const r = { ...(await port(code)), output: (await port(code)).module };
    expect(r.diagnostics).toEqual([]);
    expect(r.output).not.toContain("typedef");
    expect(r.output).toContain("struct div_t {\n\tint quot;\n\tint rem;\n};\n\nstatic inline struct div_t div(int numer, int denom)\n{\n\treturn (struct div_t){ .quot = numer / denom, .rem = numer % denom };\n}\n");
    expect(r.output).toContain("\tstruct div_t d = div(7, 2);\n\tstruct lldiv_t ll = lldiv(9LL, 4LL);\n");
    expect(r.output).toContain("sizeof(struct div_t)");
    expect((await port(r.output!)).module).toBe(r.output);
  });
});
