import { describe, it } from "vitest";
import rule from "../../src/rules/strtok-refused.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("strtok-refused", () => {
  it("refuses strtok() where it is called, with strsep() as the suggestion", () =>
    checkCase(rule, {
      code: "void f(char *line)\n{\n\tfor (char *t = strtok(line, \" \"); t; t = strtok(NULL, \" \"))\n\t\tg(t);\n}\n",
      diagnostics: ["K2104@3:17", "K2104@3:43"],
    }));
  it("leaves a program's own strtok() alone", () =>
    checkCase(rule, { code: "static char *strtok(char *s, const char *d) { return s; }\nvoid f(char *l) { strtok(l, \" \"); }\n", unchanged: true }));
});
