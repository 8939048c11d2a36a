// strerror() is defined in the module with the C library's text for each errno value, "Unknown error N" for any other.
import { errnoTextOf, ERRNO_TEXTS } from "../analysis/errno-texts.js";
import { moduleErrno } from "../analysis/module-errno.js";
import { defineRule } from "../core/rule.js";
import { callArguments, unparenthesize } from "../core/syntax.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";

/** Names that are another's value in Linux's headers: their text is that name's. */
const ALIASES: Readonly<Record<string, string>> = { EWOULDBLOCK: "EAGAIN", EDEADLOCK: "EDEADLK" };

export default defineRule({
  id: "strerror-defined",
  summary: "strerror() is defined in the module: the C library's text for each errno value the program can pass, and \"Unknown error N\" for any other",
  explanation: [
    "The kernel has no strerror(): its errors are negative numbers, which printk() can print by name with %pe, but not in the C library's words.",
    "A program's strerror(ENOMEM) printed \"Cannot allocate memory\", so the module defines strerror() with the C library's text for each value: only those the program can pass where every argument is an errno constant or errno itself, where the module keeps an errno of its own (errno-to-module-variable) and the program stores only constants in it (0, the strtol() family's EINVAL and ERANGE, and those the program stores, `errno = ENOMEM;`), else every value Linux defines. The numbers are the kernel's own (user space takes them from its headers), so a table indexed by them gives the same text; any other value gives \"Unknown error N\", as glibc does, written into a buffer of the module's.",
    "strerror(errno) where errno could hold what the module does not reproduce (a failed malloc()'s ENOMEM) is refused with errno itself.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/string/byte/strerror", "https://docs.kernel.org/core-api/printk-formats.html#error-pointers"],
  headers: ["linux/errno.h", "linux/kernel.h"],
  handles: ["strerror"],
  safety: "safe",
  wantedIn: (text) => text.includes("strerror"),
  run(ctx) {
    const { program, source } = ctx.facts;
    const calls = program.libraryCallsNamed(new Set(["strerror"]));
    if (calls.length === 0) return;
    let errno: ReturnType<typeof moduleErrno> | null | undefined = null;
    const names = new Set<string>();
    let every = false;
    let refused = false;
    for (const c of calls) {
      const argument = callArguments(c.call)[0];
      const text = argument ? unparenthesize(argument).text : "";
      if (text === "errno") {
        if (errno === null) errno = moduleErrno(program, ctx.facts.flow, undefined, ctx.facts.names.init, ctx.facts.portabilityChecked);
        if (!errno) {
          refused = true;
          ctx.report("K1003", "strerror(errno) has no kernel counterpart here: errno may hold a value the module does not reproduce", c.callee, {
            note: "kernelize gives the module an errno only where no read of it can see what a failed allocation left there (ENOMEM, which kmalloc() does not set); store errno after the allocation's test, or print the text of the error the program's own test found",
          });
          continue;
        }
        if (errno.values) for (const v of errno.values) names.add(ALIASES[v] ?? v);
        else every = true;
      } else if (/^E[A-Z0-9]+$/.test(text) && errnoTextOf(ALIASES[text] ?? text) !== undefined) {
        names.add(ALIASES[text] ?? text);
      } else every = true;
    }
    if (refused) return;
    const taken = wordsOf(source);
    const table = freshName(["strerror_texts", "c_strerror_texts"], taken);
    const buffer = freshName(["unknown", "unknown_error"], taken);
    const entries = every ? ["0", ...ERRNO_TEXTS.map(([, name]) => name)] : [...names].sort((a, b) => number(a) - number(b));
    const lines = entries.map((name) => `\t[${name}] = "${name === "0" ? "Success" : errnoTextOf(name)}",\n`).join("");
    const text = `/* The C library's text for ${every ? "each errno value" : "each errno value the program passes to strerror()"}. */
static const char *const ${table}[] = {
${lines}};

/* strerror() as the C library has it: the text of an errno value, "Unknown error N" for any other. */
static char *strerror(int errnum)
{
\tstatic char ${buffer}[32];

\tif (errnum >= 0 && errnum < (int)ARRAY_SIZE(${table}) && ${table}[errnum])
\t\treturn (char *)${table}[errnum];
\tsnprintf(${buffer}, sizeof(${buffer}), "Unknown error %d", errnum);
\treturn ${buffer};
}
`;
    if (defineBeforeFirstFunction(ctx, text)) ctx.use();
  },
});

/** An errno name's number, for the table's order (0 first). */
function number(name: string): number {
  return name === "0" ? 0 : (ERRNO_TEXTS.find(([, n]) => n === name)?.[0] ?? Infinity);
}
