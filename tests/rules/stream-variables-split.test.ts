import { describe, expect, it } from "vitest";
import rule from "../../src/rules/stream-variables-split.js";
import { checkCase, runAll } from "../helpers/rule-tester.js";

describe("stream-variables-split", () => {
  it("a call on a stream variable becomes the choice between the call on stderr and on stdout; FILE a struct of the module's", () =>
    checkCase(rule, {
      code: "void row(FILE *out, int n)\n{\n\tfprintf(out, \"%d\\n\", n);\n\tif (fputs(\"x\\n\", out) < 0)\n\t\treturn;\n}\n",
      output:
        "/* A FILE * is only ever stdout or stderr here: two addresses that tell them apart, never read through. */\nstruct program_stream;\n#define stdout ((struct program_stream *)1)\n#define stderr ((struct program_stream *)2)\n\nvoid row(struct program_stream *out, int n)\n{\n\tout == stderr ? fprintf(stderr, \"%d\\n\", n) : fprintf(stdout, \"%d\\n\", n);\n\tif ((out == stderr ? fputs(\"x\\n\", stderr) : fputs(\"x\\n\", stdout)) < 0)\n\t\treturn;\n}\n",
    }));
  it("leaves a program that opens files alone (it is refused for that), and calls on a named stream", async () => {
    await checkCase(rule, { code: "void f(void)\n{\n\tFILE *f = fopen(\"x\", \"r\");\n\tfprintf(f, \"x\");\n}\n", unchanged: true });
    await checkCase(rule, { code: "void f(FILE *unused)\n{\n\tfprintf(stderr, \"x\\n\");\n}\n", output: "/* A FILE * is only ever stdout or stderr here: two addresses that tell them apart, never read through. */\nstruct program_stream;\n#define stdout ((struct program_stream *)1)\n#define stderr ((struct program_stream *)2)\n\nvoid f(struct program_stream *unused)\n{\n\tfprintf(stderr, \"x\\n\");\n}\n" });
  });
  it("ports a whole program whose printer takes the stream, and whose logger chooses it", async () => {
    const r = await runAll(
      "#include <stdio.h>\n\nstruct logger {\n\tFILE *out;\n\tint level;\n};\n\nstatic void row(FILE *out, const char *name, int qty)\n{\n\tfprintf(out, \"%-8s %4d\\n\", name, qty);\n}\n\nint main(void)\n{\n\tstruct logger log = { stdout, 1 };\n\n\trow(stdout, \"bolts\", 120);\n\tlog.out = log.level > 0 ? stderr : stdout;\n\tfputs(\"warning\\n\", log.out);\n\treturn 0;\n}\n",
      { name: "m" },
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.output).toContain("\tout == stderr ? pr_err(\"%-8s %4d\\n\", name, qty) : pr_info(\"%-8s %4d\\n\", name, qty);\n");
    expect(r.output).toContain("\tlog.out == stderr ? pr_err(\"warning\\n\") : pr_info(\"warning\\n\");\n");
    expect(r.output).toContain("\tstruct program_stream *out;\n");
  });
  it("splits a stream chosen where it is written, with no FILE * in the program", async () => {
    const r = await runAll('#include <stdio.h>\n#include <stdlib.h>\n\nstatic void usage(int status)\n{\n\tfprintf(status ? stderr : stdout, "usage: cs name\\n");\n\texit(status);\n}\n\nint main(int argc, char **argv)\n{\n\tif (argc < 2)\n\t\tusage(1);\n\tputs(argv[1]);\n\treturn 0;\n}\n', { name: "cs" });
    expect(r.diagnostics).toEqual([]);
    expect(r.output).toContain('\tstatus ? pr_err("usage: cs name\\n") : pr_info("usage: cs name\\n");\n');
    expect(r.output).not.toContain("program_stream");
  });
});
