import { describe, expect, it } from "vitest";
import { checkCase, runAll } from "../helpers/rule-tester.js";

// The rule works with main-to-module-init (main() checks what the helpers now return), so the
// cases run the whole pipeline on programs that use only what the other rules port.
describe("exits-to-error-returns", () => {
  it("a void helper's prototype returns int too, or the definition would conflict with it", () =>
    checkCase("all", {
      name: "v",
      code: ["#include <err.h>", "static void v_check(int n);", "", "int main(void)", "{", "\tv_check(3);", "\treturn 0;", "}", "", "static void v_check(int n)", "{", "\tif (n < 0)", '\t\terrx(1, "negative: %d", n);', "}", ""].join("\n"),
      output: [
        "#include <linux/module.h>",
        "static int v_check(int n);",
        "",
        "int v_init(void)",
        "{",
        "\tint ret = -EINVAL;",
        "\tret = v_check(3);",
        "\tif (ret)",
        "\t\tgoto out;",
        "",
        "\tret = 0;",
        "out:",
        "\treturn ret;",
        "}",
        "",
        "static int v_check(int n)",
        "{",
        "\tif (n < 0) {",
        '\t\tpr_err("negative: %d\\n", n);',
        "\t\treturn -EINVAL;",
        "\t}",
        "\treturn 0;",
        "}",
        "",
        "void v_exit(void)",
        "{",
        "}",
        "",
        "module_init(v_init);",
        "module_exit(v_exit);",
        "",
        'MODULE_LICENSE("GPL");',
        "",
      ].join("\n"),
    }));

  it("a void helper returns int: 0, or a negative errno where it exited", () =>
    checkCase("all", {
      name: "v",
      code: [
        "#include <err.h>",
        "static void v_check(int n)",
        "{",
        "\tif (n < 0)",
        '\t\terrx(1, "negative: %d", n);',
        "\tif (n == 0)",
        "\t\treturn;",
        "}",
        "int main(void)",
        "{",
        "\tv_check(3);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "#include <linux/module.h>",
        "static int v_check(int n)",
        "{",
        "\tif (n < 0) {",
        '\t\tpr_err("negative: %d\\n", n);',
        "\t\treturn -EINVAL;",
        "\t}",
        "\tif (n == 0)",
        "\t\treturn 0;",
        "\treturn 0;",
        "}",
        "int v_init(void)",
        "{",
        "\tint ret = -EINVAL;",
        "\tret = v_check(3);",
        "\tif (ret)",
        "\t\tgoto out;",
        "",
        "\tret = 0;",
        "out:",
        "\treturn ret;",
        "}",
        "",
        "void v_exit(void)",
        "{",
        "}",
        "",
        "module_init(v_init);",
        "module_exit(v_exit);",
        "",
        'MODULE_LICENSE("GPL");',
        "",
      ].join("\n"),
    }));

  it("a pointer helper returns NULL, keeping what its exit block printed, and drops the errno save", () =>
    checkCase("all", {
      name: "p",
      code: [
        "#include <err.h>",
        "#include <errno.h>",
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "static char *p_buffer(void)",
        "{",
        "\tchar *b = malloc(8);",
        "\tif (!b) {",
        "\t\tint saved = errno;",
        '\t\tprintf("failed\\n");',
        "\t\terrno = saved;",
        "\t\texit(1);",
        "\t}",
        "\treturn b;",
        "}",
        "int main(void)",
        "{",
        "\tchar *b = p_buffer();",
        "\tfree(b);",
        "\treturn 0;",
        "}",
        "",
      ].join("\n"),
      output: [
        "#include <linux/module.h>",
        "#include <linux/slab.h>",
        "static char *p_buffer(void)",
        "{",
        "\tchar *b = kmalloc(8, GFP_KERNEL);",
        "\tif (!b) {",
        '\t\tpr_info("failed\\n");',
        "\t\treturn NULL;",
        "\t}",
        "\treturn b;",
        "}",
        "int p_init(void)",
        "{",
        "\tint ret = -ENOMEM;",
        "\tchar *b = p_buffer();",
        "\tif (!b)",
        "\t\tgoto out;",
        "",
        "\tret = 0;",
        "\tkfree(b);",
        "out:",
        "\treturn ret;",
        "}",
        "",
        "void p_exit(void)",
        "{",
        "}",
        "",
        "module_init(p_init);",
        "module_exit(p_exit);",
        "",
        'MODULE_LICENSE("GPL");',
        "",
      ].join("\n"),
    }));

  it("passes failures through the error channel (an int helper, a call inside free()), and refuses main() returning what a failing helper computed", () =>
    checkCase("all", {
      code: [
        "#include <stdlib.h>",
        "static int i_parse(int n)",
        "{",
        "\tif (n < 0)",
        "\t\texit(1);",
        "\treturn n;",
        "}",
        "static void *i_alloc(void)",
        "{",
        "\tvoid *p = malloc(4);",
        "\tif (!p)",
        "\t\texit(1);",
        "\treturn p;",
        "}",
        "static void i_use(void)",
        "{",
        "\tfree(i_alloc());",
        "}",
        "int main(void)",
        "{",
        "\ti_use();",
        "\treturn i_parse(0);",
        "}",
        "",
      ].join("\n"),
      diagnostics: ["K1008@22:9"],
    }));
  it("a function that frees its argument and takes others too (l = add(l, r)) is no destructor a cleanup calls with one", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\nstatic int *grab(void)\n{\n\tint *n = malloc(sizeof *n);\n\tif (!n)\n\t\texit(1);\n\t*n = 1;\n\treturn n;\n}\nstatic int *add(int *l, int *r)\n{\n\tint *n = grab();\n\t*n = *l + *r;\n\tfree(l);\n\tfree(r);\n\treturn n;\n}\nstatic int *sum(int k)\n{\n\tint *l = grab();\n\twhile (l && k-- > 0) {\n\t\tint *r = grab();\n\t\tl = add(l, r);\n\t}\n\treturn l;\n}\nint main(void)\n{\n\tint *t = sum(3);\n\tprintf(\"%d\\n\", *t);\n\tfree(t);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).not.toMatch(/\badd\(l\)/);
  });
  it("what a call through a pointer is handed (o->fin(o)) is no longer freed by name where the call fails: that function may have freed it", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nstruct obj { char *name; int n; void (*fin)(struct obj *); };\nstatic int depth(int n) { return n > 0 ? 1 + depth(n - 1) : 0; }\nstatic void obj_free(struct obj *o)\n{\n\tint n = o->n;\n\tfree(o->name);\n\tfree(o);\n\tprintf(\"freed, depth %d\\n\", depth(n));\n}\nstatic struct obj *obj_new(const char *name, int n)\n{\n\tstruct obj *o = malloc(sizeof *o);\n\tif (!o)\n\t\treturn NULL;\n\to->fin = obj_free;\n\to->n = n;\n\to->name = strdup(name);\n\tif (!o->name || n > 5) {\n\t\to->fin(o);\n\t\treturn NULL;\n\t}\n\treturn o;\n}\nint main(void)\n{\n\tstruct obj *o = obj_new(\"x\", 3);\n\tif (!o)\n\t\treturn 1;\n\tprintf(\"%s\\n\", o->name);\n\to->fin(o);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const after = r.output.slice(r.output.indexOf("\t\to->fin(o);"));
    expect(after.slice(0, after.indexOf("return NULL;"))).not.toMatch(/kfree\(o/);
  });
  it("clears the error channel before init's ladder runs the program's own release function, which tests it after each call it makes", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\nstruct node { struct node *kid[2]; int leaf; };\nstatic void show(const struct node *n, int depth)\n{\n\tint c;\n\tif (n->leaf)\n\t\tprintf(\"leaf at %d\\n\", depth);\n\tfor (c = 0; c < 2; c++)\n\t\tif (n->kid[c])\n\t\t\tshow(n->kid[c], depth + 1);\n}\nstatic void destroy(struct node *n)\n{\n\tint c;\n\tif (!n)\n\t\treturn;\n\tfor (c = 0; c < 2; c++)\n\t\tdestroy(n->kid[c]);\n\tfree(n);\n}\nint main(void)\n{\n\tstruct node *root = calloc(1, sizeof(struct node));\n\n\tif (!root)\n\t\treturn 1;\n\tshow(root, 0);\n\tdestroy(root);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\tshow(root, 0);\n\tif (exit_error) {\n\t\tret = exit_error;\n\t\texit_error = 0;\n\t\tgoto out_free;\n\t}\n");
    expect(r.output).toContain("out_free:\n\tdestroy(root);\n\treturn ret;\n");
  });
  it("memory a function reached through a pointer keeps in what it is given (adder(&b, s) filling b.head) is tracked where that call may fail", async () => {
    const r = await runAll(
      "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nstruct node { char *s; struct node *next; };\nstruct bag { struct node *head; };\nstatic void add(struct bag *b, const char *s)\n{\n\tstruct node *n = malloc(sizeof *n);\n\tif (!n)\n\t\texit(1);\n\tn->s = strdup(s);\n\tif (!n->s)\n\t\texit(1);\n\tn->next = b->head;\n\tb->head = n;\n}\nstatic void (*const adder)(struct bag *, const char *) = add;\nint main(void)\n{\n\tstruct bag b = { NULL };\n\tstruct node *n, *nx;\n\tadder(&b, \"one\");\n\tadder(&b, \"two\");\n\tfor (n = b.head; n; n = nx) {\n\t\tnx = n->next;\n\t\tprintf(\"%s\\n\", n->s);\n\t\tfree(n->s);\n\t\tfree(n);\n\t}\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\tadder(&b, \"one\");\n\tif (exit_error) {\n\t\tret = exit_error;\n\t\tgoto out;\n\t}\n");
    expect(r.output).toContain("out:\n\tfree_tracked_allocations();\n\treturn ret;\n");
  });
});
