// printf("%08.3d", n) and printf("%-05d", n): a 0 flag the C library ignores goes, since the kernel's printf() zero-pads where glibc pads with spaces, and gcc warns about it.
import { defineRule } from "../core/rule.js";
import { formattedCalls, ignoresZeroFlag } from "./format-conversions.js";

export default defineRule({
  id: "printf-ignored-zero-flag-removed",
  summary: "a 0 flag the C library ignores (%08.3d, %-05d) is removed from the format, which the kernel's printf() would otherwise honour",
  explanation: [
    "The 0 flag pads a number with zeros up to the field's width, but C says it does nothing beside the - flag (the field is left-justified, padded on the right with spaces) or, for an integer conversion, when a precision is given (the precision says how many digits to write, and spaces pad the rest): glibc prints printf(\"[%08.3d]\", 42) as [     042].",
    "The kernel's vsnprintf() ignores it beside - but honours it with a precision, so the same call logs [00000042]; and gcc's format check, which the kernel build runs, warns \"'0' flag ignored\" about both.",
    "So the flag goes: the conversion prints what the program printed, and the module builds without the warning.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/io/fprintf", "https://elixir.bootlin.com/linux/v6.1/source/lib/vsprintf.c"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /%[-+ #0]*(?:-[-+ #0]*0|0[-+ #0]*-|0[-+ #]*\d*\.)/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    for (const { conversions } of formattedCalls(program)) {
      for (const c of conversions) {
        // A conversion another rule rewrote (printf-alternate-hex-zero's) leaves the flag out there itself.
        if (!ignoresZeroFlag(c) || ctx.claimed(c.start, c.end)) continue;
        const text = source.slice(c.start, c.end);
        ctx.replace({ start: c.start, end: c.end }, `%${c.flags.replace(/0/g, "")}${text.slice(1 + c.flags.length)}`);
      }
    }
  },
});
