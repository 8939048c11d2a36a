// Names of any length: no pattern is made of the program's identifiers, so a 40,000-character name ports as a short one does.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { translate } from "../../src/index.js";
import { repoRoot } from "../helpers/paths.js";

/** V8 refuses a regular expression whose source passes about 32,768 characters: a name longer than that crashed the port (issue 17). */
const HUGE = `q${"x".repeat(40_000)}`;
const SHORT = "qshort";

/**
 * Each program puts the name @ where one analysis or rule used to build a pattern out of it: the
 * function pointer of output-lines, the unused local, the const local sizing an array, the
 * function-defining macro and its parameter, a min() macro, atexit's handler, argc, a saved errno,
 * a function the kernel lacks.
 */
const programs: Record<string, string> = {
  "a function whose address is taken, and output without a newline": `#include <stdio.h>

static void @(int x)
{
	printf("%d", x);
}

int main(void)
{
	void (*show)(int) = @;

	show(3);
	printf("\\n");
	return 0;
}
`,
  "an unused local, and a const local that sizes an array": `#include <stdio.h>
#include <string.h>

int main(void)
{
	int @;
	const int @_size = 8;
	char buffer[@_size];

	memset(buffer, 0, sizeof(buffer));
	printf("%zu\\n", sizeof(buffer));
	return 0;
}
`,
  "a macro that defines functions, with a parameter of that name": `#include <stdio.h>

#define @(name, @) int times_##name(int x) { return (@) * x; }
@(four, 4)

int main(void)
{
	printf("%d\\n", times_four(2));
	return 0;
}
`,
  "a min() macro": `#include <stdio.h>

#define @(a, b) ((a) < (b) ? (a) : (b))

int main(void)
{
	printf("%d\\n", @(3, 4));
	return 0;
}
`,
  "an atexit() handler": `#include <stdio.h>
#include <stdlib.h>

static void @(void)
{
	printf("bye\\n");
}

int main(void)
{
	atexit(@);
	printf("hello\\n");
	return 0;
}
`,
  "argc and argv": `#include <stdio.h>
#include <stdlib.h>

int main(int @, char **argv)
{
	int count = 3;

	if (@ > 1)
		count = atoi(argv[1]);
	printf("%d\\n", count);
	return 0;
}
`,
  "a helper that saves errno and exits": `#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static void fail(const char *what)
{
	int @ = errno;

	fprintf(stderr, "%s failed\\n", what);
	errno = @;
	exit(1);
}

int main(void)
{
	char *p = malloc(10);

	if (!p)
		fail("malloc");
	free(p);
	return 0;
}
`,
  "a call to a function the kernel lacks": `#include <stdio.h>

int main(void)
{
	@(1);
	return 0;
}
`,
};

describe("a 40,000-character identifier", () => {
  it.each(Object.entries(programs))("%s: ports as the same program with a short name", async (_what, program) => {
    const short = await translate(program.replaceAll("@", SHORT), { name: "demo" });
    const huge = await translate(program.replaceAll("@", HUGE), { name: "demo" });
    const said = (r: typeof short) => r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.message.replaceAll(HUGE, SHORT)}`);
    expect(said(huge)).toEqual(said(short));
    expect(huge.module?.replaceAll(HUGE, SHORT)).toBe(short.module);
  });
});

describe("patterns made at run time", () => {
  it("are made only of kernelize's own lists, never of a name from the program", () => {
    // Each place that builds a pattern, and what it builds it from; a new one is a name from the
    // program until shown otherwise (use src/core/words.ts instead).
    const ownLists: Record<string, string> = {
      "src/emit/explain/inline.ts": "CODE_SHAPES",
      "src/rules/c11-header-macros-to-keywords.ts": "the <stdalign.h>/<stdnoreturn.h>/<uchar.h> macro names",
      "src/rules/stdint-limits-to-kernel-limits.ts": "the <stdint.h> limit names",
      "src/rules/kernel-macro-clash-undef.ts": "KERNEL_MACROS",
      "src/rules/library-definitions.ts": "the type names of the library definitions",
      "src/verify/doctor.ts": "os-release field names",
      "src/analysis/kernel-clashes.ts": "KERNEL_OBJECT_MACROS",
      "src/rules/div-ldiv-defined.ts": "FAMILY's div_t, ldiv_t and lldiv_t",
      "src/analysis/portability.ts": "REFUSED_TYPES, the refusal table's type names",
    };
    const found = new Set<string>();
    for (const file of readdirSync(join(repoRoot, "src"), { recursive: true }) as string[]) {
      if (!file.endsWith(".ts")) continue;
      if (/new RegExp\(/.test(readFileSync(join(repoRoot, "src", file), "utf8"))) found.add(`src/${file}`);
    }
    expect([...found].sort()).toEqual(Object.keys(ownLists).sort());
  });
});
