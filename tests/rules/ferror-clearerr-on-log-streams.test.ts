import { describe, it } from "vitest";
import rule from "../../src/rules/ferror-clearerr-on-log-streams.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("ferror-clearerr-on-log-streams", () => {
  it("makes ferror(stdout) 0, a clear error flag", () =>
    checkCase(rule, {
      code: "int f(void) {\n\tif (ferror(stdout))\n\t\treturn 1;\n\treturn 0;\n}\n",
      output: "int f(void) {\n\tif (0)\n\t\treturn 1;\n\treturn 0;\n}\n",
    }));
  it("does the same for stderr, parenthesised", () =>
    checkCase(rule, { code: "int f(void) { return ferror((stderr)) != 0; }\n", output: "int f(void) { return 0 != 0; }\n" }));
  it("removes clearerr() on a line of its own, line and all", () =>
    checkCase(rule, {
      code: 'void f(void) {\n\tclearerr(stdout);\n\tprintf("x\\n");\n}\n',
      output: 'void f(void) {\n\tprintf("x\\n");\n}\n',
    }));
  it("keeps an if's body a statement", () =>
    checkCase(rule, { code: "void f(int v) {\n\tif (v)\n\t\tclearerr(stderr);\n}\n", output: "void f(int v) {\n\tif (v)\n\t\t{ }\n}\n" }));
  it("refuses a stream other than stdout and stderr", () =>
    checkCase(rule, { code: "int f(void *fp) { return ferror(fp); }\n", diagnostics: ["K3003@1:33"] }));
  it("leaves a function the program defines alone", () =>
    checkCase(rule, { code: "static int ferror(int s) { return s; }\nint f(void) { return ferror(stdout); }\n", unchanged: true }));
});
