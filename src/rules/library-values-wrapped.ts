// A C library function passed as a value (`int (*emit)(const char *) = puts;`) becomes a function of the program's that calls it, which the later phases port as any other call.
import { valueReferences } from "../analysis/indirect-calls.js";
import { defineRule } from "../core/rule.js";
import { freshName, wordsOf } from "./added-code.js";
import { defineWhereUsed } from "./library-definitions.js";

/** The library functions the port turns into a macro or into a call of another shape, with the type and call a wrapper keeps. */
const WRAPPABLE: Readonly<Record<string, { returns: string; parameters: string; call: string }>> = {
  puts: { returns: "int", parameters: "const char *s", call: "puts(s)" },
  putchar: { returns: "int", parameters: "int c", call: "putchar(c)" },
  abs: { returns: "int", parameters: "int v", call: "abs(v)" },
  labs: { returns: "long", parameters: "long v", call: "labs(v)" },
  atoi: { returns: "int", parameters: "const char *s", call: "atoi(s)" },
  atol: { returns: "long", parameters: "const char *s", call: "atol(s)" },
};

export default defineRule({
  id: "library-values-wrapped",
  summary: "puts, putchar, abs and the like passed as a value (a callback, a function pointer's value) become a function of the module's that calls them",
  explanation: [
    "A program can hand a library function to its own code as a value: `int (*emit)(const char *) = puts;`, `apply(v, n, abs)`. The port makes most library calls into something else: puts(s) becomes pr_info(\"%s\\n\", s), abs() is a macro in the kernel, and a macro, or a call rewritten at its call site, has no address to take.",
    "So where the program names such a function without calling it, the module gets a small function of the same type whose body calls it, puts_function() for puts, defined before its first use, and the program passes that instead. The call in its body is then ported like every other call of the program: the output goes to the kernel log as the program's own puts() calls do.",
  ].join(" "),
  docs: ["https://en.cppreference.com/w/c/language/pointer#Pointers_to_functions"],
  headers: [],
  safety: "safe",
  wantedIn: (text) => /\b(?:puts|putchar|abs|labs|atoi|atol)\b(?!\s*\()/.test(text),
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
      const text = `/* ${name}() as a value: a function the module can pass, whose call is ported as the program's others are. */\nstatic ${w.returns} ${wrapper}(${w.parameters})\n{\n\treturn ${w.call};\n}\n`;
      return { functions: [], text, uses: references.filter((r) => r.name === name).map((r) => r.node.startIndex) };
    });
    defineWhereUsed(ctx, definitions);
  },
});
