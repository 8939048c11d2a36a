// An exit() in a branch the module build removes does not make its function one that can end the program.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = `#include <stdio.h>
#include <stdlib.h>

static int check(int n)
{
#ifdef _WIN32
\tif (n < 0)
\t\texit(1);
#endif
\treturn n * 2;
}

int main(void)
{
\tprintf("%d\\n", check(21));
\treturn 0;
}
`;

describe("exits in a removed #ifdef branch", () => {
  it("are neither ported nor make the helper track an exit status", async () => {
    const result = await translate(program, { name: "inactive_exit", fileName: "user.c" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.module).not.toContain("exit_error");
  });
});
