import { describe, it } from "vitest";
import rule from "../../src/rules/assignment-conditions-parenthesized.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("assignment-conditions-parenthesized", () => {
  it("wraps an assignment that is the whole condition of if, while, do-while and for", () =>
    checkCase(rule, {
      code: "void f(char *p, const char *q, int *n)\n{\n\twhile (*p++ = *q++)\n\t\t;\n\tif (n[0] = n[1]) n[2]++;\n\tdo n[0]--; while (n[1] = n[0]);\n\tfor (; n[3] = n[4]; ) break;\n}\n",
      output: "void f(char *p, const char *q, int *n)\n{\n\twhile ((*p++ = *q++))\n\t\t;\n\tif ((n[0] = n[1])) n[2]++;\n\tdo n[0]--; while ((n[1] = n[0]));\n\tfor (; (n[3] = n[4]); ) break;\n}\n",
    }));
  it("leaves comparisons, compound assignments and parenthesized assignments alone", () =>
    checkCase(rule, {
      code: "void f(int *n)\n{\n\tif (n[0] == n[1]) n[2]++;\n\twhile ((n[0] = n[1])) break;\n\tif (n[0] += 1) n[2]++;\n\tif (n[0] && (n[1] = 2)) n[2]++;\n}\n",
      unchanged: true,
    }));
});
