// Where a program reads errno, the module keeps an errno of its own, set by the strto*() functions it defines with the C library's overflow rule.
import { ERRNO_SETTING_CONVERSIONS, moduleErrno } from "../analysis/module-errno.js";
import { defineRule } from "../core/rule.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";
import { DECIMAL_PARSERS, parserDefinitions } from "./parser-definitions.js";

export default defineRule({
  id: "errno-to-module-variable",
  summary: "a program that reads errno gets a module-local errno, set to ERANGE or EINVAL by the strtol() family the module defines",
  explanation: [
    "The kernel has no errno: its functions return a negative error code instead. A program that clears errno, calls strtol() and tests `errno == ERANGE` asks a question the kernel's parsers answer differently (kstrtol() fails on overflow, simple_strtol() ignores it), so the port keeps the program's own question.",
    "Every errno the program mentions becomes one static int of the module's (renamed, not #defined, so the kernel's headers cannot meet it), and the strtol() family the program calls (strtol, strtoll, strtoul, strtoull, and strtoimax and strtoumax, which are strtol and strtoul where intmax_t is long) is defined in the module with the C library's rules: leading white space and a sign, the 0x and 0 prefixes for base 0 or 16, bases up to 36, the end pointer after the last digit (or at the start when there is none), and on overflow the type's limit with errno set to ERANGE; an invalid base sets EINVAL. atoi(), atol() and atoll(), which are strtol() and strtoll() in base 10 in the C library, are defined on them and set errno the same way.",
    "This is only done where every value a read of errno can see is one the module reproduces. A failed malloc() sets ENOMEM, and kmalloc() sets nothing, so in a program that also allocates each read is followed back along the flow: on every path to it, errno was stored (`errno = 0;` before a strtol()) after the last allocation, and after the last call of a function of the program that can return with what an allocation left (one that stores errno itself after its allocation's test, `if (!p) { errno = ENOMEM; return -1; }`, cannot), or of a macro that calls one. A read an allocation's failure can reach keeps its refusal (K1006). strerror() of it is strerror-defined's.",
    "A module-local variable is shared by everything in the module, as errno is by a single-threaded program; it is not per-thread, which a module that runs its code from several threads would need.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/error/errno", "https://en.cppreference.com/w/c/string/byte/strtol", "https://docs.kernel.org/core-api/kernel-api.html#c.kstrtol"],
  headers: ["linux/errno.h", "linux/limits.h"],
  safety: "review",
  run(ctx) {
    const { program, source } = ctx.facts;
    const errno = moduleErrno(program, ctx.facts.flow, undefined, ctx.facts.names.init, ctx.facts.portabilityChecked);
    if (!errno) return;
    const taken = wordsOf(source);
    const variable = freshName(["program_errno"], taken);
    for (const use of errno.uses) ctx.replace(use, variable);
    // atoi(), atol() and atoll() are strtol() and strtoll() in the C library, and set errno as they do.
    const called = [...ERRNO_SETTING_CONVERSIONS, ...Object.keys(DECIMAL_PARSERS)].filter((name) => program.libraryCallsNamed(new Set([name])).length > 0);
    const pieces = [`/* The C library's errno, for this module alone, set as the C library sets it. */\nstatic int ${variable};\n`];
    if (called.length > 0) pieces.push(parserDefinitions(called, taken, variable));
    if (defineBeforeFirstFunction(ctx, pieces.join("\n"))) ctx.use();
  },
});
