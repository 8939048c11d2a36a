// A C library function passed as a value (`int (*emit)(const char *) = puts;`) becomes a function of the program's that calls it, which the later phases port as any other call.
import { valueReferences } from "../analysis/indirect-calls.js";
import { defineRule } from "../core/rule.js";
import { freshName, wordsOf } from "./added-code.js";
import { defineWhereUsed } from "./library-definitions.js";

/**
 * The library functions the port turns into a macro or into a call of another shape, with the type
 * and call a wrapper keeps; a variadic one (printf) hands its arguments on as a va_list to the
 * function's v- form, which is ported too.
 */
const WRAPPABLE: Readonly<Record<string, { returns: string; parameters: string; call: string; variadic?: string }>> = {
  puts: { returns: "int", parameters: "const char *s", call: "puts(s)" },
  putchar: { returns: "int", parameters: "int c", call: "putchar(c)" },
  fputs: { returns: "int", parameters: "const char *s, FILE *stream", call: "fputs(s, stream)" },
  fputc: { returns: "int", parameters: "int c, FILE *stream", call: "fputc(c, stream)" },
  putc: { returns: "int", parameters: "int c, FILE *stream", call: "putc(c, stream)" },
  printf: { returns: "int", parameters: "const char *format, ...", call: "vprintf(format, ap)", variadic: "format" },
  fprintf: { returns: "int", parameters: "FILE *stream, const char *format, ...", call: "vfprintf(stream, format, ap)", variadic: "format" },
  abs: { returns: "int", parameters: "int v", call: "abs(v)" },
  labs: { returns: "long", parameters: "long v", call: "labs(v)" },
  atoi: { returns: "int", parameters: "const char *s", call: "atoi(s)" },
  atol: { returns: "long", parameters: "const char *s", call: "atol(s)" },
};

/** The wrapper's body: the call, or for a variadic function its arguments made a va_list for the v- form. */
function wrapperBody(w: (typeof WRAPPABLE)[string]): string {
  if (!w.variadic) return `\treturn ${w.call};\n`;
  return `\tva_list ap;\n\tint n;\n\n\tva_start(ap, ${w.variadic});\n\tn = ${w.call};\n\tva_end(ap);\n\treturn n;\n`;
}

export default defineRule({
  id: "library-values-wrapped",
  summary: "a C library function passed as a value (printf, puts, putchar, abs and the like, as a callback or a function pointer's value) becomes a function of the module's that calls it",
  explanation: [
    "A program can hand a library function to its own code as a value: `int (*emit)(const char *) = puts;`, `apply(v, n, abs)`. The port makes most library calls into something else: puts(s) becomes pr_info(\"%s\\n\", s), abs() is a macro in the kernel, and a macro, or a call rewritten at its call site, has no address to take.",
    "So where the program names such a function without calling it, the module gets a small function of the same type whose body calls it, puts_function() for puts, defined before its first use, and the program passes that instead; for printf() and fprintf(), which take any number of arguments, the body hands them on as a va_list to vprintf() and vfprintf(). The call in its body is then ported like every other call of the program: the output goes to the kernel log as the program's own puts() and printf() calls do.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/pointer#Pointers_to_functions"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\b(?:puts|putchar|fputs|fputc|putc|printf|fprintf|abs|labs|atoi|atol)\b(?!\s*\()/.test(text),
  run(ctx) {
    const { program, source } = ctx.facts;
    const names = new Set(Object.keys(WRAPPABLE).filter((n) => !program.functions.has(n) && !program.macros.has(n)));
    const references = valueReferences(program, names);
    if (references.length === 0) return;
    const taken = wordsOf(source);
    const wrappers = new Map<string, string>();
    for (const r of references) {
      if (!wrappers.has(r.name)) wrappers.set(r.name, freshName([`${r.name}_function`], taken));
      ctx.replace(r.node, wrappers.get(r.name)!);
    }
    const definitions = [...wrappers].map(([name, wrapper]) => {
      const w = WRAPPABLE[name]!;
      const text = `/* ${name}() as a value: a function the module can pass, whose call is ported as the program's others are. */\nstatic ${w.returns} ${wrapper}(${w.parameters})\n{\n${wrapperBody(w)}}\n`;
      return { functions: [], text, uses: references.filter((r) => r.name === name).map((r) => r.node.startIndex) };
    });
    defineWhereUsed(ctx, definitions);
  },
});
