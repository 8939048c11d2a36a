// sscanf() and vsscanf() keep their names: the kernel's lib/vsprintf.c has both, for the integer and string conversions.
import { defineRule } from "../core/rule.js";
import { callArguments } from "../core/syntax.js";

export default defineRule({
  id: "sscanf-kept",
  summary: "sscanf(s, fmt, ...) and vsscanf(s, fmt, ap) stay as they are",
  explanation: [
    "Reading values out of a string needs no file: the kernel has sscanf() and vsscanf() (lib/vsprintf.c, declared through <linux/kernel.h>), with the C library's arguments and return value, the number of conversions made.",
    "They read integers (%d, %i, %u, %o, %x with the hh, h, l, ll and z lengths), characters (%c), words (%s) and %n, with field widths and * for a value read and not stored where a blank follows it in the format (the kernel skips such a field by passing over the input up to its next blank, which is the C library's reading only there: `%*d %d` reads as the C library does, `%*d:%d` does not and stops the port).",
    "They have no floating point; a format that uses it stops the port. Scan sets (%15[^=]) they read as the C library does where a field width bounds them, the set names its characters one by one (the kernel reads no ranges such as a-z) and does not begin with ], and nothing is read without being stored (%*[): other scan sets stop the port.",
  ].join(" "),
  docs: ["https://elixir.bootlin.com/linux/v6.1/source/lib/vsprintf.c"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  calls: ["sscanf", "vsscanf"],
  rewrite({ call, name }, ctx) {
    const format = callArguments(call)[1];
    if (format?.type === "string_literal") {
      for (const m of format.text.matchAll(/%(?:%|\*?\d*(?:hh|h|ll|l|z|j|t|L)?([^\sdiuoxXcsn%0-9hlzjtL*]))/g)) {
        if (!m[1]) continue;
        if (m[1] === "[") {
          const problem = scanSetProblem(format.text.slice(m.index), m[0]);
          if (!problem) continue;
          ctx.report("K2150", `${m[0]} in ${name}()'s format: ${problem}`, format, { note: "read the word with %s and check its characters yourself, or give the scan set a width and list its characters one by one" });
          return;
        }
        ctx.report("K2150", `${m[0]} in ${name}()'s format is a conversion the kernel's ${name}() does not have`, format, {
          note: m[1] === "[" ? "read the word with %s and check its characters yourself" : "the kernel has no floating point; read the number as integers (the whole and the fraction apart)",
        });
        return;
      }
      // %*d: the kernel's vsscanf() does not read the field it skips, but passes over the text up
      // to the next blank in the input and the format alike; the same only where a blank (or the
      // format's end) follows in the format, as in "%*d %d".
      const body = format.text.slice(1, -1).replace(/%%/g, "  ");
      for (const m of body.matchAll(/%\*\d*(?:hh|h|ll|l|z|j|t|L)?[diouxXcs]/g)) {
        const next = body[m.index + m[0].length];
        if (next === undefined || /\s/.test(next) || (next === "\\" && /^\\[ntvfr]/.test(body.slice(m.index + m[0].length)))) continue;
        ctx.report("K2150", `${m[0]} followed by '${next}' in ${name}()'s format: the kernel's ${name}() skips a suppressed field by passing over the input up to its next blank, not by reading the field`, format, {
          note: "read the field into a variable you do not use (%d with &unused), or put a blank after the suppressed conversion where the input has one",
        });
        return;
      }
    }
    ctx.use();
  },
});

/**
 * Why the kernel's vsscanf() would read a scan set otherwise than the C library (lib/vsprintf.c:
 * a field width is required, no ranges, no ] in the set, no %*[), or undefined where it reads it the same.
 */
function scanSetProblem(rest: string, spec: string): string | undefined {
  if (spec.startsWith("%*")) return "the kernel's sscanf() does not skip a scan set (%*[)";
  if (!/^%\d+\[/.test(spec)) return "the kernel's sscanf() needs a field width on a scan set";
  const body = /^%\d+\[(\^?)([^\]]*)\]/.exec(rest);
  if (!body || body[2] === "") return "the kernel's sscanf() cannot match ] in a scan set";
  if (/.-./.test(body[2])) return "the kernel's sscanf() reads a - in a scan set as itself, not as a range";
  return undefined;
}
