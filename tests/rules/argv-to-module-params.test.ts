import { describe, it } from "vitest";
import rule from "../../src/rules/argv-to-module-params.js";
import { checkCase } from "../helpers/rule-tester.js";

describe("argv-to-module-params", () => {
  it("a positional argument with a default becomes a parameter with that default", () =>
    checkCase(rule, {
      code: "int main(int argc, char **argv)\n{\n\tint n = 4;\n\tif (argc > 1)\n\t\tn = atoi(argv[1]);\n\treturn n - 4;\n}\n",
      output:
        'static int n = 4;\nmodule_param(n, int, 0444);\nMODULE_PARM_DESC(n, "what the program\'s argument 1 was");\n\nint main(int argc, char **argv)\n{\n\treturn n - 4;\n}\n',
    }));

  it("drops (void)argc; when main() reads nothing", () =>
    checkCase(rule, {
      code: "int main(int argc, char **argv)\n{\n\t(void)argc;\n\t(void)argv;\n\treturn 0;\n}\n",
      output: "int main(int argc, char **argv)\n{\n\treturn 0;\n}\n",
    }));

  it("refuses an option that does more than set a variable, and argv read elsewhere", () =>
    checkCase(rule, {
      code: [
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
      ].join("\n"),
      diagnostics: ["K1004@7:4", "K1004@10:7"],
    }));
});
