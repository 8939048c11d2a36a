import { describe, expect, it } from "vitest";
import rule from "../../src/rules/init-wrapper-ends-the-program.js";
import { runAll, runRule } from "../helpers/rule-tester.js";

const main = (...body: string[]) => ["#include <stdio.h>", "#include <stdlib.h>", "static void bye(void)", "{", '\tputs("bye");', "}", "int main(void)", "{", ...body, "\treturn 0;", "}", ""].join("\n");

describe("init-wrapper-ends-the-program", () => {
  it("with atexit() and an unfinished line: main() is renamed and init runs it, then the handlers, then the output left", async () => {
    const r = await runAll(main("\tatexit(bye);", '\tprintf("no newline");'), { name: "t" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain("int t_main(void)\n{\n\tatexit(bye);\n");
    expect(r.output).toContain(
      [
        "/* main() has returned: the atexit() handlers, then the output left. */",
        "int t_init(void)",
        "{",
        "\tint ret = t_main();",
        "",
        "\trun_atexit_handlers();",
        "\toutput_lines_flush();",
        "\treturn ret;",
        "}",
      ].join("\n"),
    );
  });

  it("memory main() still holds is freed after the atexit() handlers, which may free it themselves (no double free)", async () => {
    const source = [
      "#include <stdio.h>",
      "#include <stdlib.h>",
      "static int *table;",
      "static void cleanup(void)",
      "{",
      "\tfree(table);",
      "}",
      "int main(void)",
      "{",
      "\tatexit(cleanup);",
      "\ttable = malloc(12 * sizeof(*table));",
      "\tif (!table)",
      "\t\texit(EXIT_FAILURE);",
      "\ttable[0] = 1;",
      "\treturn 0;",
      "}",
      "",
    ].join("\n");
    const r = await runAll(source, { name: "t" });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\ttracked_kfree(table);");
    expect(r.output).toContain("out:\n\trun_atexit_handlers();\n\tfree_tracked_allocations();\n\treturn ret;\n}");
    // main()'s end no longer frees table before the handler does, and init does not run the handlers twice.
    expect(r.output).not.toMatch(/\tkfree\(table\);\n\treturn 0;/);
    expect(r.output.split("run_atexit_handlers();").length).toBe(2);
  });

  it("with atexit() alone, only the handlers run", async () => {
    const r = await runAll(main("\tatexit(bye);"), { name: "t" });
    expect(r.output).toContain("/* main() has returned: now the functions atexit() registered run. */\nint t_init(void)\n{\n\tint ret = t_main();\n\n\trun_atexit_handlers();\n\treturn ret;\n}");
    expect(r.output).not.toContain("output_lines_flush();");
  });

  it("with an unfinished line alone, only the output left is logged", async () => {
    const r = await runAll(main('\tprintf("no newline");'), { name: "t" });
    expect(r.output).toContain("/* main() has returned: log what is left of its output. */\nint t_init(void)\n{\n\tint ret = t_main();\n\n\toutput_lines_flush();\n\treturn ret;\n}");
  });

  it("keeps the type on a line of its own above the name (GNU layout) for both functions", async () => {
    const r = await runAll(main('\tprintf("no newline");').replace("int main(void)", "int\nmain(void)"), { name: "t" });
    expect(r.output).toContain("static int\nt_main(void)\n{\n");
    expect(r.output).toContain("/* main() has returned: log what is left of its output. */\nint\nt_init(void)\n{\n\tint ret = t_main();\n");
  });

  it("adds no wrapper when the program neither registers a handler nor leaves a line unfinished", async () => {
    const r = await runAll(main('\tprintf("done\\n");'), { name: "t" });
    expect(r.output).not.toContain("t_main");
    expect(r.output).toContain("int t_init(void)\n{\n");
  });

  it("leaves a port whose init already ends the program as it is", async () => {
    const port = (await runAll(main("\tatexit(bye);"), { name: "t" })).output;
    expect((await runRule(rule, port, { name: "t" })).output).toBe(port);
  });
});
