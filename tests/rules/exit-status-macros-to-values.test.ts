import { describe, it } from "vitest";
import rule from "../../src/rules/exit-status-macros-to-values.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("exit-status-macros-to-values", () => {
  it("gives a helper's status and a comparison with it their values", () =>
    checkCase(rule, {
      code: "static int run(int n) { return n > 2 ? EXIT_FAILURE : EXIT_SUCCESS; }\nint g(void) { return run(1) != EXIT_SUCCESS; }\n",
      output: "static int run(int n) { return n > 2 ? 1 : 0; }\nint g(void) { return run(1) != 0; }\n",
    }));
  it("leaves strings, comments and a program's own definition alone", () =>
    checkCase(rule, {
      code: "#define EXIT_FAILURE 2\n/* EXIT_SUCCESS */ const char *s = \"EXIT_FAILURE\"; int e = EXIT_FAILURE;\n",
      unchanged: true,
    }));
});
