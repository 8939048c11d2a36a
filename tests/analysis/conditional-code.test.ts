import { describe, expect, it } from "vitest";
import { inactiveRanges } from "../../src/analysis/conditional-code.js";
import { runAll } from "../helpers/rule-tester.js";

/** The removed text, trimmed, one entry per range. */
const removed = (source: string) => inactiveRanges(source).map((r) => source.slice(r.start, r.end).trim());

describe("code the module build's preprocessor removes", () => {
  it("finds branches for other systems and optional C library features", () => {
    const source = "#ifdef _WIN32\nwin();\n#else\nlinux();\n#endif\n#if defined(__STDC_LIB_EXT1__) && X\next1();\n#endif\n#ifndef __KERNEL__\nuser();\n#endif\n";
    expect(removed(source)).toEqual(["win();", "ext1();", "user();"]);
  });
  it("finds #if 0 and the #else of #if 1, and follows #elif chains", () => {
    expect(removed("#if 0\na();\n#elif 1\nb();\n#else\nc();\n#endif\n")).toEqual(["a();", "c();"]);
  });
  it("keeps every branch of a condition it cannot decide", () => {
    expect(removed("#ifdef DEBUG\na();\n#else\nb();\n#endif\n#if N > 2\nc();\n#endif\n")).toEqual([]);
    // After an undecided branch, an #else may or may not be compiled.
    expect(removed("#if defined(FOO)\na();\n#elif 0\nb();\n#else\nc();\n#endif\n")).toEqual(["b();"]);
  });
  it("sees the program's own #define and #undef", () => {
    expect(removed("#define _OPENMP 1\n#ifdef _OPENMP\na();\n#endif\n#undef __KERNEL__\n#ifdef __KERNEL__\nb();\n#endif\n")).toEqual(["b();"]);
  });
  it("compares the compiler's own values", () => {
    expect(removed("#if __STDC_VERSION__ >= 201112L\na();\n#else\nb();\n#endif\n")).toEqual(["b();"]);
  });
  it("removes nested conditionals inside a removed branch as one range", () => {
    expect(removed("#ifdef _MSC_VER\n#ifdef X\na();\n#else\nb();\n#endif\n#endif\n")).toEqual(["#ifdef X\na();\n#else\nb();\n#endif"]);
  });
});

describe("the port ignores removed code", () => {
  const program = [
    "#include <stdio.h>",
    "#include <string.h>",
    "int main(void)",
    "{",
    "    char s[] = \"abc\";",
    "#ifdef __STDC_LIB_EXT1__",
    "    memset_s(s, sizeof s, 'b', 2);",
    "    printf(\"%s\\n\", s);",
    "#else",
    "    printf(\"%s\\n\", s);",
    "#endif",
    "#if 0",
    "    double d = 1.5 +;",
    "#endif",
    "    return 0;",
    "}",
    "",
  ].join("\n");
  it("neither refuses nor rewrites it, and ports the branch that is compiled", async () => {
    const r = await runAll(program, { name: "cond" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("    memset_s(s, sizeof s, 'b', 2);\n    printf(\"%s\\n\", s);\n#else\n    pr_info(\"%s\\n\", s);\n#endif");
  });
});

describe("a function the program defines is its own, not the C library's", () => {
  it("leaves calls of the program's warn() and abs() alone", async () => {
    const code = [
      "#include <stdio.h>",
      "static void warn(const char *m) { printf(\"warning: %s\\n\", m); }",
      "static int abs(int x) { return x < 0 ? -x : x; }",
      "int main(void)",
      "{",
      "    warn(\"low\");",
      "    printf(\"%d\\n\", abs(-2));",
      "    return 0;",
      "}",
      "",
    ].join("\n");
    const r = await runAll(code, { name: "own" });
    expect(r.output).toContain('static void warn(const char *m) { pr_info("warning: %s\\n", m); }');
    expect(r.output).toContain('    warn("low");');
    expect(r.rulesFired).not.toContain("warn-to-pr-warn");
    expect(r.rulesFired).not.toContain("abs-labs-to-abs");
  });
});

describe("the build's own -D and -U (a compile_commands.json's)", () => {
  const source = "#if LEVEL >= 2\nint two;\n#else\nint one;\n#endif\n#ifdef FAST\nint fast;\n#endif\n";
  const removed = (defines: Parameters<typeof inactiveRanges>[1]) => inactiveRanges(source, defines).map((r) => source.slice(r.start, r.end).trim());

  it("a value selects an #if branch; an unknown macro keeps both", () => {
    expect(removed([])).toEqual([]);
    expect(removed([{ name: "LEVEL", value: "2" }])).toEqual(["int one;"]);
    expect(removed([{ name: "LEVEL", value: "0x1" }])).toEqual(["int two;"]);
  });

  it("-DNAME is defined (as 1), -UNAME undefined, the last of a name counts", () => {
    expect(removed([{ name: "FAST", value: "" }])).toEqual([]);
    expect(removed([{ name: "FAST", value: null }, { name: "LEVEL", value: "1" }])).toEqual(["int two;", "int fast;"]);
    expect(removed([{ name: "LEVEL", value: "3" }, { name: "LEVEL", value: null }])).toEqual(["int two;"]);
  });

  it("a #define in the text wins over the command line's value", () => {
    const redefined = `#undef LEVEL\n#define LEVEL 1\n${source}`;
    expect(inactiveRanges(redefined, [{ name: "LEVEL", value: "2" }]).map((r) => redefined.slice(r.start, r.end).trim())).toEqual([]);
  });
});
