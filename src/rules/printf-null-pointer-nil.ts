// printf("%p", NULL) prints "(nil)" in the C library and sixteen zeros in the kernel: %p goes through a module function that prints NULL as the C library does.
import { defineRule } from "../core/rule.js";
import { defineBeforeFirstFunction, freshName, wordsOf } from "./added-code.js";
import { formattedCalls } from "./format-conversions.js";

export default defineRule({
  id: "printf-null-pointer-nil",
  summary: "%p goes through a module function that prints a NULL pointer as \"(nil)\", as the C library does",
  explanation: [
    "glibc prints a NULL pointer under %p as (nil); the kernel's vsnprintf() prints NULL as it is, 0000000000000000 on a 64-bit kernel. A program that prints argv[argc] or the end of a list prints the word, and the module should too.",
    "Each %p is formatted by a small static function of the module's: (nil) for NULL, with the conversion's width and '-' flag, and the kernel's own %p for any other pointer, printed with %s. The argument is evaluated once, as a parameter.",
    "Other pointers cannot print the same in both: the C library prints the address (0x55…), which changes from run to run, and printk() prints a hash of it so that kernel addresses stay out of the log.",
  ].join(" "),
  docs: ["https://docs.kernel.org/core-api/printk-formats.html#pointer-types", "https://en.cppreference.com/w/c/io/fprintf"],
  headers: ["linux/kernel.h"],
  safety: "safe",
  run(ctx) {
    const { program, source } = ctx.facts;
    const taken = wordsOf(source);
    let helper: string | undefined;
    let widest = 0;
    for (const { conversions } of formattedCalls(program)) {
      for (const c of conversions) {
        // A letter after %p makes it one of printk()'s pointer extensions, which printk-formats refuses.
        if (c.letter !== "p" || c.length !== "" || c.precision !== undefined || /[A-Za-z0-9]/.test(source[c.end] ?? "")) continue;
        helper ??= freshName(["pointer_text"], taken);
        widest = Math.max(widest, Number(c.width || 0));
        const flags = c.flags.includes("-") ? "-" : "";
        ctx.replace({ start: c.start, end: c.end }, "%s");
        ctx.insert(c.argument.startIndex, `${helper}(`);
        ctx.insert(c.argument.endIndex, `, "%${flags}${c.width}p", "%${flags}${c.width}s").text`);
      }
    }
    if (!helper) return;
    const text = `/* %p as the C library prints NULL, "(nil)"; any other pointer as the kernel prints it. */
struct ${helper} {
\tchar text[${Math.max(32, widest + 8)}];
};

static struct ${helper} ${helper}(const void *p, const char *pointer, const char *nil)
{
\tstruct ${helper} t;

\tif (p)
\t\tsnprintf(t.text, sizeof(t.text), pointer, p);
\telse
\t\tsnprintf(t.text, sizeof(t.text), nil, "(nil)");
\treturn t;
}
`;
    if (defineBeforeFirstFunction(ctx, text)) ctx.use();
  },
});
