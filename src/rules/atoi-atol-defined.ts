// atoi(), atol() and atoll() keep their calls; the module defines them, on its own strtol(), as the C library does.
import { moduleErrno } from "../analysis/module-errno.js";
import { defineRule } from "../core/rule.js";
import { defineBeforeFirstFunction, wordsOf } from "./added-code.js";
import { keptInC } from "./atoi-strtol-to-kstrto.js";
import { DECIMAL_PARSERS, parserDefinitions } from "./parser-definitions.js";

export default defineRule({
  id: "atoi-atol-defined",
  summary: "atoi(), atol() and atoll() keep their calls; the module defines them as strtol() in base 10, the C library's definition, and strtol() itself (and its siblings) where a call of it stays as written",
  explanation: [
    "atoi(s) is (int)strtol(s, NULL, 10) in the C library: it skips leading white space, takes one sign, reads decimal digits and stops at the first character that is not one, so \" -12abc\" gives -12 and \"abc\" gives 0. It has no way to say that the text was not a number.",
    "The kernel's parsers answer differently: kstrtoint() fails on the white space and on the trailing letters, and simple_strtol() does not skip white space. Since atoi() cannot report an error, a port that checks one would only change the numbers the program computes.",
    "So the calls stay, and the module defines atoi() (atol(), atoll()) on a strtol() of its own, the same definition the port uses where a program reads errno (errno-to-module-variable): white space, sign, the digits, and on overflow the limit of long, which atoi() then converts to int as the C library's does.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/string/byte/atoi", "https://en.cppreference.com/w/c/string/byte/strtol"],
  headers: ["linux/limits.h"],
  safety: "safe",
  handles: Object.keys(DECIMAL_PARSERS),
  run(ctx) {
    const { program, source } = ctx.facts;
    // A program that reads errno gets these with the rest of its parsers, from errno-to-module-variable.
    if (moduleErrno(program, ctx.facts.flow, undefined, ctx.facts.names.init, ctx.facts.portabilityChecked)) return;
    // atoi() and its siblings, and the strto*() calls atoi-strtol-to-kstrto kept in their C form.
    const called = [...Object.keys(DECIMAL_PARSERS).filter((name) => program.libraryCallsNamed(new Set([name])).length > 0), ...(keptInC.get(ctx.facts) ?? [])];
    if (called.length === 0) return;
    if (defineBeforeFirstFunction(ctx, parserDefinitions(called, wordsOf(source)))) ctx.use();
  },
});
