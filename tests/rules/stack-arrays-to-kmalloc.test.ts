import { describe, expect, it } from "vitest";
import rule from "../../src/rules/stack-arrays-to-kmalloc.js";
import { runRule } from "../helpers/rule-tester.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("stack-arrays-to-kmalloc", () => {
  it("moves a big array of a function that returns a pointer to kmalloc(), NULL on failure, freed before each return", async () => {
    const r = await runRule(
      rule,
      lines(
        "#include <string.h>",
        "static char *first_word(const char *s)",
        "{",
        "\tchar buf[512];",
        "",
        "\tstrncpy(buf, s, sizeof(buf));",
        "\tif (buf[0] == 0)",
        "\t\treturn NULL;",
        "\treturn strchr(s, buf[0]);",
        "}",
      ),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toBe(
      lines(
        "#include <string.h>",
        "#include <linux/slab.h>",
        "static char *first_word(const char *s)",
        "{",
        "\tchar *buf = kmalloc(512, GFP_KERNEL);",
        "\tchar *ret;",
        "",
        "\tif (!buf)",
        "\t\treturn NULL;",
        "\tstrncpy(buf, s, 512);",
        "\tif (buf[0] == 0) {",
        "\t\tkfree(buf);",
        "\t\treturn NULL;",
        "\t}",
        "\tret = strchr(s, buf[0]);",
        "\tkfree(buf);",
        "\treturn ret;",
        "}",
      ),
    );
  });

  it("a zero-initialised array of a bool function becomes kcalloc(), false on failure", async () => {
    const r = await runRule(rule, lines("#include <stdbool.h>", "static bool zeroed(void)", "{", "\tint table[100] = { 0 };", "", "\treturn table[3] == 0;", "}"));
    expect(r.output).toContain(
      lines("\tint *table = kcalloc(100, sizeof(*table), GFP_KERNEL);", "\tbool ret;", "", "\tif (!table)", "\t\treturn false;", "\tret = table[3] == 0;", "\tkfree(table);", "\treturn ret;"),
    );
  });

  it("sizeof of a moved array whose count is an expression keeps its value wherever it stands", async () => {
    const r = await runRule(
      rule,
      lines("#include <string.h>", "#define M 1600", "static int *fill(int *out)", "{", "\tint v[M + 1];", "\tchar s[M + 100];", "", "\tif (!out)", "\t\treturn NULL;", "\tmemset(v, 0xff, sizeof v);", "\tmemset(s, 0, sizeof s);", "\t*out = v[M] + (int)(sizeof s / 2) + (int)(1000 / sizeof s);", "\treturn out;", "}"),
    );
    expect(r.output).toContain("\tmemset(v, 0xff, ((M + 1) * sizeof(*v)));\n\tmemset(s, 0, M + 100);\n");
    expect(r.output).toContain("(int)((M + 100) / 2) + (int)(1000 / (M + 100))");
  });

  it("tests the array before a declaration that reads it: the declarations after that one wait below the test", async () => {
    const r = await runRule(rule, lines("static int fill(int *v);", "static int *made(int n)", "{", "\tint buf[300];", "\tint count = n * 2;", "\tint got = fill(buf);", "\tint last = got - 1;", "", "\treturn buf[last] ? &count : NULL;", "}"));
    expect(r.output).toContain(lines("\tint *buf = kmalloc_array(300, sizeof(*buf), GFP_KERNEL);", "\tint count = n * 2;", "\tint *ret;", "\tif (!buf)", "\t\treturn NULL;", "\tint got = fill(buf);"));
  });

  it("warns (K3012) where the function has no failure value, and leaves the array", async () => {
    const code = lines("#include <string.h>", "static void clear(void)", "{", "\tchar line[300];", "", "\tmemset(line, 0, sizeof line);", "}");
    const r = await runRule(rule, code);
    expect(r.output).toBe(code);
    expect(r.diagnostics.map((d) => `${d.code}@${d.range?.line}:${d.range?.column}`)).toEqual(["K3012@4:7"]);
  });

  it("leaves arrays of 256 bytes or less, and a file that already is a module", async () => {
    const small = lines("#include <stdbool.h>", "static bool small(void)", "{", "\tchar name[256];", "", "\tname[0] = 0;", "\treturn name[0] == 0;", "}");
    expect((await runRule(rule, small)).output).toBe(small);
    const module = lines("#include <linux/module.h>", "static char *f(void)", "{", "\tchar buf[512];", "", "\tbuf[0] = 0;", "\treturn NULL;", "}", "module_init(f);");
    const r = await runRule(rule, module);
    expect(r.output).toBe(module);
    expect(r.diagnostics).toEqual([]);
  });
});
