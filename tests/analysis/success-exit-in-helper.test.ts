// exit(0) inside a helper ends the program with success from deep inside it, and exit(status) may:
// a flag beside the error channel says the program ended, and init returns the channel, 0 for success.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (status: string) => `#include <stdio.h>
#include <stdlib.h>

static void finish(int n)
{
	if (n > 2) {
		printf("enough\\n");
		exit(${status});
	}
}

int main(void)
{
	int i;

	for (i = 0; i < 5; i++) {
		printf("%d\\n", i);
		finish(i);
	}
	return 1;
}
`;

describe("a helper that ends the program with success", () => {
  it.each([["0"], ["EXIT_SUCCESS"]])("exit(%s) sets the ended flag and leaves the channel 0; main() tests the flag and returns the channel", async (status) => {
    const r = await translate(program(status), { name: "m", fileName: "f.c" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("static bool program_ended;\n/* How it ended: 0 for success, or a negative errno. */\nstatic int exit_error;");
    expect(r.module).toContain('\t\tpr_info("enough\\n");\n\t\tprogram_ended = true;\n\t\treturn;\n');
    expect(r.module).not.toContain("exit_error = ");
    expect(r.module).toMatch(/finish\(i\);\n\t\tif \(program_ended\)\n\t\t\treturn exit_error;/);
  });

  it("exit(n) with n known only at run time leaves ((n) & 0xff) ? -EINVAL : 0", async () => {
    const r = await translate(program("n - 3"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("exit_error = ((n - 3) & 0xff) ? -EINVAL : 0;\n\t\tprogram_ended = true;");
  });

  it("a choice among constants keeps its arms", async () => {
    const r = await translate(program("n > 3 ? 2 : 0"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("exit_error = n > 3 ? -EINVAL : 0;");
  });

  it("a helper's failing exit(1) still becomes an error return, with no flag", async () => {
    const r = await translate(program("1"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("exit_error = -EINVAL;");
    expect(r.module).not.toContain("program_ended");
  });

  it("the flag's name does not take one the program uses", async () => {
    const r = await translate(`static int program_ended;\n${program("0")}`, { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("static bool program_ended2;");
  });
});
