import { describe, expect, it } from "vitest";
import rule from "../../src/rules/argv-to-module-params.js";
import { analyzeProgram } from "../../src/analysis/program.js";
import { paramsForArguments, planOptions } from "../../src/analysis/options.js";
import { loadC } from "../../src/index.js";
import { checkCase, runRule } from "../helpers/rule-tester.js";

async function programOf(code: string) {
  const language = await loadC();
  return { parseProgram: analyzeProgram(language.parse(code), code) };
}

describe("argv-to-module-params", () => {
  it("a positional argument with a default becomes a parameter with that default", () =>
    checkCase(rule, {
      code: "int main(int argc, char **argv)\n{\n\tint n = 4;\n\tif (argc > 1)\n\t\tn = atoi(argv[1]);\n\treturn n - 4;\n}\n",
      output:
        'static int n = 4;\nmodule_param(n, int, 0444);\nMODULE_PARM_DESC(n, "what the program\'s argument 1 was");\n\nint main(int argc, char **argv)\n{\n\treturn n - 4;\n}\n',
    }));

  it("takes an option's variable out of a declaration that declares others too, with its comma, and keeps the rest", () =>
    checkCase(rule, {
      code: [
        "int main(int argc, char **argv)",
        "{",
        "\tint count = 0, opt, width = 10, total;",
        "\tint c, verbose;",
        "",
        '\twhile ((opt = getopt(argc, argv, "w:")) != -1)',
        "\t\tswitch (opt) {",
        "\t\tcase 'w':",
        "\t\t\twidth = atoi(optarg);",
        "\t\t\tbreak;",
        "\t\t}",
        "\tfor (total = 0, c = 0, verbose = 0; count < width; count++)",
        "\t\ttotal += count + c + verbose;",
        "\treturn total;",
        "}",
        "",
      ].join("\n"),
      output: [
        "static int width = 10;",
        "module_param(width, int, 0444);",
        'MODULE_PARM_DESC(width, "what the program\'s -w option set");',
        "",
        "int main(int argc, char **argv)",
        "{",
        "\tint count = 0, total;",
        "\tint c, verbose;",
        "",
        "\tfor (total = 0, c = 0, verbose = 0; count < width; count++)",
        "\t\ttotal += count + c + verbose;",
        "\treturn total;",
        "}",
        "",
      ].join("\n"),
    }));

  it("a leading run of declarators that go ends at the first one kept", () =>
    checkCase(rule, {
      code: 'int main(int argc, char **argv)\n{\n\tint o, n = 2, kept = 1;\n\n\twhile ((o = getopt(argc, argv, "n:")) != -1)\n\t\tswitch (o) {\n\t\tcase \'n\':\n\t\t\tn = atoi(optarg);\n\t\t\tbreak;\n\t\t}\n\treturn n + kept;\n}\n',
      output:
        'static int n = 2;\nmodule_param(n, int, 0444);\nMODULE_PARM_DESC(n, "what the program\'s -n option set");\n\nint main(int argc, char **argv)\n{\n\tint kept = 1;\n\n\treturn n + kept;\n}\n',
    }));

  it("drops (void)argc; when main() reads nothing", () =>
    checkCase(rule, {
      code: "int main(int argc, char **argv)\n{\n\t(void)argc;\n\t(void)argv;\n\treturn 0;\n}\n",
      output: "int main(int argc, char **argv)\n{\n\treturn 0;\n}\n",
    }));

  it("keeps a getopt() loop whose option does more than set a variable, over the argv rebuilt from the array parameter", async () => {
    const result = await runRule(rule, [
        "int main(int argc, char **argv)",
        "{",
        "\tint c, n = 0;",
        '\twhile ((c = getopt(argc, argv, "n:")) != -1)',
        "\t\tswitch (c) {",
        "\t\tcase 'n':",
        '\t\t\tputs("n");',
        "\t\t\tbreak;",
        "\t\t}",
        "\tputs(argv[0]);",
        "\treturn n;",
        "}",
        "",
    ].join("\n"));
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("module_param_array(args, charp, &nr_args, 0444);");
    expect(result.output).toContain('while ((c = getopt(argc, argv, "n:")) != -1)');
  });

  it("main() that reads argv as a whole keeps argc and argv, rebuilt from an array parameter", async () => {
    const result = await runRule(rule, "int main(int argc, char *argv[])\n{\n\tif (argc == 2)\n\t\treturn atoi(argv[1]);\n\treturn 0;\n}\n");
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toContain("static char *args[32];\nstatic int nr_args;\nmodule_param_array(args, charp, &nr_args, 0444);\n");
    expect(result.output).toContain("static char **command_line(int *argc)\n{\n\tstatic char *argv_words[ARRAY_SIZE(args) + 2] = { \"kernelized\" };");
    // argc and argv are declared first, so no declaration follows a statement.
    expect(result.output).toContain("int main(int argc, char *argv[])\n{\n\tint argc;\n\tchar **argv = command_line(&argc);\n\n\tif (argc == 2)");
  });

  it("declares only what main() uses, keeps a const argv's type, and takes a parameter name the program leaves free", async () => {
    const argvOnly = await runRule(rule, "int main(int argc, const char **argv)\n{\n\tint args = 0;\n\n\tputs(argv[0]);\n\treturn args;\n}\n");
    expect(argvOnly.output).toContain("{\n\tconst char **argv = (const char **)command_line(NULL);\n\tint args = 0;\n");
    expect(argvOnly.output).toContain("module_param_array(cmdline, charp, &nr_cmdline, 0444);");
    const argcOnly = await runRule(rule, "int main(int argc, char **argv)\n{\n\treturn argc == 1 ? 0 : 1;\n}\n");
    expect(argcOnly.output).toContain("{\n\tint argc = nr_args + 1;\n\n\treturn argc == 1");
    // Nothing reads argv: no helper to build it, which the compiler would warn about as unused.
    expect(argcOnly.output).not.toContain("command_line");
    expect(argcOnly.output).toContain('MODULE_PARM_DESC(args, "the program\'s command-line arguments, separated by commas");\n\nint main(');
  });

  it("maps a command's arguments onto the array parameter, and names what it cannot carry", async () => {
    const { parseProgram } = await programOf("int main(int argc, char **argv)\n{\n\treturn argc > 2 ? atoi(argv[2]) : 0;\n}\n");
    const plan = planOptions(parseProgram.main!);
    expect(plan.commandLine?.param).toBe("args");
    expect(paramsForArguments(plan, ["7", "eight"])).toEqual({ params: ["args=7,eight"], unmapped: [] });
    // A comma, a blank, a quote, a backslash and bytes outside ASCII go escaped, as string_unescape() reads them; an empty one cannot go.
    expect(paramsForArguments(plan, ["a,b", "two words", 'q"x', "back\\slash", "é", "50%"])).toEqual({ params: ["args=a\\x2cb,two\\x20words,q\\x22x,back\\\\slash,\\xc3\\xa9,50%"], unmapped: [] });
    expect(paramsForArguments(plan, ["a", ""]).unmapped).toEqual([""]);
  });
});
