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
  it("takes noreturn out of a list of attributes, the others kept, first or last in it", () =>
    checkCase(rule, {
      code: "static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));\nstatic void quit(int c) __attribute__((cold, noreturn));\n",
      output: "static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));\nstatic void quit(int c) __attribute__((cold));\n",
    }));
  it("empties a macro that stands for the attribute", () =>
    checkCase(rule, {
      code: "#define NORETURN __attribute__((noreturn))\nNORETURN static void die(void);\n",
      output: "#define NORETURN\nNORETURN static void die(void);\n",
    }));
});
