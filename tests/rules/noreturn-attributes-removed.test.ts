import { describe, it } from "vitest";
import rule from "../../src/rules/noreturn-attributes-removed.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("noreturn-attributes-removed", () => {
  it("takes the GNU attribute off a prototype", () =>
    checkCase(rule, {
      code: "static void die(const char *msg) __attribute__((noreturn));\n",
      output: "static void die(const char *msg);\n",
    }));
  it("leaves other attributes alone", () =>
    checkCase(rule, {
      code: "static void die(const char *msg) __attribute__((cold));\n",
      unchanged: true,
    }));
});
