// failing-calls-hoisted: a call of a helper that can end the program, inside another call's arguments, is made first.
import { describe, expect, it } from "vitest";
import rule from "../../src/rules/failing-calls-hoisted.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

const checksum = (body: string[]) =>
  lines(
    "#include <stdio.h>",
    "#include <stdlib.h>",
    "",
    "static int checksum(const char *s)",
    "{",
    "\tchar *copy = malloc(64);",
    "\tint total = 0;",
    "",
    "\tif (!copy)",
    "\t\texit(EXIT_FAILURE);",
    "\tfor (total = 0; *s; s++)",
    "\t\ttotal += *s;",
    "\tfree(copy);",
    "\treturn total;",
    "}",
    "",
    "int main(void)",
    "{",
    ...body,
    "}",
  );

describe("failing-calls-hoisted", () => {
  it("makes a failing helper's call inside printf()'s arguments first, its value in a variable declared with the block's others", async () => {
    const r = await runRule(rule, checksum(["\tint n = 2;", "", '\tprintf("%d %d\\n", n, checksum("kernel"));', "\treturn 0;"]));
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain(lines("\tint n = 2;", "\tint checksum_value;", "", '\tchecksum_value = checksum("kernel");', '\tprintf("%d %d\\n", n, checksum_value);', "\treturn 0;"));
  });

  it("declares the variable first in a block without declarations, with the function's own return type", async () => {
    const r = await runRule(
      rule,
      lines("#include <stdio.h>", "#include <stdlib.h>", "", "static const char *name_of(int i)", "{", "\tif (i < 0)", "\t\texit(1);", '\treturn "x";', "}", "", "int main(void)", "{", '\tputs(name_of(1));', "\treturn 0;", "}"),
    );
    expect(r.output).toContain(lines("int main(void)", "{", "\tconst char *name_of_value;", "", "\tname_of_value = name_of(1);", "\tputs(name_of_value);"));
  });

  it("leaves calls that are whole statements or assignments, calls under && or ?:, two such calls in one statement, and helpers that cannot fail", async () => {
    const kept = [
      '\tint n = checksum("a");',
      "",
      '\tchecksum("b");',
      '\tn = checksum("c");',
      '\tif (n && printf("%d\\n", checksum("d")))',
      "\t\tn = 0;",
      '\tn > 0 && printf("%d\\n", checksum("e"));',
      '\tprintf("%d %d\\n", checksum("f"), checksum("g"));',
      '\tprintf("%d\\n", abs(n));',
      "\treturn 0;",
    ];
    const code = checksum(kept);
    expect((await runRule(rule, code)).output).toBe(code);
  });

  it("through the whole port: the helper's failure is checked before pr_info() logs a value it never computed", async () => {
    const r = await runAll(checksum(['\tprintf("%d\\n", checksum("kernel"));', "\treturn 0;"]), { name: "sum" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = r.output!;
    const call = out.indexOf('checksum_value = checksum("kernel");');
    const check = out.indexOf("if (exit_error)", call);
    expect(call).toBeGreaterThan(0);
    expect(check).toBeGreaterThan(call);
    expect(out.indexOf('pr_info("%d\\n", checksum_value);')).toBeGreaterThan(check);
  });
});

describe("failing-calls-hoisted after the port's own failure paths", () => {
  it("hoists the call of a helper whose only way to fail is the heap allocation the port gives its big stack array", async () => {
    const code = lines(
      "#include <stdio.h>",
      "#include <string.h>",
      "",
      "int checksum(const char *text)",
      "{",
      "\tchar copy[4096];",
      "\tint total = 0;",
      "\tsize_t i;",
      "",
      "\tstrncpy(copy, text, sizeof(copy) - 1);",
      "\tcopy[sizeof(copy) - 1] = '\\0';",
      "\tfor (i = 0; copy[i]; i++)",
      "\t\ttotal += copy[i];",
      "\treturn total;",
      "}",
      "",
      "int main(void)",
      "{",
      '\tprintf("%d\\n", checksum("kernel"));',
      "\treturn 0;",
      "}",
    );
    const out = (await runAll(code, { name: "sum" })).output!;
    expect(out).toContain("kcalloc(4096");
    const call = out.indexOf('checksum_value = checksum("kernel");');
    expect(call).toBeGreaterThan(0);
    expect(out.indexOf("if (exit_error)", call)).toBeGreaterThan(call);
    expect(out.indexOf('pr_info("%d\\n", checksum_value);')).toBeGreaterThan(out.indexOf("if (exit_error)", call));
  });
});
