// exit() inside a #define body: refused where it stands when the macro is used (the module would keep an exit() it does not have), left alone when nothing uses the macro.
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";

const program = (use: string) => `#include <stdio.h>
#include <stdlib.h>

#define CHECK_ALLOC(p) do { \\
	if (!(p)) { \\
		perror("alloc"); \\
		exit(EXIT_FAILURE); \\
	} \\
} while (0)

int main(void)
{
	int *p = malloc(sizeof(int));

	${use}
	if (!p)
		return 1;
	*p = 7;
	printf("%d\\n", *p);
	free(p);
	return 0;
}
`;

describe("a call that ends the program inside a macro's body", () => {
  it("is written out where the macro is used (ending-macros-expanded), and ports as an exit there", async () => {
    const r = await translate(program("CHECK_ALLOC(p);"), { name: "m", fileName: "f.c" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).not.toContain("#define CHECK_ALLOC");
    expect(r.module).toContain("/* CHECK_ALLOC() is written out where it is used. */\n\n\n\n\n\n");
    expect(r.module).toContain('do { if (!(p)) { pr_err("alloc: Cannot allocate memory\\n"); return -ENOMEM; } } while (0);');
  });

  it("is refused with K1008 at the call, naming the macro, where a use cannot be written out (the macro has two definitions)", async () => {
    const twice = program("CHECK_ALLOC(p);").replace("#define CHECK_ALLOC(p) do", "#ifdef QUIET\n#define CHECK_ALLOC(p) do { if (!(p)) exit(2); } while (0)\n#else\n#define CHECK_ALLOC(p) do").replace("} while (0)\n\nint main", "} while (0)\n#endif\n\nint main");
    const r = await translate(twice, { name: "m", fileName: "f.c" });
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.code === "K1008");
    expect(d?.message).toBe("exit() in the body of the macro CHECK_ALLOC ends the program wherever CHECK_ALLOC is used, which kernelize cannot make an error path yet");
    expect(d?.range).toMatchObject({ line: 5, column: 39 });
  });

  it("is left alone where nothing uses the macro", async () => {
    const r = await translate(program("/* unchecked */"), { name: "m" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
  });

  it("is written out too where the body calls a function of the program's that can end it, whose error is then checked at the use", async () => {
    const code =
      '#include <stdio.h>\n#include <stdlib.h>\n\nstatic void *xmalloc(size_t n)\n{\n\tvoid *p = malloc(n);\n\n\tif (!p)\n\t\texit(1);\n\treturn p;\n}\n\n#define NEW(T) ((T *)xmalloc(sizeof(T)))\n\nint main(void)\n{\n\tint *a = NEW(int);\n\n\t*a = 1;\n\tprintf("%d\\n", *a);\n\tfree(a);\n\treturn 0;\n}\n';
    const r = await translate(code, { name: "m", fileName: "f.c" });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    expect(r.module).toContain("\tint *a = ((int *)xmalloc(sizeof(int)));\n\tif (exit_error)\n\t\treturn exit_error;\n");
  });
});
