import { describe, expect, it } from "vitest";
import rule from "../../src/rules/main-to-module-init.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("main-to-module-init", () => {
  it("only renames main() when nothing can fail", () =>
    checkCase(rule, {
      name: "hello",
      code: 'int main(void)\n{\n\tprintf("hi\\n");\n\treturn 0;\n}\n',
      output: 'int hello_init(void)\n{\n\tprintf("hi\\n");\n\treturn 0;\n}\n',
    }));

  it("gives an empty parameter list (void) and EXIT_SUCCESS becomes 0", () =>
    checkCase(rule, {
      name: "hello",
      code: "int main()\n{\n    return EXIT_SUCCESS;\n}\n",
      output: "int hello_init(void)\n{\n    return 0;\n}\n",
    }));

  it("adds the return main() may leave out", () =>
    checkCase(rule, {
      name: "hello",
      code: 'int main(void)\n{\n  puts("x");\n}\n',
      output: 'int hello_init(void)\n{\n  puts("x");\n  return 0;\n}\n',
    }));

  it("builds a ladder that frees exactly what each exit holds", () =>
    checkCase(rule, {
      name: "pair",
      code: [
        "int main(void)",
        "{",
        "\tchar *a = malloc(4);",
        "\tif (!a)",
        '\t\terr(1, "no a");',
        '\tchar *b = strdup("x");',
        "\tif (b == NULL)",
        '\t\terrx(1, "no b\\n");',
        "\tfree(b);",
        "\tfree(a);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "int pair_init(void)",
        "{",
        "\tint ret = -ENOMEM;",
        "\tconst char *msg;",
        "\tchar *a = malloc(4);",
        '\tmsg = KERN_ERR "no a: Cannot allocate memory\\n";',
        "\tif (!a)",
        "\t\tgoto out;",
        "",
        '\tchar *b = strdup("x");',
        '\tmsg = KERN_ERR "no b\\n";',
        "\tif (b == NULL)",
        "\t\tgoto out_free;",
        "",
        "\tret = 0;",
        "\tmsg = NULL;",
        "\tfree(b);",
        "out_free:",
        "\tfree(a);",
        "out:",
        "\tif (msg)",
        "\t\tprintk(msg);",
        "\treturn ret;",
        "}",
        "",
      ].join("\n"),
    }));

  it("names one label per release when several exits enter the ladder at different points", () =>
    checkCase(rule, {
      name: "trio",
      code: [
        "int main(void) {",
        "    char *a = malloc(1);",
        "    if (!a) err(1, \"a\");",
        "    char *b = malloc(2);",
        "    if (!b) err(1, \"b\");",
        "    char *c = malloc(3);",
        "    if (!c) err(1, \"c\");",
        "    free(c);",
        "    free(b);",
        "    free(a);",
        "    return 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "int trio_init(void) {",
        "    int ret = -ENOMEM;",
        "    const char *msg;",
        "    char *a = malloc(1);",
        '    msg = KERN_ERR "a: Cannot allocate memory\\n";',
        "    if (!a) goto out;",
        "",
        "    char *b = malloc(2);",
        '    msg = KERN_ERR "b: Cannot allocate memory\\n";',
        "    if (!b) goto out_free_a;",
        "",
        "    char *c = malloc(3);",
        '    msg = KERN_ERR "c: Cannot allocate memory\\n";',
        "    if (!c) goto out_free_b;",
        "",
        "    ret = 0;",
        "    msg = NULL;",
        "    free(c);",
        "out_free_b:",
        "    free(b);",
        "out_free_a:",
        "    free(a);",
        "out:",
        "    if (msg)",
        "        printk(msg);",
        "    return ret;",
        "}",
        "",
      ].join("\n"),
    }));

  it("sets ret again wherever an exit's errno differs from what ret holds", () =>
    checkCase(rule, {
      name: "cfg",
      code: [
        "static int cfg_valid(int n) { return n > 0; }",
        "static int cfg_other(void) { return 1; }",
        "int main(void)",
        "{",
        "\tchar *a = malloc(4);",
        "\tif (!a)",
        '\t\terr(1, "no memory");',
        "\tif (!cfg_valid(3))",
        '\t\terrx(1, "bad");',
        "\tif (!cfg_valid(4))",
        '\t\terrx(1, "bad again");',
        "\tchar *b = malloc(4);",
        "\tif (!b)",
        '\t\terr(1, "no memory for b");',
        "\tfree(b);",
        "\tfree(a);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "static int cfg_valid(int n) { return n > 0; }",
        "static int cfg_other(void) { return 1; }",
        "int cfg_init(void)",
        "{",
        "\tint ret = -ENOMEM;",
        "\tconst char *msg;",
        "\tchar *a = malloc(4);",
        '\tmsg = KERN_ERR "no memory: Cannot allocate memory\\n";',
        "\tif (!a)",
        "\t\tgoto out;",
        "",
        "\tret = -EINVAL;",
        '\tmsg = KERN_ERR "bad\\n";',
        "\tif (!cfg_valid(3))",
        "\t\tgoto out_free;",
        "",
        '\tmsg = KERN_ERR "bad again\\n";',
        "\tif (!cfg_valid(4))",
        "\t\tgoto out_free;",
        "",
        "\tchar *b = malloc(4);",
        "\tret = -ENOMEM;",
        '\tmsg = KERN_ERR "no memory for b: Cannot allocate memory\\n";',
        "\tif (!b)",
        "\t\tgoto out_free;",
        "",
        "\tret = 0;",
        "\tmsg = NULL;",
        "\tfree(b);",
        "out_free:",
        "\tfree(a);",
        "out:",
        "\tif (msg)",
        "\t\tprintk(msg);",
        "\treturn ret;",
        "}",
        "",
      ].join("\n"),
    }));

  it("keeps a cleanup block's free() of what the failed check left NULL, and adds none (the graph knows it holds nothing)", () =>
    checkCase(rule, {
      name: "leak",
      code: [
        "int main(void)",
        "{",
        "\tchar *a = malloc(4);",
        "\tif (!a) {",
        "\t\tfree(a);",
        '\t\terr(1, "x");',
        "\t}",
        "\tfree(a);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: 'int leak_init(void)\n{\n\tchar *a = malloc(4);\n\tif (!a) {\n\t\tfree(a);\n\t\tpr_err("x: Cannot allocate memory\\n");\n\t\treturn -ENOMEM;\n\t}\n\tfree(a);\n\treturn 0;\n}\n',
    }));

  it("refuses a wide or macro-first message, which KERN_ERR cannot precede", () =>
    checkCase(rule, {
      code: 'int main(void)\n{\n\tchar *a = malloc(4);\n\tif (!a)\n\t\terr(1, L"wide");\n\tif (!a)\n\t\terr(1, PROG ": x");\n\tfree(a);\n\treturn 0;\n}\n',
      diagnostics: ["K1007@5:3", "K1007@7:3"],
    }));

  it("prints err() with format arguments where the failure is found, since one constant msg cannot hold them", () =>
    checkCase(rule, {
      name: "leak",
      code: 'int main(void)\n{\n\tchar *a = malloc(4);\n\tif (!a)\n\t\terr(1, "no %d", 4);\n\tfree(a);\n\treturn 0;\n}\n',
      output: 'int leak_init(void)\n{\n\tchar *a = malloc(4);\n\tif (!a) {\n\t\tpr_err("no %d: Cannot allocate memory\\n", 4);\n\t\treturn -ENOMEM;\n\t}\n\tfree(a);\n\treturn 0;\n}\n',
    }));

  it("checks the error channel after a call of a helper that used to end the process", () =>
    checkCase(rule, {
      code: "static void die(void) { exit(1); }\nint main(int argc, char **argv)\n{\n\tdie();\n\treturn 0;\n}\n",
      output: "static void die(void) { exit(1); }\nint kernelized_init(void)\n{\n\tdie();\n\tif (exit_error)\n\t\treturn exit_error;\n\treturn 0;\n}\n",
    }));

  it("writes CRLF line endings into a CRLF file", () =>
    checkCase(rule, {
      name: "dos",
      code: 'int main(void)\r\n{\r\n\tchar *p = malloc(1);\r\n\tif (!p)\r\n\t\terr(1, "x");\r\n\tfree(p);\r\n\treturn 0;\r\n}\r\n',
      output:
        'int dos_init(void)\r\n{\r\n\tint ret = -ENOMEM;\r\n\tconst char *msg;\r\n\tchar *p = malloc(1);\r\n\tmsg = KERN_ERR "x: Cannot allocate memory\\n";\r\n\tif (!p)\r\n\t\tgoto out;\r\n\r\n' +
        "\tret = 0;\r\n\tmsg = NULL;\r\n\tfree(p);\r\nout:\r\n\tif (msg)\r\n\t\tprintk(msg);\r\n\treturn ret;\r\n}\r\n",
    }));

  it("turns return and exit() with a status into a negative errno and a jump, keeping what the branch prints", () =>
    checkCase(rule, {
      name: "st",
      code: [
        "int main(void)",
        "{",
        "\tchar *a = malloc(4);",
        "\tif (!a)",
        "\t\treturn 1;",
        "\tif (a[0] == 'x') {",
        '\t\tputs("bad");',
        "\t\tfree(a);",
        "\t\texit(EXIT_FAILURE);",
        "\t}",
        "\tfree(a);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "int st_init(void)",
        "{",
        "\tint ret = -ENOMEM;",
        "\tchar *a = malloc(4);",
        "\tif (!a)",
        "\t\tgoto out;",
        "",
        "\tret = -EINVAL;",
        "\tif (a[0] == 'x') {",
        '\t\tputs("bad");',
        "\t\tgoto out_free;",
        "\t}",
        "",
        "\tret = 0;",
        "out_free:",
        "\tfree(a);",
        "out:",
        "\treturn ret;",
        "}",
        "",
      ].join("\n"),
    }));

  it("clears an earlier message before an exit that has none", () =>
    checkCase(rule, {
      name: "mix",
      code: 'int main(void)\n{\n\tchar *a = malloc(4);\n\tif (!a)\n\t\terr(1, "no a");\n\tif (a[0])\n\t\treturn 3;\n\tfree(a);\n\treturn 0;\n}\n',
      output:
        'int mix_init(void)\n{\n\tint ret = -ENOMEM;\n\tconst char *msg;\n\tchar *a = malloc(4);\n\tmsg = KERN_ERR "no a: Cannot allocate memory\\n";\n\tif (!a)\n\t\tgoto out;\n\n' +
        "\tret = -EINVAL;\n\tmsg = NULL;\n\tif (a[0])\n\t\tgoto out_free;\n\n\tret = 0;\n\tmsg = NULL;\nout_free:\n\tfree(a);\nout:\n\tif (msg)\n\t\tprintk(msg);\n\treturn ret;\n}\n",
    }));

  it("frees the memory main() leaves to the process's exit before init returns", () =>
    checkCase(rule, {
      name: "leak",
      code: "int main(void)\n{\n\tchar *a = malloc(4);\n\treturn 0;\n}\n",
      output: "int leak_init(void)\n{\n\tchar *a = malloc(4);\n\tfree(a);\n\treturn 0;\n}\n",
    }));
  it("puts the tracked exit path's label in only when an exit jumps to it (-Wunused-label)", async () => {
    // A helper main() never calls leaves memory only the tracker can free: init frees it at its end, and jumps nowhere.
    const helper = "int *keep[10];\nint kept;\nvoid add(int v)\n{\n\tint *p = malloc(sizeof(int));\n\t*p = v;\n\tkeep[kept++] = p;\n\tchar *q = malloc(4);\n\tq[0] = 'a';\n\tkeep[kept++] = (int *)q;\n}\n";
    const quiet = await runAll(`#include <stdio.h>\n#include <stdlib.h>\n${helper}int main(void)\n{\n\tprintf("%d\\n", kept);\n}\n`, { name: "quiet" });
    expect(quiet.output).toContain("\tpr_info(\"%d\\n\", kept);\n\tfree_tracked_allocations();\n\treturn ret;\n}");
    expect(quiet.output).not.toMatch(/^out:/m);
    const jumps = await runAll(`#include <stdio.h>\n#include <stdlib.h>\n${helper}int main(void)\n{\n\tadd(1);\n\tprintf("%d\\n", kept);\n}\n`, { name: "jumps" });
    expect(jumps.output).toMatch(/goto out;[\s\S]*\nout:\n\tfree_tracked_allocations\(\);/);
  });

  it("releases a variable of an inner block before its own jump: the ladder after main()'s last statement cannot name it", async () => {
    const helper = '#include <string.h>\nstatic char *xstrdup(const char *s)\n{\n\tchar *p = strdup(s);\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\n';
    const r = await runAll(
      `#include <stdio.h>\n#include <stdlib.h>\n${helper}int main(void)\n{\n\tint i;\n\n\tfor (i = 0; i < 2; i++) {\n\t\tchar *a = xstrdup("a");\n\t\tchar *b = xstrdup("b");\n\t\tprintf("%s%s\\n", a, b);\n\t\tfree(b);\n\t\tfree(a);\n\t}\n\treturn 0;\n}\n`,
      { name: "inner" },
    );
    expect(r.output).toMatch(/char \*b = xstrdup\("b"\);\n\t\tif \(exit_error\) \{\n\t\t\tkfree\(a\);\n\t\t\treturn exit_error;\n\t\t\}/);
    expect(r.output).not.toMatch(/^out_free:/m);
  });

  it("maps a status chosen among constants arm by arm: return bad ? 2 : 0; becomes return bad ? -EINVAL : 0;", async () => {
    const r = await runAll('#include <stdio.h>\nint main(void)\n{\n\tint bad = 1;\n\n\tprintf("bad=%d\\n", bad);\n\treturn bad > 1 ? EXIT_FAILURE : (bad ? 3 : EXIT_SUCCESS);\n}\n', { name: "either" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("\treturn bad > 1 ? -EINVAL : (bad ? -EINVAL : 0);\n}");
  });
});
