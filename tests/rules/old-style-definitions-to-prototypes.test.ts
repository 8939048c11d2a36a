import { describe, it } from "vitest";
import rule from "../../src/rules/old-style-definitions-to-prototypes.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("old-style-definitions-to-prototypes", () => {
  it("declares each parameter in the parentheses with its declared type, in the order named, int where none is declared", () =>
    checkCase(rule, {
      code: "int add(a, b)\nint a, b;\n{\n\treturn a + b;\n}\n\nstatic long pick(s, n, t)\nregister const char *s;\nunsigned long t[];\n{\n\treturn s[n] + t[0];\n}\n",
      output: "int add(int a, int b)\n{\n\treturn a + b;\n}\n\nstatic long pick(const char *s, int n, unsigned long t[])\n{\n\treturn s[n] + t[0];\n}\n",
    }));
  it("declares int each name of a definition that declares none of them, which the grammar reads as a type's name", () =>
    checkCase(rule, {
      code: "int square(x)\n{\n\treturn x * x;\n}\n\nint add(a, b) { return a + b; }\n",
      output: "int square(int x)\n{\n\treturn x * x;\n}\n\nint add(int a, int b) { return a + b; }\n",
    }));
  it("reads the definitions the grammar cannot: a returned pointer, a function pointer parameter, comments between the declarations", () =>
    checkCase(rule, {
      code: "char *save(s)\nchar *s;\t/* the text */\n{\n\treturn s;\n}\n\nstatic struct node *\nfind(table, n, cmp)\nstruct node *table;\nregister n;\nint (*cmp)(const void *, const void *);\n{\n\treturn table + n;\n}\n",
      output: "char *save(char *s)\t/* the text */\n{\n\treturn s;\n}\n\nstatic struct node *\nfind(struct node *table, int n, int (*cmp)(const void *, const void *))\n{\n\treturn table + n;\n}\n",
    }));
  it("leaves a definition alone whose declarations name what its parentheses do not, and a macro's use", () =>
    checkCase(rule, { code: "#define BODY(x) int body_##x(void)\nint f(a)\nint a, b;\n{\n\treturn a;\n}\nBODY(y)\n{\n\treturn 0;\n}\n", unchanged: true }));
  it("leaves prototypes and definitions without parameter declarations alone", () =>
    checkCase(rule, { code: "int f(int a, int b) { return a + b; }\nint g() { return 0; }\nint h(void) { int x; x = f(1, 2); return x; }\n", unchanged: true }));
});
